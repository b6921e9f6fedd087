package dev.parley.testkit.transport;

import java.time.Duration;

/**
 * A client's connection to a transport, as small as the kit needs: it sends and receives protocol
 * frames as text, and the implementation adds and strips its transport's framing (a WebSocket text
 * frame, a line on TCP). Implementations must be safe to use from the test's thread while their own
 * thread receives.
 */
public interface KitConnection extends AutoCloseable {

    /**
     * Sends one frame, exactly as given.
     *
     * @throws java.io.UncheckedIOException if it cannot be sent, for example because the server closed
     *                                      the connection
     */
    void send(String frame);

    /**
     * The next frame received, waiting up to the timeout. Frames that arrived before the server closed
     * the connection are still returned, in order, after it closed.
     *
     * @return the frame, or null if none arrived in time (or none is left on a closed connection)
     */
    String receive(Duration timeout);

    /** Whether the connection is still open: neither side has closed it. */
    boolean isOpen();

    /** Closes the connection from the client's side. Idempotent. */
    @Override
    void close();
}
