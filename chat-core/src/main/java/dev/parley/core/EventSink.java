package dev.parley.core;

import dev.parley.api.event.ChatEvent;

/**
 * Where a live session's events go: a transport's connection, through the protocol codec, or any
 * in-process consumer. The engine calls it from its writer and service threads, so it must not block.
 */
public interface EventSink {

    /**
     * Queues an event for the session without blocking.
     *
     * @return false if the session's queue is full; the engine then closes the session, and the
     *         client resyncs when it reconnects
     */
    boolean offer(ChatEvent event);

    /** Closes the underlying connection, telling the peer why. Idempotent. */
    void close(String reason);
}
