package dev.parley.bench.load;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The open-loop schedule of the senders on one event loop: sender {@code i} sends at
 * {@code start + phase_i + k × interval}, whatever has come back. A tick runs every
 * {@value #TICK_MICROS} µs on the loop itself (NIO's selector wakes at millisecond resolution) and
 * sends everything that is due, so a late tick shows as send lag and as latency, never as fewer sends.
 */
final class SendSchedule {

    static final long TICK_MICROS = 500;

    private final EventLoop loop;
    private final List<LoadConnection> senders = new ArrayList<>();
    private long[] next;
    private long interval;
    private long stopAt;
    private ScheduledFuture<?> ticking;

    SendSchedule(EventLoop loop) {
        this.loop = loop;
    }

    void add(LoadConnection sender) {
        senders.add(sender);
    }

    /** Starts sending on the loop at {@code perSender} messages a second each, from {@code start} to {@code stop}. */
    void start(double perSender, long start, long stop) {
        loop.execute(() -> {
            interval = (long) (1_000_000_000L / perSender);
            stopAt = stop;
            next = new long[senders.size()];
            for (int i = 0; i < next.length; i++) {
                // Spread the senders over one interval, so that they do not all fire in the same tick.
                next[i] = start + interval * i / Math.max(1, next.length);
            }
            ticking = loop.scheduleAtFixedRate(this::tick, 0, TICK_MICROS, TimeUnit.MICROSECONDS);
        });
    }

    private void tick() {
        long now = System.nanoTime();
        for (int i = 0; i < next.length; i++) {
            LoadConnection sender = senders.get(i);
            while (next[i] <= now && next[i] < stopAt) {
                sender.send(next[i], now);
                next[i] += interval;
            }
        }
        // Only after sending what fell due before the end, even if this tick came late.
        if (now >= stopAt) {
            ticking.cancel(false);
        }
    }
}
