package dev.parley.core.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets at most so many log lines through per minute, so that a flood of closes (a network blip drops
 * every client at once) cannot flood the log. Each minute starts afresh; the lines held back are counted,
 * and the next line let through reports how many. Thread-safe.
 */
public final class LogLimiter {

    private final int perMinute;
    private final LongSupplier nowMillis;
    private final AtomicLong window = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    /** @param perMinute lines per minute; 0 lets none through */
    public LogLimiter(int perMinute, LongSupplier nowMillis) {
        this.perMinute = perMinute;
        this.nowMillis = nowMillis;
    }

    /**
     * Whether a line may be written now.
     *
     * @return -1 if not (the line is counted as suppressed); otherwise how many lines were suppressed
     *         since the last one written, which the caller should report
     */
    public long tryAcquire() {
        long minute = nowMillis.getAsLong() / 60_000;
        long current = window.get();
        if (current != minute && window.compareAndSet(current, minute)) {
            used.set(0);
        }
        if (perMinute > 0 && used.incrementAndGet() <= perMinute) {
            return suppressed.getAndSet(0);
        }
        suppressed.incrementAndGet();
        return -1;
    }
}
