package dev.parley.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.api.RateLimitedException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Token buckets per key (a user, an account name, an address), held in a Caffeine cache so that idle
 * keys are forgotten and memory stays bounded however many keys an attacker invents: a key is
 * forgotten once its bucket would be full again, and past the maximum number of keys the least
 * useful ones are evicted (which only ever forgives, never locks anyone out). Thread-safe.
 */
public final class Throttle {

    private final Cache<Object, Bucket> buckets;
    private final Supplier<Bucket> newBucket;
    private final String what;

    /**
     * A throttle that allows {@code capacity} at once and refills {@code refillTokens} every
     * {@code refillPeriod}.
     *
     * @param what names what is limited, for the error message
     */
    public Throttle(String what, long capacity, long refillTokens, Duration refillPeriod) {
        this(what, capacity, refillTokens, refillPeriod, 1_000_000);
    }

    /**
     * A throttle as above that keeps at most {@code maxKeys} buckets.
     *
     * @param what names what is limited, for the error message
     */
    public Throttle(String what, long capacity, long refillTokens, Duration refillPeriod, long maxKeys) {
        this.what = what;
        this.newBucket = () -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(refillTokens, refillPeriod).build())
                .build();
        Duration idle = refillPeriod.multipliedBy(Math.max(1, capacity / Math.max(1, refillTokens)) + 1);
        this.buckets = Caffeine.newBuilder().expireAfterAccess(idle).maximumSize(maxKeys).build();
    }

    /** How many keys have a bucket now, after pending evictions; for tests and metrics. */
    public long keys() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    /**
     * Checks that the key has a token left, without taking it: for limits that count failures only.
     *
     * @throws RateLimitedException saying how long to wait, if the key has none left
     */
    public void check(Object key) {
        Bucket bucket = buckets.getIfPresent(key);
        if (bucket != null && bucket.getAvailableTokens() < 1) {
            acquire(key); // takes nothing, since there is nothing; throws with the time to wait
        }
    }

    /**
     * Takes one token for the key.
     *
     * @throws RateLimitedException saying how long to wait, if the key has none left
     */
    public void acquire(Object key) {
        ConsumptionProbe probe = buckets.get(key, k -> newBucket.get()).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            Duration wait = Duration.ofNanos(probe.getNanosToWaitForRefill());
            throw new RateLimitedException("too many " + what + "; try again in "
                    + Math.max(1, (wait.toMillis() + 999) / 1000) + " s", wait.isZero() ? Duration.ofMillis(1) : wait);
        }
    }
}
