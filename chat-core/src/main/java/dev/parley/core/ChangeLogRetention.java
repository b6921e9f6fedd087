package dev.parley.core;

import java.time.Duration;
import java.util.Objects;

/**
 * When the engine compacts the store's change log, and how much of it stays whole. Every
 * {@code interval}, each conversation's log is compacted up to its last change minus
 * {@code keepLatest}: below that horizon only the latest change of each message, cursor and
 * membership is kept, and a client whose change number is below it gets {@code sync_expired} and
 * reloads the conversation from history. Immutable.
 *
 * @param interval   how often compaction runs; {@link Duration#ZERO} never runs it on a timer
 * @param keepLatest how many of each conversation's latest changes are never compacted
 */
public record ChangeLogRetention(Duration interval, long keepLatest) {

    /** Compaction every hour, keeping each conversation's latest 10,000 changes whole. */
    public static final ChangeLogRetention DEFAULT = new ChangeLogRetention(Duration.ofHours(1), 10_000);

    /** Checks the fields. */
    public ChangeLogRetention {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("the compaction interval must not be negative: " + interval);
        }
        if (keepLatest < 0) {
            throw new IllegalArgumentException("keepLatest must not be negative: " + keepLatest);
        }
    }

    /** Whether compaction runs on a timer. */
    public boolean scheduled() {
        return !interval.isZero();
    }
}
