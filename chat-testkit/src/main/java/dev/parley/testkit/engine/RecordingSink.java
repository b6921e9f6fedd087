package dev.parley.testkit.engine;

import static org.awaitility.Awaitility.await;

import dev.parley.api.event.ChatEvent;
import dev.parley.core.EventSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * An {@link EventSink} that keeps what it receives, for tests: a stand-in for a client's connection.
 * It can be made to refuse events after a number of them, like a connection whose queue is full.
 * Thread-safe.
 */
public final class RecordingSink implements EventSink {

    private final ConcurrentLinkedQueue<ChatEvent> events = new ConcurrentLinkedQueue<>();
    private final AtomicReference<String> closeReason = new AtomicReference<>();
    private final AtomicInteger capacity;

    /** A sink that takes everything. */
    public RecordingSink() {
        this(Integer.MAX_VALUE);
    }

    /** A sink whose queue is full after {@code capacity} events. */
    public RecordingSink(int capacity) {
        this.capacity = new AtomicInteger(capacity);
    }

    @Override
    public boolean offer(ChatEvent event) {
        if (capacity.getAndDecrement() <= 0) {
            return false;
        }
        events.add(event);
        return true;
    }

    @Override
    public void close(String reason) {
        closeReason.compareAndSet(null, reason);
    }

    /** Everything received so far, in order. */
    public List<ChatEvent> events() {
        return new ArrayList<>(events);
    }

    /** The events of one type received so far, in order. */
    public <T extends ChatEvent> List<T> events(Class<T> type) {
        List<T> matching = new ArrayList<>();
        for (ChatEvent event : events) {
            if (type.isInstance(event)) {
                matching.add(type.cast(event));
            }
        }
        return matching;
    }

    /** Waits up to five seconds for an event of the type that matches, and returns it. */
    public <T extends ChatEvent> T awaitEvent(Class<T> type, Predicate<T> matches) {
        AtomicReference<T> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            for (T event : events(type)) {
                if (matches.test(event)) {
                    found.set(event);
                    return true;
                }
            }
            return false;
        });
        return found.get();
    }

    /** Waits up to five seconds for at least {@code count} events of the type. */
    public <T extends ChatEvent> List<T> awaitEvents(Class<T> type, int count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> events(type).size() >= count);
        return events(type);
    }

    /** Why the engine closed this sink, or null if it is open. */
    public String closeReason() {
        return closeReason.get();
    }
}
