package dev.parley.api.spi;

/**
 * The engine's side of a {@link Transport}: where connections are announced. Thread-safe.
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
}
