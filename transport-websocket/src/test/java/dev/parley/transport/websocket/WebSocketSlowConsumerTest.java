package dev.parley.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.UserId;
import dev.parley.client.ChatClient;
import dev.parley.client.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A client that stops reading is cut off instead of growing the server's heap, and resyncs later. */
class WebSocketSlowConsumerTest {

    private static final int MESSAGES = 2000;
    /** Alice keeps at most this many sends unanswered, well under the queue limit, so only Bob falls behind. */
    private static final int IN_FLIGHT = 16;
    private final ChatServer server = new ChatServer(t -> t.maxQueuedFrames(64),
            e -> e.rateLimits(dev.parley.core.RateLimits.defaults().withSends(1_000_000, 1_000_000)));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("a client that stops reading is disconnected, and gets everything back with sync")
    void slowConsumer() throws Exception {
        ChatClient alice = server.user("alice");
        ChatClient bob = server.user("bob");
        long bobId = bob.call("me").orThrow().path("user").path("id").asLong();
        alice.call("friends.request", Map.of("userId", bobId)).orThrow();
        bob.call("friends.accept", Map.of("userId", alice.call("me").orThrow().path("user").path("id").asLong())).orThrow();
        bob.pauseReading();

        String padding = "x".repeat(2000);
        java.util.ArrayDeque<CompletableFuture<Reply>> acks = new java.util.ArrayDeque<>();
        long conversation = 0;
        for (int i = 1; i <= MESSAGES; i++) {
            if (acks.size() == IN_FLIGHT) {
                conversation = acks.poll().get().orThrow().path("message").path("conversationId").asLong();
            }
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            data.put("toUserId", bobId);
            data.put("text", i + " " + padding);
            acks.add(alice.request("send", data));
        }
        while (!acks.isEmpty()) {
            conversation = acks.poll().get().orThrow().path("message").path("conversationId").asLong();
        }

        await().atMost(Duration.ofSeconds(20))
                .until(() -> !server.engine.sessions().isOnline(UserId.of(bobId)));
        await().atMost(Duration.ofSeconds(20)).until(() -> server.transport.connectionCount() == 1);

        ChatClient bobAgain = server.device("bob");
        List<Long> seqs = new ArrayList<>();
        long last = 0;
        boolean more = true;
        while (more) {
            JsonNode synced = bobAgain.call("sync", Map.of("since", Map.of(Long.toString(conversation), last),
                    "limit", 200)).orThrow();
            JsonNode batch = synced.path("conversations").get(0);
            if (batch == null) {
                break;
            }
            for (JsonNode message : batch.path("messages")) {
                seqs.add(message.path("seq").asLong());
                last = message.path("seq").asLong();
            }
            more = batch.path("hasMore").asBoolean();
        }
        assertThat(seqs).hasSize(MESSAGES);
        assertThat(seqs.get(0)).isEqualTo(1);
        assertThat(seqs.get(MESSAGES - 1)).isEqualTo(MESSAGES);
        assertThat(alice.call("ping").ok()).isTrue();
    }
}
