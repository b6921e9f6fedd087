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

    /** The writer's figures over a window: mean and p99 commit time and mean batch size. */
    record Window(double commitMeanMs, double commitP99Ms, double batchMean) {
        static final Window NONE = new Window(Double.NaN, Double.NaN, Double.NaN);
    }

    /** Reads the writer's meters from an engine's registry. */
    static WriterStats read(MeterRegistry registry) {
        Timer commits = registry.get("parley.writer.commit.latency").timer();
        DistributionSummary batches = registry.get("parley.writer.batch.size").summary();
        HistogramSnapshot snapshot = commits.takeSnapshot();
        CountAtBucket[] buckets = snapshot.histogramCounts();
        double[] bounds = new double[buckets.length];
        double[] counts = new double[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            bounds[i] = buckets[i].bucket(TimeUnit.NANOSECONDS);
            counts[i] = buckets[i].count();
        }
        return new WriterStats(snapshot.count(), snapshot.total(TimeUnit.NANOSECONDS), batches.totalAmount(), bounds, counts);
    }

    /** The figures of the commits between {@code before} and this reading. */
    Window since(WriterStats before) {
        long n = commits - before.commits;
        if (n <= 0) {
            return Window.NONE;
        }
        double mean = (commitNanos - before.commitNanos) / n / 1e6;
        // Past the top bucket (the timer's maximum expected value, 10 s) unless a bucket holds 99%.
        double p99 = Double.POSITIVE_INFINITY;
        for (int i = 0; i < bucketCounts.length && i < before.bucketCounts.length; i++) {
            if (bucketCounts[i] - before.bucketCounts[i] >= 0.99 * n) {
                p99 = bucketNanos[i] / 1e6; // the bucket's upper bound: p99 is at most this
                break;
            }
        }
        return new Window(mean, p99, (messages - before.messages) / n);
    }
}
