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

    /**
     * @param slowConsumer what to do when the queue refuses a frame: close the session as
     *                     {@code slow_consumer}
     */
    Outbound(Connection connection, Runnable slowConsumer) {
        this.connection = connection;
        this.slowConsumer = slowConsumer;
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
        if (!closed.get() && !connection.send(frame)) {
            slowConsumer.run();
        }
    }

    /** Queues an event's frame; false only if the queue is full, which the caller handles. */
    boolean offer(String frame, ChatEvent event) {
        return closed.get() || connection.send(frame, event);
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
