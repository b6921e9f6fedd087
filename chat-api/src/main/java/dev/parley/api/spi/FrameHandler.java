package dev.parley.api.spi;

/**
 * Receives what a {@link Connection} receives. Returned by {@link TransportContext#open(Connection)}.
 *
 * <p>The engine's handler owns every byte of protocol JSON: what a transport cannot hand over as a
 * frame it reports through the default methods below ({@link #onUnreadableFrame},
 * {@link #onOversizedFrame}, {@link #onForeignProtocol}, {@link #onTransportClose}), and the engine
 * writes the answer and the {@code closing} event, so that no transport encodes a frame of its own.
 * The defaults do nothing, so that a handler implements only what it needs. Handlers are
 * thread-safe; the frame methods are called in order, from one thread at a time.
 */
public interface FrameHandler {

    /**
     * One complete text frame from the peer, as the transport decoded it and nothing more: the engine
     * checks it against {@link TransportContext#maxFrameBytes()} (a longer one is answered
     * {@code too_large} and the connection stays open), parses it and checks that it is a request.
     * A transport bounds what it buffers on its own, and reports a frame that it stopped reading
     * through {@link #onOversizedFrame}.
     */
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

    /**
     * The peer sent a frame longer than {@link TransportContext#maxFrameBytes()} that the transport
     * stopped reading part way, such as a TCP line past the limit, so the stream cannot be framed any
     * further. The engine answers at once with a {@code too_large} error with {@code "id": null} and
     * the given message, sends a {@code closing} event with reason
     * {@link dev.parley.api.CloseReason#TOO_LARGE} and calls {@link Connection#close(String)} with
     * it; the transport then drops whatever the peer still sends. Call it at most once, on the thread
     * that calls {@link #onFrame}. Defaults to ignoring it.
     *
     * @param message what was too long, for the error's message, such as
     *                {@code "a line is at most 65536 bytes"}
     */
    default void onOversizedFrame(String message) {
    }

    /**
     * The peer does not speak the transport's framing at all, such as plaintext sent to a TLS port.
     * The engine answers at once with one {@code bad_request} error with {@code "id": null} and the
     * given message, and calls {@link Connection#close(String)} with
     * {@link dev.parley.api.CloseReason#NOT_THE_PROTOCOL}, without a {@code closing} event: a peer
     * that does not speak the protocol would not read one. The transport must deliver the error in
     * the form the peer sent, such as plaintext. Defaults to ignoring it.
     *
     * @param message what the peer should do instead, for the error's message
     */
    default void onForeignProtocol(String message) {
    }

    /**
     * The transport closes the connection on its own, such as after its idle timeout
     * ({@link dev.parley.api.CloseReason#IDLE_TIMEOUT}) or when it stops
     * ({@link dev.parley.api.CloseReason#SERVER_SHUTDOWN}). The engine tells the peer why with a
     * {@code closing} event and calls {@link Connection#close(String)} with the reason; a transport
     * may close the connection itself afterwards too, since {@code close} is idempotent. Callable from
     * any thread. Defaults to ignoring it.
     *
     * @param reason why, one of the {@link dev.parley.api.CloseReason} constants
     */
    default void onTransportClose(String reason) {
    }

    /**
     * The requests a transport can make for its peer without protocol frames, such as a login carried
     * by the transport's own handshake. The engine's handler offers them; the default, for handlers
     * that do not, throws.
     *
     * @throws UnsupportedOperationException if this handler offers none
     */
    default DirectRequests direct() {
        throw new UnsupportedOperationException("this handler takes frames only");
    }

    /** The connection closed, from either side. Called once, after the last frame. */
    void onClose();
}
