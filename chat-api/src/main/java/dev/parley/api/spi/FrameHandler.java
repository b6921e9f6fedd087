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

    /**
     * The peer sent a frame that the transport could not decode as text, such as a TCP line that is
     * not valid UTF-8. The engine answers it like a frame that is not JSON: a {@code bad_request}
     * error with {@code "id": null} and the given message, counted toward the unreadable frames in a
     * row after which the connection is closed as {@code abusive}. Call it in order with
     * {@link #onFrame}, from the same thread. Defaults to ignoring it.
     *
     * @param message what was wrong, for the error's message, such as {@code "invalid UTF-8: ..."}
     */
    default void onUnreadableFrame(String message) {
    }

    /** The connection closed, from either side. Called once, after the last frame. */
    void onClose();
}
