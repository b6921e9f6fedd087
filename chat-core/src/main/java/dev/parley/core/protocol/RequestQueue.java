package dev.parley.core.protocol;

import dev.parley.core.internal.SerialExecutor;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One session's requests, run in order on the protocol's worker pool without a thread of their own.
 * At most {@code maxPending} may wait: past that a request is refused with {@code rate_limited}, so
 * that a client that sends faster than it is served cannot grow the heap. Thread-safe.
 */
final class RequestQueue {

    private final SerialExecutor requests;
    private final int maxPending;
    private final ResponseWriter responses;
    private final AtomicInteger pending = new AtomicInteger();

    private final dev.parley.core.internal.EngineMetrics metrics;

    RequestQueue(Executor workers, int maxPending, ResponseWriter responses, dev.parley.core.internal.EngineMetrics metrics) {
        this.metrics = metrics;
        this.requests = new SerialExecutor(workers);
        this.maxPending = maxPending;
        this.responses = responses;
    }

    /** Queues a request's work, or refuses it at once when too many wait. */
    void submit(Runnable work) {
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            responses.rateLimited(null, "more than " + maxPending
                    + " requests are waiting; wait for answers before sending more", 100);
            return;
        }
        metrics.requestQueued();
        requests.execute(() -> {
            metrics.requestStarted();
            try {
                work.run();
            } finally {
                pending.decrementAndGet();
            }
        });
    }

    /**
     * Queues work that answers on its own, such as a {@link DirectOps} request, under the same bound.
     *
     * @return false, without queueing it, when too many wait
     */
    boolean offer(Runnable work) {
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            return false;
        }
        metrics.requestQueued();
        requests.execute(() -> {
            metrics.requestStarted();
            try {
                work.run();
            } finally {
                pending.decrementAndGet();
            }
        });
        return true;
    }

    /** Runs a task after the request now running, in order, and outside the bound. */
    void later(Runnable task) {
        requests.execute(task);
    }
}
