package dev.parley.core.internal;

import dev.parley.api.NewMessage;
import dev.parley.api.UnavailableException;
import dev.parley.api.spi.AppendResult;
import dev.parley.api.spi.MessageStore;
import dev.parley.core.ChatSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes messages to the store, committing many senders' messages together.
 *
 * <p>Senders hand their checked messages to {@link #submit}, which queues them and returns at once.
 * The writer thread takes everything waiting, up to the batch size, stores it with one
 * {@link MessageStore#appendAll} (one transaction on a database), and only then completes each
 * sender's future: an ack never precedes the commit. It then passes the new messages, in seq order, to
 * the fan-out. Grouping commits this way is what lets a database store keep up with many senders,
 * and having a single writer keeps fan-out in commit order without further locking.
 *
 * <p>Commits are paced by a commit interval: a batch whose first message arrives less than the
 * interval after the previous commit began waits for the rest of the interval, so that what arrives
 * meanwhile joins it. A message that finds the writer idle for longer than the interval is committed
 * at once, so the wait is paid only under load, where it trades at most the interval of latency for
 * fewer, fuller commits: on H2 each commit rewrites every B-tree page it touched, whole, so its cost
 * hardly grows with the messages it carries (docs/benchmarks.md).
 *
 * <p>Thread-safe. The queue is bounded: when the store falls behind, {@link #submit} blocks the
 * sender's worker thread (never an I/O thread) until there is room.
 */
public final class MessageWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MessageWriter.class);

    /**
     * A message that was committed as new.
     *
     * @param origin the live session that sent it, which gets the ack instead of the event; null if none
     */
    public record Committed(AppendResult result, ChatSession origin) {
    }

    private record Pending(NewMessage message, ChatSession origin, CompletableFuture<AppendResult> result) {
    }

    private static final Pending STOP = new Pending(null, null, null);

    private final MessageStore store;
    private final int batchSize;
    private final long commitIntervalNanos;
    /** When the last commit began, by {@link System#nanoTime}; only the writer thread touches it. */
    private long lastCommitStart;
    private final BlockingQueue<Pending> queue;
    private final Consumer<List<Committed>> afterCommit;
    private final Thread thread;
    private volatile boolean accepting = true;
    private final EngineMetrics metrics;
    /** Queue depth at which a WARN says the store falls behind; the warning re-arms below half of it. */
    private final int warnAt;
    private final Logger queueLog;
    private final java.util.concurrent.atomic.AtomicBoolean warned = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * A writer, not yet started.
     *
     * @param commitInterval the least time from one commit's start to the next's while messages keep
     *                       coming; zero commits each batch as soon as the previous one is done
     * @param afterCommit    called on the writer thread with each batch's new messages, in commit order
     * @param warnPercent    how full the queue may get, in percent of its capacity, before a WARN
     */
    public MessageWriter(MessageStore store, int capacity, int batchSize, Duration commitInterval,
                         Consumer<List<Committed>> afterCommit, EngineMetrics metrics, int warnPercent) {
        this(store, capacity, batchSize, commitInterval, afterCommit, metrics, warnPercent, LOG);
    }

    /** A writer that reports its queue to this logger, for tests. */
    MessageWriter(MessageStore store, int capacity, int batchSize, Duration commitInterval,
                  Consumer<List<Committed>> afterCommit, EngineMetrics metrics, int warnPercent, Logger queueLog) {
        this.queueLog = queueLog;
        this.store = store;
        this.batchSize = batchSize;
        this.commitIntervalNanos = commitInterval.toNanos();
        this.lastCommitStart = System.nanoTime() - commitIntervalNanos;
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.afterCommit = afterCommit;
        this.metrics = metrics;
        this.warnAt = Math.max(1, (int) Math.ceil(capacity * (warnPercent / 100.0)));
        this.thread = Threads.named("parley-writer").newThread(this::run);
        io.micrometer.core.instrument.Gauge.builder("parley.writer.queue.depth", queue, BlockingQueue::size)
                .description("Messages accepted and waiting for the store").strongReference(true)
                .register(metrics.registry());
    }

    /** Messages waiting for the store now. */
    public int queueDepth() {
        return queue.size();
    }

    /** Starts the writer thread. */
    public void start() {
        thread.start();
    }

    /**
     * Queues a message for the store. The future completes once the message is committed, or with the
     * store's exception.
     *
     * @param origin the live session that sent it, or null if none
     * @throws UnavailableException if the writer is shutting down
     */
    public CompletableFuture<AppendResult> submit(NewMessage message, ChatSession origin) {
        CompletableFuture<AppendResult> result = new CompletableFuture<>();
        if (!accepting) {
            throw new UnavailableException("the server is shutting down");
        }
        try {
            queue.put(new Pending(message, origin, result));
            int depth = queue.size();
            if (depth >= warnAt && warned.compareAndSet(false, true)) {
                queueLog.warn("the writer queue holds {} of {} messages: the store falls behind the senders",
                        depth, depth + queue.remainingCapacity());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while waiting for the store");
        }
        return result;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(batchSize);
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            awaitCommitInterval();
            queue.drainTo(batch, batchSize - 1);
            if (warned.get() && queue.size() < warnAt / 2) {
                warned.set(false);
                queueLog.info("the writer queue is back to {} messages", queue.size());
            }
            boolean stop = batch.remove(STOP);
            if (!batch.isEmpty()) {
                write(batch);
            }
            batch.clear();
            if (stop) {
                return;
            }
        }
    }

    /** Waits out the rest of the commit interval, unless a full batch is already waiting. */
    private void awaitCommitInterval() {
        long deadline = lastCommitStart + commitIntervalNanos;
        long left = deadline - System.nanoTime();
        while (left > 0 && queue.size() < batchSize - 1) {
            LockSupport.parkNanos(left);
            left = deadline - System.nanoTime();
        }
    }

    private void write(List<Pending> batch) {
        long begin = System.nanoTime();
        lastCommitStart = begin;
        List<AppendResult> results = appendAll(batch);
        long took = System.nanoTime() - begin;
        List<Committed> fresh = new ArrayList<>(batch.size());
        int duplicates = 0;
        for (int i = 0; i < batch.size(); i++) {
            AppendResult result = results.get(i);
            if (result != null && !result.duplicate()) {
                fresh.add(new Committed(result, batch.get(i).origin()));
            } else if (result != null) {
                duplicates++;
            }
        }
        metrics.committed(batch.size(), fresh.size(), duplicates, took);
        // Fan out before acking, so that by the time a sender can act on its message (edit it, say),
        // every member's live sessions have been handed the message itself.
        if (!fresh.isEmpty()) {
            try {
                afterCommit.accept(fresh);
            } catch (RuntimeException e) {
                // The messages are stored; sessions that missed them will sync.
                LOG.error("fan-out failed after commit", e);
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            if (results.get(i) != null) {
                batch.get(i).result().complete(results.get(i));
            }
        }
    }

    /** Appends the batch in one go; if that fails, message by message, so one bad message fails alone. */
    private List<AppendResult> appendAll(List<Pending> batch) {
        List<NewMessage> messages = new ArrayList<>(batch.size());
        batch.forEach(p -> messages.add(p.message()));
        try {
            return store.appendAll(messages);
        } catch (RuntimeException batchFailure) {
            if (batch.size() == 1) {
                batch.get(0).result().completeExceptionally(batchFailure);
                List<AppendResult> none = new ArrayList<>();
                none.add(null);
                return none;
            }
            LOG.warn("a batch of {} messages failed; retrying one by one", batch.size(), batchFailure);
            List<AppendResult> results = new ArrayList<>(batch.size());
            for (Pending pending : batch) {
                try {
                    results.add(store.append(pending.message()));
                } catch (RuntimeException e) {
                    pending.result().completeExceptionally(e);
                    results.add(null);
                }
            }
            return results;
        }
    }

    /** Stops accepting, writes everything already queued, and stops the thread. */
    @Override
    public void close() {
        accepting = false;
        if (!thread.isAlive()) {
            return;
        }
        try {
            queue.put(STOP);
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            if (left != STOP) {
                left.result().completeExceptionally(new UnavailableException("the server shut down"));
            }
        }
    }
}
