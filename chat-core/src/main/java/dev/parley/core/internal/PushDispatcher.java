package dev.parley.core.internal;

import dev.parley.api.Device;
import dev.parley.api.Message;
import dev.parley.api.PushPreferences;
import dev.parley.api.UserId;
import dev.parley.api.spi.ChatStore;
import dev.parley.api.spi.PushNotification;
import dev.parley.api.spi.PushProvider;
import dev.parley.api.spi.PushResult;
import dev.parley.core.PushSettings;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the push providers to notify the devices of members who had no live session when a message
 * arrived, unless they muted the conversation or the sender.
 *
 * <p>The writer thread only hands the message over: {@link #notifyOffline} puts it on a bounded queue
 * and returns, and when the queue is full the message is dropped and counted, so a slow or failing
 * push service never delays or fails a send. Push threads of its own look up devices, preferences and
 * unread counts and call the providers. A notification answered with {@link PushResult#RETRY_LATER}
 * (or an exception) is tried again after an exponential backoff, up to the configured attempts; one
 * answered with {@link PushResult#TOKEN_INVALID} makes the engine forget every device with that token.
 * Thread-safe.
 */
public final class PushDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PushDispatcher.class);

    private final ChatStore store;
    private final PushSettings settings;
    private final PushComposer composer;
    private final PushCounters counters;
    private final Map<String, PushProvider> byPlatform = new HashMap<>();
    private final ThreadPoolExecutor threads;
    private final ScheduledThreadPoolExecutor timer;
    private final AtomicInteger waitingRetries = new AtomicInteger();

    /** A dispatcher over the given providers, one per platform; it starts no threads if there are none. */
    public PushDispatcher(ChatStore store, List<PushProvider> providers, PushSettings settings, PushCounters counters) {
        this.store = store;
        this.settings = settings;
        this.composer = new PushComposer(store, settings);
        this.counters = counters;
        providers.forEach(p -> byPlatform.put(p.platform(), p));
        if (providers.isEmpty()) {
            this.threads = null;
            this.timer = null;
        } else {
            this.threads = new ThreadPoolExecutor(settings.threads(), settings.threads(), 0, TimeUnit.MILLISECONDS,
                    new ArrayBlockingQueue<>(settings.queueCapacity()), Threads.named("parley-push"));
            this.timer = new ScheduledThreadPoolExecutor(1, Threads.named("parley-push-retry"));
            timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        }
    }

    /** Queues notifications about a message for the given offline members; never blocks, never throws. */
    public void notifyOffline(Message message, Collection<UserId> offline) {
        if (threads == null || offline.isEmpty()) {
            return;
        }
        List<UserId> recipients = List.copyOf(offline);
        submit(() -> send(message, recipients));
    }

    private void submit(Runnable task) {
        try {
            threads.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("a push task failed", e);
                }
            });
        } catch (RejectedExecutionException full) {
            if (!threads.isShutdown()) {
                counters.countDropped();
                LOG.warn("the push queue is full ({} waiting); a notification was dropped", settings.queueCapacity());
            }
        }
    }

    private void send(Message message, List<UserId> recipients) {
        PushComposer.Draft draft = composer.draft(message);
        for (UserId recipient : recipients) {
            List<Device> devices = store.devices().list(recipient);
            if (devices.stream().noneMatch(d -> byPlatform.containsKey(d.platform()))) {
                continue;
            }
            PushPreferences preferences = store.devices().preferences(recipient);
            if (PushComposer.muted(message, preferences)) {
                continue;
            }
            long badge = composer.badge(recipient);
            boolean mentioned = composer.mentions(message, recipient);
            for (Device device : devices) {
                PushProvider provider = byPlatform.get(device.platform());
                if (provider != null) {
                    attempt(provider, composer.compose(draft, device, recipient, preferences, badge, mentioned), 1);
                }
            }
        }
    }

    private void attempt(PushProvider provider, PushNotification notification, int attempt) {
        CompletionStage<PushResult> answer;
        try {
            answer = provider.push(notification);
        } catch (RuntimeException e) {
            LOG.warn("push provider {} threw", provider.id(), e);
            answered(provider, notification, attempt, PushResult.RETRY_LATER);
            return;
        }
        answer.whenComplete((result, failure) -> {
            if (failure != null) {
                LOG.warn("push provider {} failed", provider.id(), failure);
            }
            answered(provider, notification, attempt, failure != null || result == null ? PushResult.RETRY_LATER : result);
        });
    }

    private void answered(PushProvider provider, PushNotification notification, int attempt, PushResult result) {
        PushCounters.Counters count = counters.of(provider.id());
        switch (result) {
            case DELIVERED -> count.sent.increment();
            case FAILED -> count.failed.increment();
            case TOKEN_INVALID -> submit(() -> {
                Device device = notification.device();
                int removed = store.devices().removeByToken(device.platform(), device.pushToken());
                count.tokensRemoved.add(removed);
                LOG.info("push provider {} rejected a token; forgot {} device(s)", provider.id(), removed);
            });
            case RETRY_LATER -> retry(provider, notification, attempt, count);
        }
    }

    private void retry(PushProvider provider, PushNotification notification, int attempt, PushCounters.Counters count) {
        if (attempt >= settings.maxAttempts() || timer.isShutdown()) {
            count.failed.increment();
            LOG.warn("push provider {} gave up on a notification after {} attempt(s)", provider.id(), attempt);
            return;
        }
        if (waitingRetries.incrementAndGet() > settings.queueCapacity()) {
            waitingRetries.decrementAndGet();
            counters.countDropped();
            count.failed.increment();
            return;
        }
        count.retries.increment();
        try {
            timer.schedule(() -> {
                waitingRetries.decrementAndGet();
                submit(() -> attempt(provider, notification, attempt + 1));
            }, settings.backoff(attempt).toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            waitingRetries.decrementAndGet();
        }
    }

    /** Stops retrying, lets the notifications already queued go out, and stops the threads. */
    @Override
    public void close() {
        if (threads != null) {
            timer.shutdown();
            threads.shutdown();
            try {
                threads.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
