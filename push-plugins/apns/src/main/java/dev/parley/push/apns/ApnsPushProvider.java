package dev.parley.push.apns;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushNotificationResponse;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import com.eatthepath.pushy.apns.util.InterruptionLevel;
import com.eatthepath.pushy.apns.util.SimpleApnsPayloadBuilder;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import com.eatthepath.pushy.apns.util.TokenUtil;
import dev.parley.api.spi.PushNotification;
import dev.parley.api.spi.PushProvider;
import dev.parley.api.spi.PushResult;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes to iOS and macOS devices through Apple's APNs over HTTP/2, with Pushy. Devices register with
 * platform {@code apns} and their hexadecimal device token. One {@link ApnsClient} is opened in
 * {@link #start()} and shared by all pushes. Thread-safe.
 *
 * <p>APNs answers are mapped so: accepted is {@link PushResult#DELIVERED}; {@code BadDeviceToken},
 * {@code Unregistered} (410) and {@code DeviceTokenNotForTopic} are {@link PushResult#TOKEN_INVALID};
 * 429, 500 and 503 and a connection that fails are {@link PushResult#RETRY_LATER}; any other rejection
 * is {@link PushResult#FAILED}, logged with Apple's reason.
 */
public final class ApnsPushProvider implements PushProvider {

    private static final Logger LOG = LoggerFactory.getLogger(ApnsPushProvider.class);
    private static final Set<String> INVALID_TOKEN = Set.of("BadDeviceToken", "Unregistered", "DeviceTokenNotForTopic");
    /** How long APNs keeps trying to reach a device that is off: a chat message is stale after a day. */
    private static final Duration EXPIRY = Duration.ofDays(1);

    private final ApnsSettings settings;
    private volatile ApnsClient client;

    /** A provider with these settings; it connects in {@link #start()}. */
    public ApnsPushProvider(ApnsSettings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return "apns";
    }

    @Override
    public String platform() {
        return "apns";
    }

    @Override
    public void start() {
        ApnsClientBuilder builder = new ApnsClientBuilder()
                .setApnsServer(settings.host(), settings.port())
                .setConnectionTimeout(settings.connectTimeout());
        try {
            if (settings.keyFile() != null) {
                builder.setSigningKey(ApnsSigningKey.loadFromPkcs8File(settings.keyFile().toFile(), settings.teamId(),
                        settings.keyId()));
            } else {
                builder.setClientCredentials(settings.certFile().toFile(), settings.certPassword());
            }
            if (settings.trustFile() != null) {
                builder.setTrustedServerCertificateChain(settings.trustFile().toFile());
            }
            client = builder.build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("push provider apns: cannot load its key or certificate: " + e.getMessage(), e);
        }
        LOG.info("APNs push provider started for topic {} at {}:{} with {} auth", settings.topic(), settings.host(),
                settings.port(), settings.keyFile() != null ? "token" : "certificate");
    }

    @Override
    public CompletionStage<PushResult> push(PushNotification notification) {
        ApnsClient apns = client;
        if (apns == null) {
            return CompletableFuture.completedFuture(PushResult.RETRY_LATER);
        }
        SimpleApnsPayloadBuilder payload = new SimpleApnsPayloadBuilder();
        payload.setAlertTitle(notification.title());
        payload.setAlertBody(notification.body());
        payload.setBadgeNumber((int) Math.min(Integer.MAX_VALUE, notification.badge()));
        payload.setSound("default");
        payload.setThreadId(notification.collapseKey());
        payload.setInterruptionLevel(notification.urgent() ? InterruptionLevel.TIME_SENSITIVE : InterruptionLevel.ACTIVE);
        payload.addCustomProperty("conversationId", notification.conversationId().value());
        payload.addCustomProperty("seq", notification.message().seq());
        SimpleApnsPushNotification push = new SimpleApnsPushNotification(
                TokenUtil.sanitizeTokenString(notification.device().pushToken()), settings.topic(), payload.build(),
                Instant.now().plus(EXPIRY), DeliveryPriority.IMMEDIATE, PushType.ALERT, notification.collapseKey());
        return apns.sendNotification(push).handle((response, failure) -> {
            if (failure != null) {
                LOG.warn("APNs did not answer: {}", failure.toString());
                return PushResult.RETRY_LATER;
            }
            return result(response);
        });
    }

    static PushResult result(PushNotificationResponse<?> response) {
        if (response.isAccepted()) {
            return PushResult.DELIVERED;
        }
        String reason = response.getRejectionReason().orElse("");
        if (INVALID_TOKEN.contains(reason) || response.getStatusCode() == 410) {
            return PushResult.TOKEN_INVALID;
        }
        int status = response.getStatusCode();
        if (status == 429 || status == 500 || status == 503) {
            LOG.info("APNs asks to try again later: {} {}", status, reason);
            return PushResult.RETRY_LATER;
        }
        LOG.warn("APNs refused a notification: {} {}", status, reason);
        return PushResult.FAILED;
    }

    @Override
    public void close() {
        ApnsClient apns = client;
        client = null;
        if (apns != null) {
            try {
                apns.close().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.warn("the APNs client did not close cleanly: {}", e.toString());
            }
        }
    }
}
