package dev.parley.store.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/** Builds the store's Caffeine caches with one expiry and size. Immutable. */
final class Caches {

    private final Duration expiry;
    private final long maximumSize;

    Caches(Duration expiry, long maximumSize) {
        this.expiry = expiry;
        this.maximumSize = expiry.isZero() ? 0 : maximumSize;
    }

    /** A new, empty cache; one that keeps nothing when caching is off. */
    <K, V> Cache<K, V> newCache() {
        return Caffeine.newBuilder()
                .expireAfterWrite(expiry)
                .maximumSize(maximumSize)
                .build();
    }
}
