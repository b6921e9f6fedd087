package dev.parley.api.spi;

import java.util.Optional;

/**
 * Logs users in with an identity the host application owns, such as its JWTs or its own session
 * cookies. The engine's own {@code password} and {@code token} schemes need no authenticator.
 *
 * <p>The engine calls {@link #authenticate} off the transports' I/O threads, so it may block, for
 * example to fetch a key set. Implementations are thread-safe.
 */
public interface Authenticator extends ChatExtension {

    /** The login scheme this authenticator handles, for example {@code jwt}. */
    String scheme();

    /**
     * Checks the credentials.
     *
     * @return who the client is, or empty if the credentials are not valid
     */
    Optional<Identity> authenticate(AuthRequest request);

    /**
     * Whether a user this authenticator admits, but whom Parley does not know yet, is created on
     * first login. Defaults to false: unknown users are refused.
     */
    default boolean provisionsUsers() {
        return false;
    }
}
