package dev.parley.core;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link ChangeService#compact()} every {@link ChangeLogRetention#interval()} on a daemon
 * thread of its own, so that compaction never holds up requests; nothing if the interval is zero. A
 * failed run is logged and the next one runs on time. Thread-safe.
 */
final class ChangeLogCompactor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeLogCompactor.class);

    private final ChangeService changes;
    private ScheduledExecutorService timer;

    ChangeLogCompactor(ChangeService changes) {
        this.changes = changes;
    }

    synchronized void start() {
        ChangeLogRetention retention = changes.retention();
        if (!retention.scheduled() || timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "parley-change-log-compaction");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, retention.interval().toMillis());
        timer.scheduleWithFixedDelay(this::run, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            long dropped = changes.compact();
            if (dropped > 0) {
                LOG.info("compacted the change log: dropped {} superseded changes", dropped);
            }
        } catch (RuntimeException e) {
            LOG.warn("change-log compaction failed; it runs again in {}", changes.retention().interval(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
