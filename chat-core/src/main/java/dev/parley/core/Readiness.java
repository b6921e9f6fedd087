package dev.parley.core;

import java.util.Map;

/**
 * Whether an engine serves clients, and the checks behind the answer: {@code engine} ({@code starting},
 * {@code running} or {@code stopping}) and {@code store} ({@code up}, {@code down: why} or
 * {@code unchecked} while the engine is not running). See {@link ChatEngine#readiness()}.
 *
 * @param ready  whether every check passed
 * @param checks each check's result, in a fixed order
 */
public record Readiness(boolean ready, Map<String, String> checks) {

    /** Copies the checks. */
    public Readiness {
        checks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(checks));
    }
}
