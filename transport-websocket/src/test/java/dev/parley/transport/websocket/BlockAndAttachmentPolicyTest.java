package dev.parley.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.ChatClient;
import dev.parley.client.Reply;
import dev.parley.client.ServerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A block stops reactions, and an attachment can only be attached by whoever uploaded it. */
class BlockAndAttachmentPolicyTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private final ChatServer server = new ChatServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("a block stops reactions in the direct conversation, both ways")
    void reactionsAcrossABlock() throws Exception {
        ChatClient alice = server.user("alice");
        ChatClient bob = server.user("bob");
        long bobId = id(bob);
        alice.call("friends.request", Map.of("userId", bobId)).orThrow();
        bob.call("friends.accept", Map.of("userId", id(alice))).orThrow();
        JsonNode hi = alice.call("send", Map.of("toUserId", bobId, "text", "Hi")).orThrow().path("message");
        alice.call("friends.block", Map.of("userId", bobId)).orThrow();
        Reply reaction = bob.call("react", Map.of("messageId", hi.path("id").asLong(), "emoji", "🖕"));
        assertThat(reaction.errorCode()).isEqualTo("forbidden");
        assertThat(reaction.errorMessage()).isEqualTo("you can only message friends");
        JsonNode history = alice.call("history", Map.of("conversationId", hi.path("conversationId").asLong())).orThrow();
        assertThat(history.path("messages").get(0).path("reactions")).isEmpty();
    }

    @Test
    @DisplayName("a block stops read receipts in the direct conversation: the blocker does not learn what was read")
    void receiptsAcrossABlock() throws Exception {
        ChatClient alice = server.user("alice");
        ChatClient bob = server.user("bob");
        long bobId = id(bob);
        alice.call("friends.request", Map.of("userId", bobId)).orThrow();
        bob.call("friends.accept", Map.of("userId", id(alice))).orThrow();
        JsonNode hi = alice.call("send", Map.of("toUserId", bobId, "text", "Hi")).orThrow().path("message");
        long conversation = hi.path("conversationId").asLong();
        alice.call("friends.block", Map.of("userId", bobId)).orThrow();
        List<ServerEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        alice.onEvent(seen::add);
        bob.call("receipts.read", Map.of("conversationId", conversation, "seq", 1)).orThrow();
        // Alice's own receipt is published after Bob's, so once it has arrived, Bob's would have too.
        alice.call("receipts.read", Map.of("conversationId", conversation, "seq", 1)).orThrow();
        long aliceId = id(alice);
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> seen.stream().anyMatch(e -> e.name().equals("receipt")
                && e.data().path("cursor").path("userId").asLong() == aliceId));
        assertThat(seen).noneMatch(e -> e.name().equals("receipt")
                && e.data().path("cursor").path("userId").asLong() == bobId);
    }

    @Test
    @DisplayName("an attachment id seen in a group cannot be re-attached elsewhere to keep downloading it")
    void foreignAttachment() throws Exception {
        ChatClient alice = server.user("alice");
        ChatClient erin = server.user("erin");
        alice.call("friends.request", Map.of("userId", id(erin))).orThrow();
        erin.call("friends.accept", Map.of("userId", id(alice))).orThrow();
        long group = alice.call("groups.create", Map.of("name", "Climbing", "members", List.of(id(erin))))
                .orThrow().path("conversation").path("id").asLong();
        String attachment = alice.upload("image", "image/png", "private picture".getBytes(StandardCharsets.UTF_8))
                .json().path("attachment").path("id").asText();
        alice.call("send", Map.of("conversationId", group, "kind", "image", "attachment", Map.of("id", attachment))).orThrow();
        alice.call("groups.kick", Map.of("conversationId", group, "userId", id(erin))).orThrow();

        long own = erin.call("groups.create", Map.of("name", "Mine", "members", List.of()))
                .orThrow().path("conversation").path("id").asLong();
        Reply reattached = erin.call("send", Map.of("conversationId", own, "kind", "image",
                "attachment", Map.of("id", attachment)));
        Reply unknown = erin.call("send", Map.of("conversationId", own, "kind", "image",
                "attachment", Map.of("id", "AAAAAAAAAAAAAAAAAAAAAA")));
        assertThat(reattached.ok()).as("%s", reattached.frame()).isFalse();
        assertThat(reattached.errorCode()).isEqualTo(unknown.errorCode()).isEqualTo("not_found");
        assertThat(reattached.errorMessage()).isEqualTo(unknown.errorMessage());
    }

    private static long id(ChatClient client) {
        return client.call("me").orThrow().path("user").path("id").asLong();
    }
}
