package dev.parley.bench.load;

import org.HdrHistogram.Histogram;

/**
 * What one client event-loop thread saw during one run. Only that thread writes it (so no locks and
 * no hand-off per frame); the run reads it from the same thread once the run is over.
 *
 * <p>A message counts when its <em>intended</em> send time falls in the measurement window
 * {@code [from, to)}, and its latency is taken from that intended time, so a sender that falls behind
 * its schedule shows as latency rather than hiding it (no coordinated omission).
 */
final class LoopStats {

    private static final long MAX_NANOS = 60_000_000_000L;

    final Histogram latency = new Histogram(1_000, MAX_NANOS, 3);
    final Histogram sendLag = new Histogram(1_000, MAX_NANOS, 3);
    long from = Long.MAX_VALUE;
    long to = Long.MAX_VALUE;
    long sent;
    long delivered;
    long acks;
    long errors;
    /** Connections that closed, or were closed by the server, while the run went on. */
    long disconnects;

    /** The drain's start (its first connect), from which each user's completion is timed. */
    long drainStart;
    /** Per drained user: from the drain's start to its last waiting message. */
    final Histogram drainDone = new Histogram(1_000, MAX_NANOS, 3);
    /** Per drained user: from its own connect to its last waiting message. */
    final Histogram drainOwn = new Histogram(1_000, MAX_NANOS, 3);
    /** Users that had every one of their waiting messages, once each. */
    long drainComplete;
    /** Users that finished with a message missing, one too many, or one twice. */
    long drainWrong;
    /** Waiting messages received, distinct per user. */
    long drainMessages;
    /** Messages a user received a second time. */
    long drainDuplicates;
    /** {@code sync} requests sent, pages included. */
    long drainSyncs;
    /** When the last user finished, in {@code System.nanoTime()}. */
    long drainLastAt;

    void start(long fromNanos, long toNanos) {
        latency.reset();
        sendLag.reset();
        from = fromNanos;
        to = toNanos;
        sent = 0;
        delivered = 0;
        acks = 0;
        errors = 0;
        disconnects = 0;
    }

    boolean inWindow(long intended) {
        return intended >= from && intended < to;
    }

    void sent(long intended, long now) {
        if (inWindow(intended)) {
            sent++;
            sendLag.recordValue(Math.min(MAX_NANOS, Math.max(0, now - intended)));
        }
    }

    void delivered(long intended, long now) {
        if (inWindow(intended)) {
            delivered++;
            latency.recordValue(Math.min(MAX_NANOS, Math.max(0, now - intended)));
        }
    }

    /** Resets the drain's figures for a drain that starts at {@code start}. */
    void startDrain(long start) {
        drainStart = start;
        drainDone.reset();
        drainOwn.reset();
        drainComplete = 0;
        drainWrong = 0;
        drainMessages = 0;
        drainDuplicates = 0;
        drainSyncs = 0;
        drainLastAt = 0;
        errors = 0;
        disconnects = 0;
    }

    /** One drained user finished at {@code now}, after connecting at {@code connectedAt}. */
    void drained(long connectedAt, long now, boolean complete) {
        if (complete) {
            drainComplete++;
        } else {
            drainWrong++;
        }
        drainDone.recordValue(Math.min(MAX_NANOS, Math.max(0, now - drainStart)));
        drainOwn.recordValue(Math.min(MAX_NANOS, Math.max(0, now - connectedAt)));
        drainLastAt = Math.max(drainLastAt, now);
    }

    /** A copy that another thread may read. */
    LoopStats snapshot() {
        LoopStats copy = new LoopStats();
        copy.latency.add(latency);
        copy.sendLag.add(sendLag);
        copy.sent = sent;
        copy.delivered = delivered;
        copy.acks = acks;
        copy.errors = errors;
        copy.disconnects = disconnects;
        copy.drainStart = drainStart;
        copy.drainDone.add(drainDone);
        copy.drainOwn.add(drainOwn);
        copy.drainComplete = drainComplete;
        copy.drainWrong = drainWrong;
        copy.drainMessages = drainMessages;
        copy.drainDuplicates = drainDuplicates;
        copy.drainSyncs = drainSyncs;
        copy.drainLastAt = drainLastAt;
        return copy;
    }

    void addTo(LoopStats total) {
        total.latency.add(latency);
        total.sendLag.add(sendLag);
        total.sent += sent;
        total.delivered += delivered;
        total.acks += acks;
        total.errors += errors;
        total.disconnects += disconnects;
        total.drainDone.add(drainDone);
        total.drainOwn.add(drainOwn);
        total.drainComplete += drainComplete;
        total.drainWrong += drainWrong;
        total.drainMessages += drainMessages;
        total.drainDuplicates += drainDuplicates;
        total.drainSyncs += drainSyncs;
        total.drainLastAt = Math.max(total.drainLastAt, drainLastAt);
    }
}
