package dev.parley.push.webpush;

import dev.parley.api.spi.PushNotification;
import dev.parley.api.spi.PushProvider;
import dev.parley.api.spi.PushResult;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes to browsers through their push service (Mozilla's, Google's, Apple's …) with the Web Push
 * protocol (RFC 8030): the payload encrypted for the subscription (RFC 8291, {@code aes128gcm}) and the
 * server identified by VAPID (RFC 8292). Devices register with platform {@code webpush} and the
 * subscription's JSON as the token. Thread-safe.
 *
 * <p>Answers: 2xx is {@link PushResult#DELIVERED}; 404 and 410 (the subscription expired or was
 * removed) and a token that is not a subscription are {@link PushResult#TOKEN_INVALID}; 429, 5xx and a
 * connection that fails are {@link PushResult#RETRY_LATER}; any other status is {@link PushResult#FAILED}.
 */
public final class WebPushProvider implements PushProvider {

    private static final Logger LOG = LoggerFactory.getLogger(WebPushProvider.class);

    private final WebPushSettings settings;
    private final Vapid vapid;
    private final Clock clock;
    private volatile HttpClient client;

    /** A provider with these settings. */
    public WebPushProvider(WebPushSettings settings) {
        this.settings = settings;
        this.vapid = new Vapid(settings.privateKey(), settings.publicKey(), settings.subject());
        this.clock = Clock.systemUTC();
    }

    @Override
    public String id() {
        return "webpush";
    }

    @Override
    public String platform() {
        return "webpush";
    }

    @Override
    public void start() {
        client = HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        LOG.info("Web Push provider started, VAPID subject {}", settings.subject());
    }

    @Override
    public CompletionStage<PushResult> push(PushNotification notification) {
        HttpClient http = client;
        if (http == null) {
            return CompletableFuture.completedFuture(PushResult.RETRY_LATER);
        }
        WebPushSubscription subscription;
        try {
            subscription = WebPushSubscription.parse(notification.device().pushToken());
        } catch (IllegalArgumentException e) {
            LOG.info("a webpush device's token is not a subscription: {}", e.getMessage());
            return CompletableFuture.completedFuture(PushResult.TOKEN_INVALID);
        }
        byte[] body = WebPushCrypto.encrypt(payload(notification).getBytes(StandardCharsets.UTF_8),
                subscription.p256dh(), subscription.auth());
        HttpRequest request = HttpRequest.newBuilder(subscription.endpoint())
                .timeout(settings.timeout())
                .header("Authorization", vapid.authorization(subscription.endpoint(), clock.instant()))
                .header("Content-Encoding", "aes128gcm")
                .header("Content-Type", "application/octet-stream")
                .header("TTL", Long.toString(settings.ttl().toSeconds()))
                .header("Urgency", notification.urgent() ? "high" : "normal")
                // RFC 8030 Topic: a newer message for the conversation replaces one not yet delivered.
                .header("Topic", notification.collapseKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
            if (failure != null) {
                LOG.warn("the push service did not answer: {}", failure.toString());
                return PushResult.RETRY_LATER;
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return PushResult.DELIVERED;
            }
            if (status == 404 || status == 410) {
                return PushResult.TOKEN_INVALID;
            }
            if (status == 429 || status >= 500) {
                return PushResult.RETRY_LATER;
            }
            LOG.warn("the push service refused a notification with status {}", status);
            return PushResult.FAILED;
        });
    }

    /** What the service worker receives, decrypted: the notification as JSON. */
    static String payload(PushNotification n) {
        return "{\"title\":" + quote(n.title()) + ",\"body\":" + quote(n.body()) + ",\"badge\":" + n.badge()
                + ",\"conversationId\":" + n.conversationId().value() + ",\"messageId\":" + n.message().id().value()
                + ",\"seq\":" + n.message().seq() + ",\"tag\":" + quote(n.collapseKey()) + ",\"urgent\":" + n.urgent() + "}";
    }

    private static String quote(String value) {
        StringBuilder json = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    @Override
    public void close() {
        client = null;
    }
}
