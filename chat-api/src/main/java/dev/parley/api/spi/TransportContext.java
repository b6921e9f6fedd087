package dev.parley.api.spi;

/**
 * The engine's side of a {@link Transport}: where connections are announced, and everything else a
 * transport needs of the engine, so that a transport depends on this interface alone. Thread-safe.
 */
public interface TransportContext {

    /**
     * Announces a new connection and returns the handler for the frames it receives. The transport
     * calls the handler from its own threads, one frame at a time per connection; the engine never
     * blocks those threads.
     */
    FrameHandler open(Connection connection);

    /** The largest frame, in bytes of UTF-8, that the engine accepts; a transport refuses larger ones. */
    int maxFrameBytes();

    /**
     * Counts a connection that is not announced with {@link #open}, such as an HTTP request in progress
     * on the transport's port, against the engine's cap on connections per address, so that one address
     * cannot hold more than the cap by mixing the two.
     *
     * @param remoteAddress the peer, as {@link Connection#remoteAddress()} gives it
     * @return whether it was counted; if so, {@link #releaseConnection} it once when it ends. False
     *         means the address already holds the most connections allowed.
     */
    boolean admitConnection(String remoteAddress);

    /** Ends a connection that {@link #admitConnection} counted. */
    void releaseConnection(String remoteAddress);

    /** The engine's attachments, for a transport that serves uploads and downloads itself. */
    Attachments attachments();
}
