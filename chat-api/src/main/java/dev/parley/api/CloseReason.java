package dev.parley.api;

/**
 * The reasons the engine and its transports give for closing a connection: the {@code reason} of the
 * {@code closing} event that docs/protocol.md lists, and the argument of
 * {@link dev.parley.api.spi.Connection#close(String)}. Reasons are strings on the wire and in the API,
 * so that a host may close sessions for a reason of its own; these are the ones Parley itself uses,
 * and code that must tell them apart compares against these constants.
 */
public final class CloseReason {

    /** The session's token was revoked: {@code logout}, {@code logout everywhere} or an admin's revocation. */
    public static final String LOGGED_OUT = "logged_out";
    /** An admin disabled the user's account. */
    public static final String ACCOUNT_DISABLED = "account_disabled";
    /** An admin deleted the user's account. */
    public static final String ACCOUNT_DELETED = "account_deleted";
    /**
     * The peer did not read fast enough and its queue filled up. No {@code closing} event is sent,
     * since it would wait behind the queue; the transport cuts the connection at once.
     */
    public static final String SLOW_CONSUMER = "slow_consumer";
    /** The server is going away. */
    public static final String SERVER_SHUTDOWN = "server_shutdown";
    /** Too many unreadable frames in a row. */
    public static final String ABUSIVE = "abusive";
    /** A frame too long for the transport to read to its end, such as a TCP line past the limit. */
    public static final String TOO_LARGE = "too_large";
    /** Nothing was received for the transport's idle timeout. */
    public static final String IDLE_TIMEOUT = "idle_timeout";
    /** The peer's address already holds the most connections allowed. */
    public static final String TOO_MANY_CONNECTIONS = "too_many_connections";
    /** The connection ended; a logged-in session ends with it. Never sent: the peer is gone. */
    public static final String DISCONNECTED = "disconnected";
    /**
     * The peer does not speak the transport's framing at all, such as plaintext sent to a TLS port.
     * Never sent as a {@code closing} event; the peer gets one error and is disconnected.
     */
    public static final String NOT_THE_PROTOCOL = "not_the_protocol";

    private CloseReason() {
    }
}
