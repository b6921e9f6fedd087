package dev.parley.core.internal;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Counts events per second over the last minute, for {@code admin.status}: one slot per second of a
 * 60-slot ring, each slot stamped with the second it counts, so a slot left from a minute ago is read
 * as zero. Thread-safe and lock-free; a count that races a slot's reset may be lost, which a rate shown
 * to an admin can afford.
 */
public final class RecentRate {

    private static final int SECONDS = 60;

    private final AtomicLongArray counts = new AtomicLongArray(SECONDS);
    private final AtomicLongArray stamps = new AtomicLongArray(SECONDS);
    private final LongSupplier nowSeconds;

    /** @param nowSeconds the current time in whole seconds, such as the epoch second */
    public RecentRate(LongSupplier nowSeconds) {
        this.nowSeconds = nowSeconds;
    }

    /** Counts {@code n} events now. */
    public void add(long n) {
        long now = nowSeconds.getAsLong();
        int slot = (int) Math.floorMod(now, SECONDS);
        long stamp = stamps.get(slot);
        if (stamp != now && stamps.compareAndSet(slot, stamp, now)) {
            counts.set(slot, 0);
        }
        counts.addAndGet(slot, n);
    }

    /** The events of the last 60 whole seconds, this one left out since it has not ended. */
    public long lastMinute() {
        long now = nowSeconds.getAsLong();
        long sum = 0;
        for (int i = 0; i < SECONDS; i++) {
            long stamp = stamps.get(i);
            if (stamp < now && stamp >= now - SECONDS) {
                sum += counts.get(i);
            }
        }
        return sum;
    }

    /** Events per second over the last minute. */
    public double perSecond() {
        return lastMinute() / (double) SECONDS;
    }
}
