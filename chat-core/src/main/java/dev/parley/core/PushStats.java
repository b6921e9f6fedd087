package dev.parley.core;

import dev.parley.core.internal.PushCounters;
import java.util.Set;

/**
 * What became of push notifications, per provider id, since the engine was built: for logs, tests, and
 * metrics registries that read the counters (each is a monotonic count). Thread-safe.
 */
public final class PushStats {

    /** The counters of one provider at one moment. */
    public record Counts(long sent, long failed, long tokensRemoved, long retries) {
    }

    private final PushCounters counters;

    PushStats(PushCounters counters) {
        this.counters = counters;
    }

    /** The ids of the providers counted, sorted. */
    public Set<String> providers() {
        return counters.providers();
    }

    /** Notifications the provider's service accepted. */
    public long sent(String provider) {
        return of(provider).sent();
    }

    /**
     * Notifications given up on: refused for good, or still failing after the last attempt. Invalid
     * tokens are counted in {@link #tokensRemoved} instead.
     */
    public long failed(String provider) {
        return of(provider).failed();
    }

    /** Devices forgotten because the provider's service said their token is invalid. */
    public long tokensRemoved(String provider) {
        return of(provider).tokensRemoved();
    }

    /** Attempts scheduled again after the provider answered retry-later (or failed to answer). */
    public long retries(String provider) {
        return of(provider).retries();
    }

    /** All four counters of one provider. */
    public Counts counts(String provider) {
        PushCounters.Counters c = of(provider);
        return new Counts(c.sent(), c.failed(), c.tokensRemoved(), c.retries());
    }

    /** Messages or retries not pushed at all because the push queue was full. */
    public long dropped() {
        return counters.dropped();
    }

    private PushCounters.Counters of(String provider) {
        PushCounters.Counters c = counters.of(provider);
        if (c == null) {
            throw new IllegalArgumentException("no push provider '" + provider + "'; counted: " + providers());
        }
        return c;
    }
}
