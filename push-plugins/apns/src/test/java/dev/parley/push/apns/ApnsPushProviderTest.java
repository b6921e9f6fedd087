package dev.parley.push.apns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.api.ConversationId;
import dev.parley.api.Device;
import dev.parley.api.DeviceId;
import dev.parley.api.Message;
import dev.parley.api.MessageId;
import dev.parley.api.MessageKind;
import dev.parley.api.UserId;
import dev.parley.api.spi.PushNotification;
import dev.parley.api.spi.PushResult;
import io.netty.util.Version;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The APNs provider against Pushy's MockApnsServer: real TLS, real HTTP/2, a validating handler. */
class ApnsPushProviderTest {

    @TempDir
    static Path shared;
    @TempDir
    Path dir;
    /** One server for the token tests: Netty's graceful shutdown takes seconds, so it is not paid per test. */
    private static MockApns apns;
    private ApnsPushProvider provider;

    @BeforeAll
    static void startServer() throws Exception {
        apns = new MockApns(shared, null, MockApns.freePort());
    }

    @AfterAll
    static void stopServer() throws Exception {
        apns.close();
    }

    @BeforeEach
    void forget() {
        apns.received.clear();
    }

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
    }

    static PushNotification notification(String token, boolean urgent) {
        Message message = new Message(MessageId.of(41), ConversationId.of(7), 3, UserId.of(2), "c-1", MessageKind.TEXT,
                "see you at 8", null, null, List.of(), Instant.parse("2026-01-01T10:00:00Z"), null, false);
        Device device = new Device(UserId.of(5), DeviceId.of("phone"), "apns", token, Instant.parse("2026-01-01T09:00:00Z"));
        return new PushNotification(device, message, "Alice", "see you at 8", 4, "c7", urgent);
    }

    private PushResult push(PushNotification notification) throws Exception {
        return provider.push(notification).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("a good push with a .p8 token is accepted, with title, body, badge, collapse id and topic")
    void tokenAuthDelivers() throws Exception {
        provider = (ApnsPushProvider) new ApnsProviderFactory().create(apns.tokenSettings());
        provider.start();
        String token = apns.knownToken();

        assertThat(push(notification(token, true))).isEqualTo(PushResult.DELIVERED);

        assertThat(apns.received).hasSize(1);
        MockApns.Received received = apns.received.get(0);
        assertThat(received.rejection()).isNull();
        assertThat(received.headers()).containsEntry(":path", "/3/device/" + token)
                .containsEntry("apns-topic", MockApns.TOPIC)
                .containsEntry("apns-collapse-id", "c7")
                .containsEntry("apns-push-type", "alert")
                .containsEntry("apns-priority", "10");
        assertThat(received.headers().get("authorization")).startsWith("bearer ");
        assertThat(received.payload()).contains("\"title\":\"Alice\"").contains("\"body\":\"see you at 8\"")
                .contains("\"badge\":4").contains("\"thread-id\":\"c7\"").contains("\"interruption-level\":\"time-sensitive\"")
                .contains("\"conversationId\":7");
    }

    @Test
    @DisplayName("Unregistered (410), a token of another app and BadDeviceToken are invalid tokens")
    void invalidTokens() throws Exception {
        provider = (ApnsPushProvider) new ApnsProviderFactory().create(apns.tokenSettings());
        provider.start();

        assertThat(push(notification(apns.unregisteredToken(), false))).isEqualTo(PushResult.TOKEN_INVALID);
        assertThat(push(notification(MockApns.randomToken(), false))).isEqualTo(PushResult.TOKEN_INVALID);
        assertThat(push(notification("0123456789abcdefzz", false))).isEqualTo(PushResult.TOKEN_INVALID);

        assertThat(apns.received).extracting(MockApns.Received::rejection)
                .containsExactly("UNREGISTERED", "DEVICE_TOKEN_NOT_FOR_TOPIC", "BAD_DEVICE_TOKEN");
    }

    @Test
    @DisplayName("a signing key APNs does not know is refused for good, not retried")
    void wrongKeyFails() throws Exception {
        Map<String, String> settings = new HashMap<>(apns.tokenSettings());
        settings.put("key-id", "OTHERKEY99");
        provider = (ApnsPushProvider) new ApnsProviderFactory().create(settings);
        provider.start();

        assertThat(push(notification(apns.knownToken(), false))).isEqualTo(PushResult.FAILED);
        assertThat(apns.received).extracting(MockApns.Received::rejection).containsExactly("INVALID_PROVIDER_TOKEN");
    }

    @Test
    @DisplayName("a client certificate authenticates too")
    void certificateAuthDelivers() throws Exception {
        TestCertificates client = TestCertificates.create(dir, "apns-client",
                "UID=" + MockApns.TOPIC + ", CN=Apple Push Services: " + MockApns.TOPIC, null);
        try (MockApns withClientAuth = new MockApns(dir, client, MockApns.freePort())) {
            provider = (ApnsPushProvider) new ApnsProviderFactory().create(Map.of("topic", MockApns.TOPIC,
                    "server", "127.0.0.1:" + withClientAuth.port, "cert-file", client.p12().toString(),
                    "cert-password", client.password(), "trust-file", withClientAuth.serverCertificates.pem().toString()));
            provider.start();
            String token = withClientAuth.knownToken();

            assertThat(push(notification(token, false))).isEqualTo(PushResult.DELIVERED);
            assertThat(withClientAuth.received).hasSize(1);
            assertThat(withClientAuth.received.get(0).headers()).doesNotContainKey("authorization");
            provider.close();
        }
    }

    @Test
    @DisplayName("a server that is down means retry later, within the connect timeout")
    void serverDown() throws Exception {
        Map<String, String> settings = new HashMap<>(apns.tokenSettings());
        settings.put("server", "127.0.0.1:" + MockApns.freePort());
        provider = (ApnsPushProvider) new ApnsProviderFactory().create(settings);
        provider.start();

        long started = System.nanoTime();
        assertThat(push(notification(apns.knownToken(), false))).isEqualTo(PushResult.RETRY_LATER);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat(apns.received).isEmpty();
    }

    @Test
    @DisplayName("settings name what is missing or conflicting")
    void badSettings() {
        assertThatThrownBy(() -> ApnsSettings.from(Map.of("key-file", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("push.apns.topic");
        assertThatThrownBy(() -> ApnsSettings.from(Map.of("topic", "t")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("either key-file").hasMessageContaining("neither");
        assertThatThrownBy(() -> ApnsSettings.from(Map.of("topic", "t", "key-file", dir.resolve("none.p8").toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read");
        assertThatThrownBy(() -> ApnsSettings.from(Map.of("topic", "t", "server", "host:http")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("push.apns.server");
    }

    @Test
    @DisplayName("Pushy runs on the one Netty of the build: every Netty artifact here is the version the root pom pins")
    void oneNetty() {
        String pinned = System.getProperty("parley.netty.version");
        assertThat(pinned).as("the build passes the pinned Netty version").isNotBlank();
        Map<String, Version> versions = Version.identify();
        assertThat(versions).containsKeys("netty-codec-http2", "netty-handler", "netty-transport");
        assertThat(versions.values()).allSatisfy(v -> assertThat(v.artifactVersion()).isEqualTo(pinned));
    }
}
