package dev.parley.api.spi;

/**
 * Carries the protocol between clients and the engine, over WebSocket, TCP or anything else that
 * moves text frames. A transport knows nothing of the protocol: it accepts connections, hands each
 * received frame to the engine, and writes the frames the engine gives it.
 *
 * <p>The engine calls {@link #start(TransportContext)} instead of {@link #start()}, from
 * {@code ChatEngine.start()}, once the store is ready. {@link #close()} stops accepting, tells the
 * open connections that the server is going away, and closes them.
 */
public interface Transport extends ChatExtension {

    /**
     * Starts accepting connections, each of which the transport announces with
     * {@link TransportContext#open(Connection)}.
     */
    void start(TransportContext context);

    /** Transports are started with a context; see {@link #start(TransportContext)}. */
    @Override
    default void start() {
        throw new IllegalStateException("a transport starts with start(TransportContext)");
    }
}
