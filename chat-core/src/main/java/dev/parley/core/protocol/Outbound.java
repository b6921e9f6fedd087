package dev.parley.core.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.event.ChatEvent;
import dev.parley.api.spi.Connection;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What leaves one session: frames into the connection's bounded queue, and the close. A frame the
 * queue refuses makes the session a slow consumer, which is closed rather than buffered for.
 * Thread-safe.
 */
final class Outbound {

    private final Connection connection;
    private final Runnable slowConsumer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final dev.parley.core.internal.ConnectionLog log;
    /** Whether the queue was reported filling; re-armed once the queue has drained below a quarter. */
    private volatile boolean warned;

    /**
     * @param slowConsumer what to do when the queue refuses a frame: close the session as
     *                     {@code slow_consumer}
     * @param log          where a filling queue is reported, or null for none
     */
    Outbound(Connection connection, Runnable slowConsumer, dev.parley.core.internal.ConnectionLog log) {
        this.connection = connection;
        this.slowConsumer = slowConsumer;
        this.log = log;
    }

    /** Reports a queue that crossed the threshold, once until it drains. */
    private void watchQueue() {
        if (log == null) {
            return;
        }
        double fill = connection.queueFill();
        if (fill < 0) {
            return;
        }
        if (!warned) {
            if (log.queueAlarming(fill)) {
                warned = true;
                log.queueFilling(fill, connection.transport(), connection.remoteAddress());
            }
        } else if (fill < 0.25) {
            warned = false;
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Marks the output closed, so that nothing more is sent; false if it already was. */
    boolean markClosed() {
        return closed.compareAndSet(false, true);
    }

    /** Queues a frame; a full queue closes the session as a slow consumer. Dropped once closed. */
    void send(String frame) {
        if (closed.get()) {
            return;
        }
        if (!connection.send(frame)) {
            slowConsumer.run();
        } else {
            watchQueue();
        }
    }

    /** Queues an event's frame; false only if the queue is full, which the caller handles. */
    boolean offer(String frame, ChatEvent event) {
        if (closed.get()) {
            return true;
        }
        boolean queued = connection.send(frame, event);
        if (queued) {
            watchQueue();
        }
        return queued;
    }

    /**
     * Closes the connection, first telling the peer why with a {@code closing} event if {@code tell}.
     * The event is sent even though the output is already marked closed: it is the last frame.
     */
    void closeConnection(String reason, boolean tell) {
        if (tell) {
            ObjectNode data = Wire.object();
            data.put("reason", reason);
            connection.send(Wire.eventFrame("closing", data).toString());
        }
        connection.close(reason);
    }
}
