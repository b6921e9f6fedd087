package dev.parley.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.ChatClient;
import dev.parley.client.Reply;
import dev.parley.core.ChangeLogRetention;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Sync by change number over a real WebSocket: what a client that was offline learns when it comes back. */
class WebSocketChangeSyncTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private final ChatServer server = new ChatServer(t -> {
    }, e -> e.changeLogRetention(new ChangeLogRetention(Duration.ZERO, 1)));

    @AfterEach
    void stop() {
        server.close();
    }

    private static long id(ChatClient client) {
        return client.call("me").orThrow().path("user").path("id").asLong();
    }

    private static List<JsonNode> changes(JsonNode synced) {
        List<JsonNode> changes = new ArrayList<>();
        synced.path("conversations").forEach(c -> c.path("changes").forEach(changes::add));
        return changes;
    }

    @Test
    @DisplayName("a client syncing from its change number gets the edit and the delete it missed, once")
    void offlineClientGetsEditAndDelete() throws Exception {
        ChatClient alice = server.user("alice");
        ChatClient bob = server.user("bob");
        alice.call("friends.request", Map.of("userId", id(bob))).orThrow();
        bob.call("friends.accept", Map.of("userId", id(alice))).orThrow();
        JsonNode first = alice.call("send", Map.of("toUserId", id(bob), "text", "see you at 7")).orThrow().path("message");
        JsonNode second = alice.call("send", Map.of("toUserId", id(bob), "text", "bring the map")).orThrow().path("message");
        String conversation = first.path("conversationId").asText();
        JsonNode live = bob.awaitEvent("message", m -> m.path("message").path("id").equals(second.path("id")), WAIT).data();
        long token = live.path("message").path("changeNumber").asLong();
        assertThat(token).isEqualTo(second.path("changeNumber").asLong()).isPositive();
        bob.close();

        alice.call("edit", Map.of("messageId", first.path("id").asLong(), "text", "see you at 8")).orThrow();
        alice.call("delete", Map.of("messageId", second.path("id").asLong())).orThrow();

        ChatClient bobLater = server.device("bob");
        JsonNode synced = bobLater.call("sync", Map.of("changesSince", Map.of(conversation, token))).orThrow();
        List<JsonNode> changes = changes(synced);
        assertThat(changes).extracting(c -> c.path("kind").asText()).containsExactly("edited", "deleted");
        assertThat(changes.get(0).path("message").path("text").asText()).isEqualTo("see you at 8");
        assertThat(changes.get(1).path("message").path("deleted").asBoolean()).isTrue();
        assertThat(changes.get(1).path("message").has("text")).isFalse();
        assertThat(changes.get(1).path("message").path("seq").asLong()).isEqualTo(second.path("seq").asLong());
        JsonNode batch = synced.path("conversations").get(0);
        assertThat(batch.path("hasMore").asBoolean()).isFalse();
        long next = batch.path("lastChange").asLong();

        assertThat(changes(bobLater.call("sync", Map.of("changesSince", Map.of(conversation, next))).orThrow()))
                .isEmpty();
    }

    @Test
    @DisplayName("a change number older than the compacted log gets sync_expired, and history gives a new one")
    void expiredToken() throws Exception {
        ChatClient alice = server.user("alice");
        ChatClient bob = server.user("bob");
        alice.call("friends.request", Map.of("userId", id(bob))).orThrow();
        bob.call("friends.accept", Map.of("userId", id(alice))).orThrow();
        JsonNode sent = alice.call("send", Map.of("toUserId", id(bob), "text", "v1")).orThrow().path("message");
        String conversation = sent.path("conversationId").asText();
        for (int i = 2; i <= 4; i++) {
            alice.call("edit", Map.of("messageId", sent.path("id").asLong(), "text", "v" + i)).orThrow();
        }
        server.engine.changes().compact();

        Reply expired = bob.call("sync", Map.of("changesSince", Map.of(conversation, sent.path("changeNumber").asLong())));
        assertThat(expired.ok()).isFalse();
        assertThat(expired.errorCode()).isEqualTo("sync_expired");
        assertThat(expired.frame().path("error").path("conversationId").asText()).isEqualTo(conversation);
        JsonNode history = bob.call("history", Map.of("conversationId", sent.path("conversationId").asLong())).orThrow();
        assertThat(history.path("hasMore").asBoolean()).isFalse();
        assertThat(history.path("messages").get(0).path("text").asText()).isEqualTo("v4");
        assertThat(changes(bob.call("sync", Map.of("changesSince",
                Map.of(conversation, history.path("lastChange").asLong()))).orThrow())).isEmpty();
    }
}
