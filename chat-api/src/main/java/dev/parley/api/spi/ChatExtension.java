package dev.parley.api.spi;

/**
 * What every extension point has in common: a name for logs and the CLI, and a lifecycle.
 *
 * <p>The engine calls {@link #start()} once, from {@code ChatEngine.start()}, before any other
 * method, and {@link #close()} once when it closes, after which it calls nothing else. Both default
 * to doing nothing.
 */
public interface ChatExtension extends AutoCloseable {

    /**
     * A short, stable name for this implementation, such as {@code memory}, {@code jdbc} or
     * {@code apns}. Configuration refers to extensions by this name.
     */
    String id();

    /** Prepares the extension for use: opens pools, connects, migrates. */
    default void start() {
    }

    /** Releases what {@link #start()} acquired. Must not throw for an extension that never started. */
    @Override
    default void close() {
    }
}
