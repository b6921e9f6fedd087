package dev.parley.push.fcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.ConversationId;
import dev.parley.api.Device;
import dev.parley.api.DeviceId;
import dev.parley.api.Message;
import dev.parley.api.MessageId;
import dev.parley.api.MessageKind;
import dev.parley.api.UserId;
import dev.parley.api.spi.PushNotification;
import dev.parley.api.spi.PushResult;
import dev.parley.testkit.push.FakeFcmServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FCM provider against a local fake FCM and token server that check the JWT, the bearer token and the body. */
class FcmPushProviderTest {

    @TempDir
    Path dir;
    private FakeFcmServer fcm;
    private FcmPushProvider provider;

    @BeforeEach
    void start() throws Exception {
        fcm = new FakeFcmServer();
        provider = (FcmPushProvider) new FcmProviderFactory().create(Map.of(
                "credentials-file", fcm.writeServiceAccount(dir).toString(), "base-url", fcm.baseUrl()));
        provider.start();
    }

    @AfterEach
    void stop() {
        provider.close();
        fcm.close();
    }

    private static PushNotification notification(String token) {
        Message message = new Message(MessageId.of(41), ConversationId.of(7), 3, UserId.of(2), "c-1", MessageKind.TEXT,
                "see you at 8", null, null, List.of(), Instant.parse("2026-01-01T10:00:00Z"), null, false);
        Device device = new Device(UserId.of(5), DeviceId.of("pixel"), "fcm", token, Instant.parse("2026-01-01T09:00:00Z"));
        return new PushNotification(device, message, "Alice", "see you at 8", 4, "c7", false);
    }

    private PushResult push(String token) throws Exception {
        PushResult result = provider.push(notification(token)).toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertThat(fcm.refusals()).as("what the fake FCM refused").isEmpty();
        return result;
    }

    @Test
    @DisplayName("a push gets an access token for the service account once, then sends the HTTP v1 message with it")
    void delivers() throws Exception {
        assertThat(push("fcm-token-1")).isEqualTo(PushResult.DELIVERED);
        assertThat(push("fcm-token-2")).isEqualTo(PushResult.DELIVERED);

        assertThat(fcm.refusals()).isEmpty();
        assertThat(fcm.tokenRequests()).isEqualTo(1);
        assertThat(fcm.accepted()).hasSize(2);
        JsonNode message = fcm.accepted().get(0);
        assertThat(message.path("token").asText()).isEqualTo("fcm-token-1");
        assertThat(message.path("notification").path("title").asText()).isEqualTo("Alice");
        assertThat(message.path("notification").path("body").asText()).isEqualTo("see you at 8");
        assertThat(message.path("data").path("conversationId").asText()).isEqualTo("7");
        assertThat(message.path("data").path("badge").asText()).isEqualTo("4");
        assertThat(message.path("android").path("collapse_key").asText()).isEqualTo("c7");
        assertThat(message.path("android").path("notification").path("notification_count").asInt()).isEqualTo(4);
        assertThat(message.path("apns").path("payload").path("aps").path("badge").asInt()).isEqualTo(4);
    }

    @Test
    @DisplayName("UNREGISTERED is an invalid token; UNAVAILABLE is retry later")
    void errors() throws Exception {
        fcm.unregister("gone");
        assertThat(push("gone")).isEqualTo(PushResult.TOKEN_INVALID);
        fcm.unavailable(true);
        assertThat(push("fcm-token-1")).isEqualTo(PushResult.RETRY_LATER);
        fcm.unavailable(false);
        assertThat(push("fcm-token-1")).isEqualTo(PushResult.DELIVERED);
    }

    @Test
    @DisplayName("a key the token server does not accept means no access token, so retry later, and nothing is sent")
    void wrongKey() throws Exception {
        provider.close();
        FakeFcmServer other = new FakeFcmServer();
        try {
            // A key file of another server's account, pointed at this token server: the JWT signature fails.
            Path otherKey = other.writeServiceAccount(Files.createDirectories(dir.resolve("other")));
            provider = (FcmPushProvider) new FcmProviderFactory().create(Map.of("credentials-file", otherKey.toString(),
                    "base-url", fcm.baseUrl(), "token-uri", fcm.tokenUri()));
            provider.start();
            assertThat(provider.push(notification("fcm-token-1")).toCompletableFuture().get(20, TimeUnit.SECONDS))
                    .isEqualTo(PushResult.RETRY_LATER);
            assertThat(fcm.refusals()).containsExactly("bad JWT signature");
            assertThat(fcm.sendRequests()).isZero();
        } finally {
            other.close();
        }
    }

    @Test
    @DisplayName("settings name what is missing or wrong")
    void badSettings() {
        assertThatThrownBy(() -> FcmSettings.from(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("push.fcm.credentials-file");
        assertThatThrownBy(() -> FcmSettings.from(Map.of("credentials-file", dir.resolve("none.json").toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read");
    }
}
