package dev.parley.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.ChatClient;
import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.ChatEngine;
import dev.parley.store.memory.MemoryChatStore;
import dev.parley.testkit.transport.KitClient;
import dev.parley.transport.websocket.WebSocketTransport;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One engine with both transports: a user on TCP and a user on WebSocket chat with each other. */
class TcpWebSocketInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PASSWORD = "correct horse battery";

    private TcpTransport tcp;
    private WebSocketTransport webSocket;
    private ChatEngine engine;
    private KitClient alice;
    private ChatClient bob;
    private long aliceId;
    private long bobId;
    private long conversation;

    @BeforeEach
    void start() throws Exception {
        tcp = TcpTransport.builder().host("127.0.0.1").port(0).build();
        webSocket = WebSocketTransport.builder().host("127.0.0.1").port(0).build();
        engine = ChatEngine.builder()
                .store(new MemoryChatStore())
                .passwordHasher(new Argon2idPasswordHasher(1024, 1, 1))
                .transport(webSocket)
                .transport(tcp)
                .build().start();
        alice = new KitClient(new LineClient(tcp.port()));
        aliceId = alice.register("alice", PASSWORD).path("user").path("id").asLong();
        bob = ChatClient.connect(webSocket.uri());
        bobId = bob.register("bob", "Bob", PASSWORD).path("user").path("id").asLong();
        alice.ok("friends.request", Map.of("userId", bobId));
        bob.call("friends.accept", Map.of("userId", aliceId)).orThrow();
        conversation = alice.ok("send", Map.of("toUserId", bobId, "text", "first"))
                .path("message").path("conversationId").asLong();
        bob.awaitEvent("message", WAIT);
    }

    @AfterEach
    void stop() {
        alice.close();
        bob.close();
        engine.close();
    }

    @Test
    @DisplayName("both transports run in one engine, each on its own port")
    void bothListen() {
        assertThat(tcp.port()).isPositive();
        assertThat(webSocket.port()).isPositive().isNotEqualTo(tcp.port());
        assertThat(engine.sessions().isOnline(dev.parley.api.UserId.of(aliceId))).isTrue();
        assertThat(engine.sessions().isOnline(dev.parley.api.UserId.of(bobId))).isTrue();
    }

    @Test
    @DisplayName("messages go from TCP to WebSocket and back, in one conversation with one seq order")
    void messages() {
        alice.ok("send", Map.of("conversationId", conversation, "text", "Hi Bob, from a TCP socket 👋"));
        JsonNode toBob = bob.awaitEvent("message", WAIT).data().path("message");
        assertThat(toBob.path("text").asText()).isEqualTo("Hi Bob, from a TCP socket 👋");
        assertThat(toBob.path("senderId").asLong()).isEqualTo(aliceId);
        assertThat(toBob.path("seq").asLong()).isEqualTo(2);

        bob.call("send", Map.of("conversationId", conversation, "text", "Hi Alice, from a WebSocket 🧑🏽‍💻")).orThrow();
        JsonNode toAlice = alice.awaitEvent("message").path("message");
        assertThat(toAlice.path("text").asText()).isEqualTo("Hi Alice, from a WebSocket 🧑🏽‍💻");
        assertThat(toAlice.path("senderId").asLong()).isEqualTo(bobId);
        assertThat(toAlice.path("seq").asLong()).isEqualTo(3);
    }

    @Test
    @DisplayName("read and delivered receipts cross from WebSocket to TCP and from TCP to WebSocket")
    void receipts() {
        bob.call("receipts.read", Map.of("conversationId", conversation, "seq", 1)).orThrow();
        JsonNode fromBob = alice.awaitEvent("receipt",
                e -> e.path("cursor").path("userId").asLong() == bobId).path("cursor");
        assertThat(fromBob.path("readSeq").asLong()).isEqualTo(1);

        bob.call("send", Map.of("conversationId", conversation, "text", "two")).orThrow();
        alice.awaitEvent("message");
        alice.ok("receipts.delivered", Map.of("conversationId", conversation, "seq", 2));
        alice.ok("receipts.read", Map.of("conversationId", conversation, "seq", 2));
        JsonNode fromAlice = bob.awaitEvent("receipt", e -> e.path("cursor").path("userId").asLong() == aliceId
                && e.path("cursor").path("readSeq").asLong() == 2, WAIT).data().path("cursor");
        assertThat(fromAlice.path("deliveredSeq").asLong()).isEqualTo(2);
    }

    @Test
    @DisplayName("typing shows from TCP on WebSocket and from WebSocket on TCP")
    void typing() {
        alice.ok("typing", Map.of("conversationId", conversation, "typing", true));
        JsonNode onBob = bob.awaitEvent("typing", WAIT).data();
        assertThat(onBob.path("userId").asLong()).isEqualTo(aliceId);
        assertThat(onBob.path("typing").asBoolean()).isTrue();

        bob.call("typing", Map.of("conversationId", conversation, "typing", true)).orThrow();
        JsonNode onAlice = alice.awaitEvent("typing");
        assertThat(onAlice.path("userId").asLong()).isEqualTo(bobId);
        assertThat(onAlice.path("conversationId").asLong()).isEqualTo(conversation);
        assertThat(onAlice.path("typing").asBoolean()).isTrue();
    }
}
