package dev.parley.api.spi;

import java.util.concurrent.CompletionStage;

/**
 * Sends push notifications through one push service, such as APNs or FCM, to devices whose
 * {@link dev.parley.api.Device#platform()} equals this provider's {@link #platform()}.
 *
 * <p>The engine calls {@link #push} from its own push threads, never from a transport's I/O thread
 * and never while it holds the message path, and only between {@link #start()} and {@link #close()}.
 * Implementations are thread-safe and should not block: return a stage that completes when the
 * service has answered. The stage should complete with a {@link PushResult}; if it completes
 * exceptionally, or {@code push} throws, the engine counts it as {@link PushResult#RETRY_LATER}.
 *
 * <p>Providers that need settings are created by a {@link PushProviderFactory}, which is what
 * {@link java.util.ServiceLoader} and the plugins folder find.
 */
public interface PushProvider extends ChatExtension {

    /** The platform this provider serves, for example {@code apns}. */
    String platform();

    /** Sends one notification. The stage completes with the outcome; it should not complete exceptionally. */
    CompletionStage<PushResult> push(PushNotification notification);
}
