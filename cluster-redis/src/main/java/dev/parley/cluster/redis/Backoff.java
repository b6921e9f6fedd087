package dev.parley.cluster.redis;

import java.time.Duration;

/** Doubling waits between attempts to reach Redis, from 100 ms up to a maximum. Not thread-safe. */
final class Backoff {

    private static final long FIRST_MILLIS = 100;

    private final long maxMillis;
    private long next = FIRST_MILLIS;

    Backoff(Duration max) {
        this.maxMillis = max.toMillis();
    }

    /** Waits the next delay; false if interrupted, with the interrupt flag set again. */
    boolean pause() {
        long wait = Math.min(next, maxMillis);
        next = Math.min(next * 2, maxMillis);
        try {
            Thread.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void reset() {
        next = FIRST_MILLIS;
    }
}
