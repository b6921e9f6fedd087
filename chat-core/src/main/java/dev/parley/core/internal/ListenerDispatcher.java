package dev.parley.core.internal;

import dev.parley.api.Message;
import dev.parley.api.User;
import dev.parley.api.event.ChatEvent;
import dev.parley.api.spi.ChatListener;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the host's {@link ChatListener}s on one thread of their own, in the order events were
 * committed, so that a slow listener never holds up a sender. A listener that throws is logged and
 * the others still run. Thread-safe.
 */
public final class ListenerDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerDispatcher.class);

    private final List<ChatListener> listeners;
    private final ExecutorService thread;

    /** A dispatcher for the given listeners; it starts no thread if there are none. */
    public ListenerDispatcher(List<ChatListener> listeners) {
        this.listeners = List.copyOf(listeners);
        this.thread = listeners.isEmpty() ? null : Executors.newSingleThreadExecutor(Threads.named("parley-listeners"));
    }

    /** Tells the listeners about committed messages, in order. */
    public void messages(List<Message> messages) {
        dispatch(listener -> messages.forEach(listener::onMessage));
    }

    /** Tells the listeners about a new user. */
    public void userRegistered(User user) {
        dispatch(listener -> listener.onUserRegistered(user));
    }

    /** Tells the listeners about any other event. */
    public void event(ChatEvent event) {
        dispatch(listener -> listener.onEvent(event));
    }

    private void dispatch(Consumer<ChatListener> call) {
        if (thread == null) {
            return;
        }
        thread.execute(() -> {
            for (ChatListener listener : listeners) {
                try {
                    call.accept(listener);
                } catch (RuntimeException e) {
                    LOG.warn("listener {} failed", listener.id(), e);
                }
            }
        });
    }

    /** Runs what is queued, then stops the thread. */
    @Override
    public void close() {
        if (thread != null) {
            thread.shutdown();
            try {
                if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.warn("listeners did not finish within 10 s; abandoning them");
                    thread.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
