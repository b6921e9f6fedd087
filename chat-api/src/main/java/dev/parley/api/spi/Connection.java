package dev.parley.api.spi;

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

    /** Closes the connection after telling the peer why, if the transport can. Idempotent. */
    void close(String reason);
}
