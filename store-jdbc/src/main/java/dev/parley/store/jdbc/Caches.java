package dev.parley.store.jdbc;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/** Builds the store's Caffeine caches with one expiry and size. Immutable. */
final class Caches {

    private final Duration expiry;
    private final long maximumSize;
    private final MeterRegistry registry;

    /** @param registry where each cache's statistics go, as Micrometer's {@code cache.*} meters; or null */
    Caches(Duration expiry, long maximumSize, MeterRegistry registry) {
        this.expiry = expiry;
        this.maximumSize = expiry.isZero() ? 0 : maximumSize;
        this.registry = registry;
    }

    /**
     * A new, empty cache; one that keeps nothing when caching is off.
     *
     * @param name the cache's {@code cache} tag, such as {@code parley.users.byId}
     */
    <K, V> Cache<K, V> newCache(String name) {
        Caffeine<Object, Object> builder = Caffeine.newBuilder()
                .expireAfterWrite(expiry)
                .maximumSize(maximumSize);
        if (registry == null) {
            return builder.build();
        }
        Cache<K, V> cache = builder.recordStats().build();
        CaffeineCacheMetrics.monitor(registry, cache, name);
        return cache;
    }
}
