package dev.parley.push.webhook;

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
 * Posts each notification as JSON to the host's own push service, signed with HMAC-SHA256 (see
 * {@link WebhookSignature}), through the JDK's HTTP client. Answers: 2xx is {@link PushResult#DELIVERED};
 * 410 Gone means the host no longer knows the token, {@link PushResult#TOKEN_INVALID}; 408, 429, 5xx,
 * a timeout or a connection that fails are {@link PushResult#RETRY_LATER}; any other status is
 * {@link PushResult#FAILED}. Thread-safe.
 */
public final class WebhookPushProvider implements PushProvider {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookPushProvider.class);

    private final WebhookSettings settings;
    private final Clock clock;
    private volatile HttpClient client;

    /** A provider with these settings. */
    public WebhookPushProvider(WebhookSettings settings) {
        this(settings, Clock.systemUTC());
    }

    WebhookPushProvider(WebhookSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public String id() {
        return "webhook";
    }

    @Override
    public String platform() {
        return settings.platform();
    }

    @Override
    public void start() {
        client = HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        LOG.info("webhook push provider started for platform {}, posting to {}", settings.platform(), settings.url());
    }

    @Override
    public CompletionStage<PushResult> push(PushNotification notification) {
        HttpClient http = client;
        if (http == null) {
            return CompletableFuture.completedFuture(PushResult.RETRY_LATER);
        }
        byte[] body = WebhookPayload.json(notification).getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(settings.url())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header(WebhookSignature.TIMESTAMP_HEADER, timestamp)
                .header(WebhookSignature.HEADER, WebhookSignature.sign(settings.secret(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
            if (failure != null) {
                LOG.warn("the push webhook did not answer: {}", failure.toString());
                return PushResult.RETRY_LATER;
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return PushResult.DELIVERED;
            }
            if (status == 410) {
                return PushResult.TOKEN_INVALID;
            }
            if (status == 408 || status == 429 || status >= 500) {
                return PushResult.RETRY_LATER;
            }
            LOG.warn("the push webhook refused a notification with status {}", status);
            return PushResult.FAILED;
        });
    }

    @Override
    public void close() {
        client = null;
    }
}
