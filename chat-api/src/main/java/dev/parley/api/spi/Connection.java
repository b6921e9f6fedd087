package dev.parley.api.spi;

import dev.parley.api.event.ChatEvent;

/**
 * One client's connection, as a {@link Transport} presents it to the engine. Thread-safe.
 */
public interface Connection {

    /** The peer's address, for logs and per-address limits, for example {@code 127.0.0.1:53122}. */
    String remoteAddress();

    /**
     * Queues one frame for the peer without blocking. The queue is bounded: when it is full the frame
     * is not queued and this returns false, and the engine then closes the connection, because a
     * consumer that falls behind must resync rather than grow the heap.
     *
     * @return whether the frame was queued
     */
    boolean send(String frame);

    /**
     * Queues one event frame, as {@link #send(String)} does, together with the event it encodes, so
     * that a transport can route events by what they are about (such as an MQTT topic per
     * conversation) without reading the JSON. The engine calls this for every event frame and
     * {@link #send(String)} for responses. Defaults to {@code send(frame)}.
     *
     * @param frame the event as the protocol encodes it
     * @param event the same event
     * @return whether the frame was queued, as for {@link #send(String)}
     */
    default boolean send(String frame, ChatEvent event) {
        return send(frame);
    }

    /**
     * The transport that carries this connection, such as {@code websocket}, {@code tcp} or
     * {@code mqtt}: a tag of the engine's metrics and a field of its log lines, so keep it short and
     * fixed. Defaults to {@code other}.
     */
    default String transport() {
        return "other";
    }

    /**
     * How full this connection's outbound queue is, from 0 (empty) to 1 (full, the next frame is
     * refused), or a negative number if the transport cannot tell. The engine reads it after queueing a
     * frame, to warn before a slow consumer is cut off, so it must be cheap. Defaults to -1.
     */
    default double queueFill() {
        return -1;
    }

    /** Closes the connection after telling the peer why, if the transport can. Idempotent. */
    void close(String reason);
}
