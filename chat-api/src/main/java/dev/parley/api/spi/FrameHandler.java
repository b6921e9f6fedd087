package dev.parley.api.spi;

/** Receives what a {@link Connection} receives. Returned by {@link TransportContext#open(Connection)}. */
public interface FrameHandler {

    /** One complete text frame from the peer, already checked against the maximum frame size. */
    void onFrame(String frame);

    /**
     * The peer sent binary data, which the protocol does not use. The engine answers with an error
     * and keeps the connection open. Defaults to ignoring it.
     */
    default void onBinaryFrame() {
    }

    /** The connection closed, from either side. Called once, after the last frame. */
    void onClose();
}
