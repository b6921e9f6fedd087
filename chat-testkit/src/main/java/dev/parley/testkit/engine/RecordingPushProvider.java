package dev.parley.testkit.engine;

import dev.parley.api.spi.PushNotification;
import dev.parley.api.spi.PushProvider;
import dev.parley.api.spi.PushResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A {@link PushProvider} for tests that keeps every notification instead of sending it, and answers
 * {@link PushResult#TOKEN_INVALID} for tokens it is told are invalid. Thread-safe.
 */
public final class RecordingPushProvider implements PushProvider {

    private final String platform;
    private final ConcurrentLinkedQueue<PushNotification> sent = new ConcurrentLinkedQueue<>();
    private final Set<String> invalidTokens = ConcurrentHashMap.newKeySet();

    /** A provider for the given platform. */
    public RecordingPushProvider(String platform) {
        this.platform = platform;
    }

    @Override
    public String id() {
        return "recording-" + platform;
    }

    @Override
    public String platform() {
        return platform;
    }

    /** From now on, answer that this token is invalid. */
    public void invalidate(String token) {
        invalidTokens.add(token);
    }

    @Override
    public CompletionStage<PushResult> push(PushNotification notification) {
        sent.add(notification);
        boolean invalid = invalidTokens.contains(notification.device().pushToken());
        return CompletableFuture.completedFuture(invalid ? PushResult.TOKEN_INVALID : PushResult.DELIVERED);
    }

    /** Every notification so far, in order. */
    public List<PushNotification> sent() {
        return new ArrayList<>(sent);
    }
}
