package dev.parley.store.jdbc;

import java.time.Instant;

/**
 * Times as the schema keeps them: BIGINT microseconds since the epoch, UTC. A BIGINT means no time
 * zone, driver or column precision ever changes an instant on its way in or out; the engine's
 * instants (whole seconds in tests, microseconds from the system clock) survive exactly, and a
 * finer instant is truncated to the microsecond.
 */
final class EpochMicros {

    private EpochMicros() {
    }

    /** The instant in microseconds since the epoch. */
    static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /** The instant in microseconds, or null for null. */
    static Long ofNullable(Instant instant) {
        return instant == null ? null : of(instant);
    }

    /** The instant of a count of microseconds since the epoch. */
    static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** The instant at the given microseconds, truncating any finer part of the given instant. */
    static Instant truncate(Instant instant) {
        return toInstant(of(instant));
    }
}
