package dev.parley.core.internal;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The push dispatcher's counters, per provider id; read through {@code dev.parley.core.PushStats}. Thread-safe. */
public final class PushCounters {

    /** One provider's counters. */
    public static final class Counters {
        final LongAdder sent = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder tokensRemoved = new LongAdder();
        final LongAdder retries = new LongAdder();

        /** Notifications the service accepted. */
        public long sent() {
            return sent.sum();
        }

        /** Notifications given up on. */
        public long failed() {
            return failed.sum();
        }

        /** Devices forgotten for an invalid token. */
        public long tokensRemoved() {
            return tokensRemoved.sum();
        }

        /** Attempts scheduled again. */
        public long retries() {
            return retries.sum();
        }
    }

    private final Map<String, Counters> byProvider = new ConcurrentHashMap<>();
    private final LongAdder dropped = new LongAdder();

    /** Counters for these provider ids, all zero. */
    public PushCounters(Set<String> providers) {
        providers.forEach(id -> byProvider.put(id, new Counters()));
    }

    /** The provider ids, sorted. */
    public Set<String> providers() {
        return new TreeSet<>(byProvider.keySet());
    }

    /** One provider's counters, or null for an unknown id. */
    public Counters of(String provider) {
        return byProvider.get(provider);
    }

    /** Messages or retries dropped because the queue was full. */
    public long dropped() {
        return dropped.sum();
    }

    void countDropped() {
        dropped.increment();
    }
}
