package dev.parley.api.spi;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many of something each key holds at once (the connections of one address, the uploads of one
 * user), against one maximum. A key is forgotten when its count falls to zero, so memory follows what
 * is held now, not how many keys were ever seen. Thread-safe.
 *
 * <p>Part of the SPI so that transports bound what they hold per peer (uploads per address and per
 * user, say) the same way the engine bounds connections per address.
 */
public final class ConcurrencyLimit {

    private final int max;
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    /** A limit of {@code max} at once per key; {@code max} is at least 1. */
    public ConcurrencyLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("a concurrency limit is at least 1");
        }
        this.max = max;
    }

    /**
     * Counts one more for the key unless it already holds the maximum.
     *
     * @return whether it was counted; if so, {@link #release} it once when done
     */
    public boolean tryAcquire(String key) {
        boolean[] counted = {false};
        // One atomic step per key, so that a release that forgets the key cannot lose this count.
        counts.compute(key, (k, held) -> {
            int now = held == null ? 0 : held;
            if (now >= max) {
                return held;
            }
            counted[0] = true;
            return now + 1;
        });
        return counted[0];
    }

    /** Gives back one that {@link #tryAcquire} counted. */
    public void release(String key) {
        counts.computeIfPresent(key, (k, held) -> held <= 1 ? null : held - 1);
    }

    /** How many the key holds now. */
    public int held(String key) {
        return counts.getOrDefault(key, 0);
    }

    /** The most one key may hold at once. */
    public int max() {
        return max;
    }
}
