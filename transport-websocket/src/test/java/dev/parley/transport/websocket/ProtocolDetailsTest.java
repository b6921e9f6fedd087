package dev.parley.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Role;
import dev.parley.client.ChatClient;
import dev.parley.client.Reply;
import dev.parley.client.ServerEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Rules that docs/protocol.md states in prose rather than in a replayed example, checked over a real
 * WebSocket: how text length is counted, what an added member receives, and what counts as unread.
 */
class ProtocolDetailsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ChatServer server = new ChatServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("maxTextLength counts UTF-16 code units: 2000 emoji fill the 4000 of the default, one letter more is too_large")
    void textLengthInUtf16CodeUnits() throws Exception {
        ChatClient alice = server.user("alice");
        ChatClient bob = server.user("bob");
        befriend(alice, bob);
        String full = "👋".repeat(2000); // 2000 code points, 4000 UTF-16 code units

        ok(alice.call("send", Map.of("toUserId", id(bob), "text", full)));
        Reply over = alice.call("send", Map.of("toUserId", id(bob), "text", full + "a"));

        assertThat(over.ok()).as(over.frame().toString()).isFalse();
        assertThat(over.errorCode()).isEqualTo("too_large");
        assertThat(over.errorMessage()).isEqualTo("a message is at most 4000 characters");
    }

    @Test
    @DisplayName("an added member hears 'member joined' about themselves on every connection, no conversation event, then the group's messages")
    void addedMemberEvents() throws Exception {
        ChatClient alice = server.user("alice");
        ChatClient bob = server.user("bob");
        ChatClient carol = server.user("carol");
        ChatClient carolTablet = server.device("carol");
        befriend(alice, bob);
        befriend(alice, carol);
        long group = ok(alice.call("groups.create", Map.of("name", "Climbing", "members", List.of(id(bob)))))
                .path("conversation").path("id").asLong();
        ok(bob.call("send", Map.of("conversationId", group, "text", "before Carol")));
        carol.drainEvents();
        carolTablet.drainEvents();

        ok(alice.call("groups.invite", Map.of("conversationId", group, "userId", id(carol))));
        ok(alice.call("send", Map.of("conversationId", group, "text", "welcome Carol")));

        for (ChatClient session : List.of(carol, carolTablet)) {
            List<ServerEvent> events = eventsUntil(session,
                    e -> e.name().equals("message") && e.data().path("message").path("text").asText().equals("welcome Carol"));
            List<ServerEvent> aboutGroup = events.stream()
                    .filter(e -> e.data().path("conversationId").asLong() == group
                            || e.data().path("conversation").path("id").asLong() == group
                            || e.data().path("message").path("conversationId").asLong() == group)
                    .toList();
            assertThat(aboutGroup).extracting(ServerEvent::name).containsExactly("member", "message");
            JsonNode joined = aboutGroup.get(0).data();
            assertThat(joined.path("action").asText()).isEqualTo("joined");
            assertThat(joined.path("member").asLong()).isEqualTo(id(carol));
            assertThat(joined.path("actor").asLong()).isEqualTo(id(alice));
            assertThat(joined.path("role").asText()).isEqualTo("member");
        }
        JsonNode history = ok(carol.call("history", Map.of("conversationId", group))).path("messages");
        assertThat(history).extracting(m -> m.path("text").asText()).containsExactly("before Carol", "welcome Carol");
        assertThat(unread(carol, group)).as("messages from before joining count as unread").isEqualTo(2);
    }

    @Test
    @DisplayName("unread counts others' messages after the read cursor, not one's own nor deleted ones, and system notices too")
    void unreadCounts() throws Exception {
        server.engine.users().create("root", "Root", "correct horse battery", Set.of(Role.ADMIN));
        ChatClient root = server.device("root");
        ChatClient alice = server.user("alice");
        ChatClient bob = server.user("bob");
        ChatClient bobPhone = server.device("bob");
        befriend(alice, bob);
        long direct = ok(alice.call("send", Map.of("toUserId", id(bob), "text", "one")))
                .path("message").path("conversationId").asLong();
        ok(alice.call("send", Map.of("conversationId", direct, "text", "two")));
        long third = ok(alice.call("send", Map.of("conversationId", direct, "text", "three")))
                .path("message").path("id").asLong();
        ok(bob.call("send", Map.of("conversationId", direct, "text", "from Bob")));
        ok(alice.call("delete", Map.of("messageId", third)));
        long notices = ok(root.call("admin.notice", Map.of("username", "bob", "text", "Maintenance at 22:00")))
                .path("message").path("conversationId").asLong();

        assertThat(unread(bob, direct)).as("Alice's two messages left, not Bob's own, not the deleted one").isEqualTo(2);
        assertThat(unread(alice, direct)).as("Bob's one message, none of Alice's own").isEqualTo(1);
        assertThat(unread(bob, notices)).as("a system notice counts").isEqualTo(1);

        ok(bobPhone.call("receipts.read", Map.of("conversationId", direct, "seq", 4)));
        assertThat(unread(bob, direct)).as("read on another device of the same user").isZero();
    }

    private static List<ServerEvent> eventsUntil(ChatClient session, Predicate<ServerEvent> last)
            throws InterruptedException {
        List<ServerEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            ServerEvent event = session.nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (event != null) {
                events.add(event);
                if (last.test(event)) {
                    return events;
                }
            }
        }
        throw new AssertionError("the awaited event did not come within " + WAIT + "; got " + events);
    }

    private static long unread(ChatClient client, long conversation) {
        for (JsonNode c : ok(client.call("conversations.list")).path("conversations")) {
            if (c.path("id").asLong() == conversation) {
                return c.path("unread").asLong();
            }
        }
        throw new AssertionError("conversation " + conversation + " is not in the list");
    }

    private static long id(ChatClient client) {
        return ok(client.call("me")).path("user").path("id").asLong();
    }

    private static void befriend(ChatClient a, ChatClient b) {
        ok(a.call("friends.request", Map.of("userId", id(b))));
        ok(b.call("friends.accept", Map.of("userId", id(a))));
    }

    private static JsonNode ok(Reply reply) {
        assertThat(reply.ok()).as("%s", reply.frame()).isTrue();
        return reply.data();
    }
}
