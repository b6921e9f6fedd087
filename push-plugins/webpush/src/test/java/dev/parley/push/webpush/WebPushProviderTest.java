package dev.parley.push.webpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.api.ConversationId;
import dev.parley.api.Device;
import dev.parley.api.DeviceId;
import dev.parley.api.Message;
import dev.parley.api.MessageDraft;
import dev.parley.api.MessageId;
import dev.parley.api.MessageKind;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.spi.PushNotification;
import dev.parley.api.spi.PushResult;
import dev.parley.core.ChatEngine;
import dev.parley.store.memory.MemoryChatStore;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Web Push provider against a local push service that checks VAPID and decrypts with the subscription's key. */
class WebPushProviderTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private LocalPushService service;
    private Map<String, String> settings;
    private WebPushProvider provider;

    @BeforeEach
    void start() throws Exception {
        service = new LocalPushService();
        KeyPair vapid = WebPushCrypto.newKeyPair();
        service.expectedVapidKey = (ECPublicKey) vapid.getPublic();
        settings = Map.of("public-key", B64.encodeToString(WebPushCrypto.encode((ECPublicKey) vapid.getPublic())),
                "private-key", B64.encodeToString(WebPushCrypto.encode((ECPrivateKey) vapid.getPrivate())),
                "subject", "mailto:ops@example.com");
        provider = (WebPushProvider) new WebPushProviderFactory().create(settings);
        provider.start();
    }

    @AfterEach
    void stop() {
        provider.close();
        service.close();
    }

    private static PushNotification notification(String subscription) {
        Message message = new Message(MessageId.of(41), ConversationId.of(7), 3, UserId.of(2), "c-1", MessageKind.TEXT,
                "see you at 8 🍉", null, null, List.of(), Instant.parse("2026-01-01T10:00:00Z"), null, false);
        Device device = new Device(UserId.of(5), DeviceId.of("firefox"), "webpush", subscription, Instant.parse("2026-01-01T09:00:00Z"));
        return new PushNotification(device, message, "Alice", "see you at 8 🍉", 4, "c7", true);
    }

    private PushResult push(String subscription) throws Exception {
        return provider.push(notification(subscription)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("the push service accepts the VAPID token and decrypts the payload with the subscription's key")
    void delivers() throws Exception {
        assertThat(push(service.subscribe())).isEqualTo(PushResult.DELIVERED);

        assertThat(service.refusals).isEmpty();
        assertThat(service.delivered).hasSize(1);
        LocalPushService.Delivered delivered = service.delivered.get(0);
        JsonNode payload = new ObjectMapper().readTree(delivered.payload());
        assertThat(payload.path("title").asText()).isEqualTo("Alice");
        assertThat(payload.path("body").asText()).isEqualTo("see you at 8 🍉");
        assertThat(payload.path("badge").asLong()).isEqualTo(4);
        assertThat(payload.path("conversationId").asLong()).isEqualTo(7);
        assertThat(delivered.headers()).containsEntry("ttl", "86400").containsEntry("urgency", "high")
                .containsEntry("topic", "c7").containsEntry("content-encoding", "aes128gcm");
    }

    @Test
    @DisplayName("a dropped subscription (410) and a token that is no subscription are invalid tokens")
    void invalid() throws Exception {
        String subscription = service.subscribe();
        service.drop(subscription);
        assertThat(push(subscription)).isEqualTo(PushResult.TOKEN_INVALID);
        assertThat(push("{\"endpoint\":\"nope\"}")).isEqualTo(PushResult.TOKEN_INVALID);
    }

    @Test
    @DisplayName("another server's VAPID key is refused by the push service, which fails the push")
    void wrongVapidKey() throws Exception {
        service.expectedVapidKey = (ECPublicKey) WebPushCrypto.newKeyPair().getPublic();
        assertThat(push(service.subscribe())).isEqualTo(PushResult.FAILED);
        assertThat(service.refusals).containsExactly("another application server's key");
    }

    @Test
    @DisplayName("settings name what is missing or wrong")
    void badSettings() {
        assertThatThrownBy(() -> WebPushSettings.from(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("push.webpush.public-key");
        assertThatThrownBy(() -> WebPushSettings.from(Map.of("public-key", settings.get("public-key"),
                "private-key", settings.get("private-key"), "subject", "ops@example.com")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("push.webpush.subject");
    }

    @Test
    @DisplayName("found by id through ServiceLoader, an engine pushes to an offline user's browser")
    void throughTheEngine() {
        try (ChatEngine engine = ChatEngine.builder().store(new MemoryChatStore())
                .pushProvider("webpush", settings).build().start()) {
            User alice = engine.users().register("alice", "Alice", "correct horse battery");
            User bob = engine.users().register("bob", "Bob", "correct horse battery");
            engine.friends().request(alice.id(), bob.id());
            engine.friends().accept(bob.id(), alice.id());
            engine.devices().register(bob.id(), DeviceId.of("firefox"), "webpush", service.subscribe());
            engine.messages().sendDirect(alice.id(), bob.id(), MessageDraft.text("dinner?"));
            await().atMost(Duration.ofSeconds(10)).until(() -> service.delivered.size() == 1);
            assertThat(service.delivered.get(0).payload()).contains("\"body\":\"dinner?\"").contains("\"badge\":1");
            // The service has it before the provider has read the answer, which the counter waits for.
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.pushStats().sent("webpush") == 1);
        }
    }
}
