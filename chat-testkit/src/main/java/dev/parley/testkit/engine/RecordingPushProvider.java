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
 * A {@link PushProvider} for tests that keeps every notification instead of sending it, answers
 * {@link PushResult#TOKEN_INVALID} for tokens it is told are invalid, and {@link PushResult#RETRY_LATER}
 * while it is told it is down (keeping those attempts too). Thread-safe.
 */
public final class RecordingPushProvider implements PushProvider {

    private final String platform;
    private final ConcurrentLinkedQueue<PushNotification> sent = new ConcurrentLinkedQueue<>();
    private final Set<String> invalidTokens = ConcurrentHashMap.newKeySet();
    private volatile boolean down;

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

    /** While down, every push is answered with retry-later. */
    public void down(boolean isDown) {
        this.down = isDown;
    }

    @Override
    public CompletionStage<PushResult> push(PushNotification notification) {
        sent.add(notification);
        if (down) {
            return CompletableFuture.completedFuture(PushResult.RETRY_LATER);
        }
        boolean invalid = invalidTokens.contains(notification.device().pushToken());
        return CompletableFuture.completedFuture(invalid ? PushResult.TOKEN_INVALID : PushResult.DELIVERED);
    }

    /** Every notification so far, in order. */
    public List<PushNotification> sent() {
        return new ArrayList<>(sent);
    }
}
