package dev.parley.push.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.api.ConversationId;
import dev.parley.api.Device;
import dev.parley.api.DeviceId;
import dev.parley.api.Message;
import dev.parley.api.MessageId;
import dev.parley.api.MessageKind;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.spi.PushNotification;
import dev.parley.api.spi.PushResult;
import dev.parley.core.ChatEngine;
import dev.parley.store.memory.MemoryChatStore;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The webhook provider against a real local HTTP server that checks every signature. */
class WebhookPushProviderTest {

    private static final String SECRET = "a-secret-of-sixteen-or-more";
    private SigningHookServer hooks;
    private WebhookPushProvider provider;

    @BeforeEach
    void start() throws Exception {
        hooks = new SigningHookServer(SECRET);
    }

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
        hooks.close();
    }

    private WebhookPushProvider provider(String url, String secret) {
        provider = (WebhookPushProvider) new WebhookProviderFactory().create(Map.of("url", url, "secret", secret,
                "platform", "hook", "timeout", "3"));
        provider.start();
        return provider;
    }

    private static PushNotification notification() {
        Message message = new Message(MessageId.of(41), ConversationId.of(7), 3, UserId.of(2), "c-1", MessageKind.TEXT,
                "\"quoted\" 😀", null, null, List.of(), Instant.parse("2026-01-01T10:00:00Z"), null, false);
        Device device = new Device(UserId.of(5), DeviceId.of("phone"), "hook", "tok-1", Instant.parse("2026-01-01T09:00:00Z"));
        return new PushNotification(device, message, "Alice", "\"quoted\" 😀\nline", 4, "c7", true);
    }

    private static PushResult answer(java.util.concurrent.CompletionStage<PushResult> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("a push is a signed JSON POST that the host's server verifies and reads")
    void signedPost() throws Exception {
        assertThat(answer(provider(hooks.url(), SECRET).push(notification()))).isEqualTo(PushResult.DELIVERED);

        assertThat(hooks.refusedSignatures).isZero();
        assertThat(hooks.accepted).hasSize(1);
        SigningHookServer.Hook hook = hooks.accepted.get(0);
        assertThat(hook.contentType()).startsWith("application/json");
        assertThat(Long.parseLong(hook.timestamp())).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        JsonNode json = new ObjectMapper().readTree(hook.body());
        assertThat(json.get("platform").asText()).isEqualTo("hook");
        assertThat(json.get("token").asText()).isEqualTo("tok-1");
        assertThat(json.get("deviceId").asText()).isEqualTo("phone");
        assertThat(json.get("userId").asLong()).isEqualTo(5);
        assertThat(json.get("conversationId").asLong()).isEqualTo(7);
        assertThat(json.get("messageId").asLong()).isEqualTo(41);
        assertThat(json.get("seq").asLong()).isEqualTo(3);
        assertThat(json.get("title").asText()).isEqualTo("Alice");
        assertThat(json.get("body").asText()).isEqualTo("\"quoted\" 😀\nline");
        assertThat(json.get("badge").asLong()).isEqualTo(4);
        assertThat(json.get("collapseKey").asText()).isEqualTo("c7");
        assertThat(json.get("urgent").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("a wrong secret gets the server's 401, which is a failure, not a retry")
    void wrongSecret() throws Exception {
        assertThat(answer(provider(hooks.url(), "not-the-shared-secret").push(notification()))).isEqualTo(PushResult.FAILED);
        assertThat(hooks.refusedSignatures).isEqualTo(1);
        assertThat(hooks.accepted).isEmpty();
    }

    @Test
    @DisplayName("410 means the token is gone, 503 and 429 mean retry later")
    void statuses() throws Exception {
        provider(hooks.url(), SECRET);
        hooks.status = 410;
        assertThat(answer(provider.push(notification()))).isEqualTo(PushResult.TOKEN_INVALID);
        hooks.status = 503;
        assertThat(answer(provider.push(notification()))).isEqualTo(PushResult.RETRY_LATER);
        hooks.status = 429;
        assertThat(answer(provider.push(notification()))).isEqualTo(PushResult.RETRY_LATER);
        hooks.status = 400;
        assertThat(answer(provider.push(notification()))).isEqualTo(PushResult.FAILED);
    }

    @Test
    @DisplayName("a host that is down means retry later")
    void down() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThat(answer(provider("http://127.0.0.1:" + port + "/push", SECRET).push(notification())))
                .isEqualTo(PushResult.RETRY_LATER);
    }

    @Test
    @DisplayName("settings name what is missing or wrong")
    void badSettings() {
        assertThatThrownBy(() -> WebhookSettings.from(Map.of("secret", SECRET)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("push.webhook.url");
        assertThatThrownBy(() -> WebhookSettings.from(Map.of("url", "ftp://example.com/x", "secret", SECRET)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://");
        assertThatThrownBy(() -> WebhookSettings.from(Map.of("url", "https://example.com/x", "secret", "short")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("push.webhook.secret");
    }

    @Test
    @DisplayName("found by id through ServiceLoader, an engine pushes to an offline user and forgets a token the host calls gone; the host's registry counts both")
    void throughTheEngine() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        try (ChatEngine engine = ChatEngine.builder().store(new MemoryChatStore()).meterRegistry(meters)
                .pushProvider("webhook", Map.of("url", hooks.url(), "secret", SECRET))
                .build().start()) {
            User alice = engine.users().register("alice", "Alice", "correct horse battery");
            User bob = engine.users().register("bob", "Bob", "correct horse battery");
            engine.friends().request(alice.id(), bob.id());
            engine.friends().accept(bob.id(), alice.id());
            engine.devices().register(bob.id(), DeviceId.of("bob-phone"), "webhook", "bob-token");

            engine.messages().sendDirect(alice.id(), bob.id(), dev.parley.api.MessageDraft.text("dinner?"));
            await().atMost(Duration.ofSeconds(10)).until(() -> hooks.accepted.size() == 1);
            assertThat(hooks.accepted.get(0).body()).contains("\"token\":\"bob-token\"").contains("\"badge\":1")
                    .contains("\"body\":\"dinner?\"");
            // The service has it before the provider has read the answer, which the counter waits for.
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.pushStats().sent("webhook") == 1);

            hooks.status = 410;
            engine.messages().sendDirect(alice.id(), bob.id(), dev.parley.api.MessageDraft.text("still there?"));
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.devices().list(bob.id()).isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.pushStats().tokensRemoved("webhook") == 1);
            assertThat(meters.get("parley.push.sent").tag("provider", "webhook").functionCounter().count()).isEqualTo(1);
            assertThat(meters.get("parley.push.tokens.removed").tag("provider", "webhook").functionCounter().count())
                    .isEqualTo(1);
            assertThat(meters.get("parley.push.failed").tag("provider", "webhook").functionCounter().count()).isZero();
        }
    }
}
