package dev.parley.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How the engine sends push notifications: privacy, queueing and retries. Immutable and thread-safe.
 *
 * @param previews       whether a notification's body shows a preview of the message; a user's own
 *                       {@link dev.parley.api.PushPreferences#preview()} wins over it. Default {@code true}
 * @param genericText    the body when no preview is shown. Default {@code "New message"}
 * @param queueCapacity  how many messages may wait for their notifications, and how many retries may wait
 *                       for their turn; beyond that a notification is dropped and counted, so that a stuck
 *                       push service never grows the heap or slows a send. Default 10,000
 * @param threads        how many push threads look up devices and call the providers. Default 2
 * @param maxAttempts    how many times one notification is tried when the provider answers
 *                       {@link dev.parley.api.spi.PushResult#RETRY_LATER}, the first included. Default 5
 * @param initialBackoff the wait before the first retry; each further retry waits twice as long. Default 2 s
 * @param maxBackoff     the longest wait between two attempts. Default 5 min
 */
public record PushSettings(boolean previews, String genericText, int queueCapacity, int threads, int maxAttempts,
                           Duration initialBackoff, Duration maxBackoff) {

    /** Checks the fields. */
    public PushSettings {
        Objects.requireNonNull(genericText, "genericText");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (genericText.isBlank()) {
            throw new IllegalArgumentException("the generic push text must not be blank");
        }
        if (queueCapacity < 1 || threads < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("push queue capacity, threads and attempts are at least 1");
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("the push backoff is positive and the maximum at least the initial one");
        }
    }

    /** The defaults listed on each field. */
    public static PushSettings defaults() {
        return new PushSettings(true, "New message", 10_000, 2, 5, Duration.ofSeconds(2), Duration.ofMinutes(5));
    }

    /** A copy that shows previews or not. */
    public PushSettings withPreviews(boolean show) {
        return new PushSettings(show, genericText, queueCapacity, threads, maxAttempts, initialBackoff, maxBackoff);
    }

    /** A copy with another generic text. */
    public PushSettings withGenericText(String text) {
        return new PushSettings(previews, text, queueCapacity, threads, maxAttempts, initialBackoff, maxBackoff);
    }

    /** A copy with another queue capacity. */
    public PushSettings withQueueCapacity(int capacity) {
        return new PushSettings(previews, genericText, capacity, threads, maxAttempts, initialBackoff, maxBackoff);
    }

    /** A copy with another number of push threads. */
    public PushSettings withThreads(int count) {
        return new PushSettings(previews, genericText, queueCapacity, count, maxAttempts, initialBackoff, maxBackoff);
    }

    /** A copy with other retry settings. */
    public PushSettings withRetries(int attempts, Duration initial, Duration max) {
        return new PushSettings(previews, genericText, queueCapacity, threads, attempts, initial, max);
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failed attempts (1 or more). */
    public Duration backoff(int attempt) {
        Duration wait = initialBackoff;
        for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
