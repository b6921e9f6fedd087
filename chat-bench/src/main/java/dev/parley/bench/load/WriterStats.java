package dev.parley.bench.load;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.concurrent.TimeUnit;

/**
 * The message writer's meters at one moment, read from the engine's registry
 * ({@code parley.writer.commit.latency} and {@code parley.writer.batch.size}), so that a run reports
 * the writer's figures over its own window: the difference of two readings. Immutable.
 *
 * @param commits      store commits so far
 * @param commitNanos  their total time
 * @param messages     messages in them
 * @param bucketNanos  the commit-time histogram's upper bounds
 * @param bucketCounts commits at or under each bound, so far (cumulative, as Micrometer keeps them)
 */
record WriterStats(long commits, double commitNanos, double messages, double[] bucketNanos, double[] bucketCounts) {

    /**
     * The writer's figures over a window: mean commit time, the bucket bounds under which 99% and all of
     * the commits fell (so the p99 and the longest commit are at most these), and mean batch size.
     */
    record Window(double commitMeanMs, double commitP99Ms, double commitMaxMs, double batchMean) {
        static final Window NONE = new Window(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /**
     * Reads the writer's meters from an engine's registry, consistently: the writer records a commit in
     * both meters one after the other, so a reading taken between the two would count the commit in
     * one and not the other, and a window of commits of about one message each could then seem to have
     * fewer messages than commits. It reads again until both meters have counted the same commits.
     */
    static WriterStats read(MeterRegistry registry) {
        Timer commits = registry.get("parley.writer.commit.latency").timer();
        DistributionSummary batches = registry.get("parley.writer.batch.size").summary();
        HistogramSnapshot snapshot;
        double messages;
        long batchCount;
        do {
            batchCount = batches.count();
            messages = batches.totalAmount();
            snapshot = commits.takeSnapshot();
        } while (batchCount != snapshot.count() || batchCount != batches.count() || messages != batches.totalAmount());
        CountAtBucket[] buckets = snapshot.histogramCounts();
        double[] bounds = new double[buckets.length];
        double[] counts = new double[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            bounds[i] = buckets[i].bucket(TimeUnit.NANOSECONDS);
            counts[i] = buckets[i].count();
        }
        return new WriterStats(snapshot.count(), snapshot.total(TimeUnit.NANOSECONDS), messages, bounds, counts);
    }

    /** The figures of the commits between {@code before} and this reading. */
    Window since(WriterStats before) {
        long n = commits - before.commits;
        if (n <= 0) {
            return Window.NONE;
        }
        double mean = (commitNanos - before.commitNanos) / n / 1e6;
        return new Window(mean, boundHolding(before, 0.99 * n), boundHolding(before, n), (messages - before.messages) / n);
    }

    /**
     * The upper bound, in ms, of the first bucket that holds at least {@code commits} of the window's
     * commits; past the top bucket (the timer's maximum expected value, 10 s) if none does.
     */
    private double boundHolding(WriterStats before, double commits) {
        for (int i = 0; i < bucketCounts.length && i < before.bucketCounts.length; i++) {
            if (bucketCounts[i] - before.bucketCounts[i] >= commits) {
                return bucketNanos[i] / 1e6;
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
