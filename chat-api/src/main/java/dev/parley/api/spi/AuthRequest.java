package dev.parley.api.spi;

import java.util.Map;
import java.util.Objects;

/**
 * A login attempt, as the client sent it.
 *
 * @param scheme        how the client proves who it is: {@code password}, {@code token}, or the
 *                      {@link Authenticator#scheme()} of a plugin such as {@code jwt}
 * @param credentials   what the scheme needs, for example {@code username} and {@code password}; values
 *                      are secrets and must never be logged
 * @param remoteAddress the client's address, for throttling and logs, or null
 */
public record AuthRequest(String scheme, Map<String, String> credentials, String remoteAddress) {

    /** Checks the fields and copies the credentials. */
    public AuthRequest {
        Objects.requireNonNull(scheme, "scheme");
        credentials = Map.copyOf(credentials);
    }

    /** A credential by name, or null. */
    public String credential(String name) {
        return credentials.get(name);
    }

    /** Leaves the credentials out, so that a log line never shows them. */
    @Override
    public String toString() {
        return "AuthRequest[scheme=" + scheme + ", credentials=" + credentials.keySet() + ", remoteAddress="
                + remoteAddress + "]";
    }
}
