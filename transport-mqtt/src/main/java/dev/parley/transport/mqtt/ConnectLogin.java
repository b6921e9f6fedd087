package dev.parley.transport.mqtt;

import dev.parley.api.spi.AuthRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Turns a CONNECT's user name and password into a login, so that MQTT logs in through the engine's
 * own schemes and throttles:
 * <ul>
 *   <li>a Parley username and its password: the {@code password} scheme;</li>
 *   <li>the user name {@code $token} and a login token as the password: the {@code token} scheme;</li>
 *   <li>the user name {@code $<scheme>}, such as {@code $jwt}, and the credential as the password: that
 *       authenticator's scheme, the password given as the credential named after the scheme (the
 *       JWT authenticator's default).</li>
 * </ul>
 * Parley usernames never start with {@code $}, so the forms cannot be confused.
 */
final class ConnectLogin {

    private ConnectLogin() {
    }

    /** The login a CONNECT asks for, or null if it has no user name (an anonymous connection). */
    static AuthRequest of(String userName, byte[] password, String remoteAddress) {
        if (userName == null) {
            return null;
        }
        String secret = password == null ? "" : new String(password, StandardCharsets.UTF_8);
        if (userName.startsWith("$") && userName.length() > 1) {
            String scheme = userName.substring(1);
            return new AuthRequest(scheme, Map.of(scheme, secret), remoteAddress);
        }
        return new AuthRequest("password", Map.of("username", userName, "password", secret), remoteAddress);
    }
}
