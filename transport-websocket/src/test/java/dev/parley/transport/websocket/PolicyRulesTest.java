package dev.parley.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Role;
import dev.parley.client.ChatClient;
import dev.parley.client.Reply;
import dev.parley.client.ServerEvent;
import dev.parley.core.DirectMessagePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The policy rules of issue 7, over a real WebSocket: admins, the direct-message policy, blocks, group
 * roles, mutes and kicks, and a sender that is always the session. Each test starts a server of its
 * own, because the rules are about changes.
 *
 * <p>Where a test shows that an event did not arrive, it sends a later event to the same session as a
 * fence and looks at everything that came before it.
 */
@DisplayName("Policy rules")
class PolicyRulesTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private ChatServer server = new ChatServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Nested
    @DisplayName("administration")
    class Administration {

        @Test
        @DisplayName("only an admin sends system notices; users can neither forge one nor write in their notices")
        void notices() throws Exception {
            server.engine.users().create("root", "Root", "correct horse battery", Set.of(Role.ADMIN));
            ChatClient root = server.device("root");
            ChatClient alice = server.user("alice");
            ChatClient bob = server.user("bob");
            befriend(alice, bob);

            refused(bob.call("admin.notice", Map.of("username", "alice", "text", "Reset your password here")),
                    "forbidden", "only admins may do this");
            refused(bob.call("admin.notice", Map.of("all", true, "text", "Reset your password here")),
                    "forbidden", "only admins may do this");
            refused(bob.call("send", Map.of("toUserId", id(alice), "kind", "system", "text", "Official notice")),
                    "bad_request", "only the system sends system messages");
            assertThat(ok(alice.call("conversations.list")).path("conversations")).isEmpty();

            ok(root.call("admin.notice", Map.of("username", "bob", "text", "Maintenance at ten")));
            JsonNode notice = bob.awaitEvent("message", WAIT).data().path("message");
            assertThat(notice.path("senderId").asLong()).isZero();
            assertThat(notice.path("kind").asText()).isEqualTo("system");
            long notices = notice.path("conversationId").asLong();
            refused(bob.call("send", Map.of("conversationId", notices, "text", "me too")),
                    "forbidden", "only the system writes to notices");
            assertThat(ok(bob.call("history", Map.of("conversationId", notices))).path("messages")).hasSize(1);
        }

        @Test
        @DisplayName("the admin role is checked on every request: granting and revoking it works on a live session")
        void roleIsLive() throws Exception {
            server.engine.users().create("root", "Root", "correct horse battery", Set.of(Role.ADMIN));
            ChatClient root = server.device("root");
            ChatClient bob = server.user("bob");
            refused(bob.call("admin.users.list", Map.of()), "forbidden", "only admins may do this");
            ok(root.call("admin.users.roles", Map.of("username", "bob", "roles", List.of("admin"))));
            assertThat(ok(bob.call("admin.users.list", Map.of())).path("users")).hasSize(2);
            ok(root.call("admin.users.roles", Map.of("username", "bob", "roles", List.of())));
            refused(bob.call("admin.users.list", Map.of()), "forbidden", "only admins may do this");
        }
    }

    @Nested
    @DisplayName("direct messages")
    class DirectMessages {

        @Test
        @DisplayName("go to friends only by default; a refused one creates no conversation and reaches nobody")
        void friendsOnly() throws Exception {
            ChatClient alice = server.user("alice");
            ChatClient bob = server.user("bob");
            ChatClient carol = server.user("carol");
            befriend(alice, bob);
            refused(carol.call("send", Map.of("toUserId", id(alice), "text", "Hello stranger")),
                    "forbidden", "you can only message friends");
            assertThat(ok(carol.call("conversations.list")).path("conversations")).isEmpty();
            ok(bob.call("send", Map.of("toUserId", id(alice), "text", "fence")));
            assertThat(eventsBefore(alice, messageText("fence"))).noneMatch(e -> e.name().equals("message"));
            assertThat(ok(alice.call("conversations.list")).path("conversations")).hasSize(1);
        }

        @Test
        @DisplayName("stop when the friendship ends, in the conversation that already exists")
        void endedFriendship() throws Exception {
            ChatClient alice = server.user("alice");
            ChatClient bob = server.user("bob");
            befriend(alice, bob);
            long direct = conversationOf(ok(alice.call("send", Map.of("toUserId", id(bob), "text", "Hi"))));
            ok(bob.call("friends.remove", Map.of("userId", id(alice))));
            refused(alice.call("send", Map.of("conversationId", direct, "text", "Hello?")),
                    "forbidden", "you can only message friends");
            refused(bob.call("send", Map.of("toUserId", id(alice), "text", "Bye")),
                    "forbidden", "you can only message friends");
            assertThat(ok(alice.call("history", Map.of("conversationId", direct))).path("messages")).hasSize(1);
        }

        @Test
        @DisplayName("go to anyone when the policy says so, but never across a block")
        void anyone() throws Exception {
            server.close();
            server = new ChatServer(t -> {
            }, e -> e.directMessagePolicy(DirectMessagePolicy.ANYONE));
            ChatClient alice = server.user("alice");
            ChatClient carol = server.user("carol");
            ok(carol.call("send", Map.of("toUserId", id(alice), "text", "Hello stranger")));
            ok(alice.call("friends.block", Map.of("userId", id(carol))));
            refused(carol.call("send", Map.of("toUserId", id(alice), "text", "Hello again")),
                    "forbidden", "you cannot message this user");
            refused(alice.call("send", Map.of("toUserId", id(carol), "text", "Go away")),
                    "forbidden", "you cannot message this user");
        }
    }

    @Nested
    @DisplayName("a block")
    class Blocks {

        @Test
        @DisplayName("stops messages and friend requests both ways; unblocking allows a new request, not the old friendship")
        void messagesAndRequests() throws Exception {
            ChatClient alice = server.user("alice");
            ChatClient bob = server.user("bob");
            befriend(alice, bob);
            long direct = conversationOf(ok(alice.call("send", Map.of("toUserId", id(bob), "text", "Hi"))));
            ok(alice.call("friends.block", Map.of("userId", id(bob))));
            for (ChatClient[] pair : new ChatClient[][] {{alice, bob}, {bob, alice}}) {
                refused(pair[0].call("send", Map.of("conversationId", direct, "text", "…")),
                        "forbidden", "you can only message friends");
                refused(pair[0].call("send", Map.of("toUserId", id(pair[1]), "text", "…")),
                        "forbidden", "you can only message friends");
            }
            // Alice knows her own block; Bob's request looks sent, as any request would, but Alice never sees it.
            refused(alice.call("friends.request", Map.of("userId", id(bob))),
                    "forbidden", "you cannot send a friend request to this user");
            assertThat(ok(bob.call("friends.request", Map.of("userId", id(alice)))).path("friendship")
                    .path("state").asText()).isEqualTo("pending");
            assertThat(ok(alice.call("friends.list", Map.of())).path("friends"))
                    .extracting(f -> f.path("relationship").asText()).containsExactly("blocked");
            assertThat(ok(alice.call("history", Map.of("conversationId", direct))).path("messages")).hasSize(1);
            ok(alice.call("friends.unblock", Map.of("userId", id(bob))));
            refused(bob.call("send", Map.of("toUserId", id(alice), "text", "…")),
                    "forbidden", "you can only message friends");
            assertThat(ok(bob.call("friends.request", Map.of("userId", id(alice)))).path("friendship")
                    .path("state").asText()).isEqualTo("pending");
        }

        @Test
        @DisplayName("stops presence both ways: neither hears the other come or go")
        void presence() throws Exception {
            ChatClient alice = server.user("alice");
            ChatClient bob = server.user("bob");
            ChatClient carol = server.user("carol");
            befriend(alice, bob);
            befriend(bob, carol);
            befriend(alice, carol);
            long aliceCarol = conversationOf(ok(carol.call("send", Map.of("toUserId", id(alice), "text", "hi"))));
            long bobCarol = conversationOf(ok(carol.call("send", Map.of("toUserId", id(bob), "text", "hi"))));
            long bobId = id(bob);
            long aliceId = id(alice);
            ok(alice.call("friends.block", Map.of("userId", bobId)));
            alice.drainEvents();

            bob.close();
            carol.awaitEvent("presence", e -> e.path("userId").asLong() == bobId && !e.path("online").asBoolean(), WAIT);
            ChatClient bobAgain = server.device("bob");
            carol.awaitEvent("presence", e -> e.path("userId").asLong() == bobId && e.path("online").asBoolean(), WAIT);
            ok(carol.call("typing", Map.of("conversationId", aliceCarol, "typing", true)));
            assertThat(eventsBefore(alice, typingIn(aliceCarol))).noneMatch(e -> e.name().equals("presence"));
            JsonNode bobAsAliceSeesHim = null;
            for (JsonNode friend : ok(alice.call("friends.list")).path("friends")) {
                if (friend.path("user").path("id").asLong() == bobId) {
                    bobAsAliceSeesHim = friend;
                }
            }
            assertThat(bobAsAliceSeesHim).isNotNull();
            assertThat(bobAsAliceSeesHim.path("relationship").asText()).isEqualTo("blocked");
            assertThat(bobAsAliceSeesHim.path("presence").path("online").asBoolean()).isFalse();

            bobAgain.drainEvents();
            alice.close();
            carol.awaitEvent("presence", e -> e.path("userId").asLong() == aliceId && !e.path("online").asBoolean(), WAIT);
            ok(carol.call("typing", Map.of("conversationId", bobCarol, "typing", true)));
            assertThat(eventsBefore(bobAgain, typingIn(bobCarol))).noneMatch(e -> e.name().equals("presence"));
        }

        @Test
        @DisplayName("stops typing indicators both ways in their direct conversation")
        void typing() throws Exception {
            ChatClient alice = server.user("alice");
            ChatClient bob = server.user("bob");
            ChatClient carol = server.user("carol");
            befriend(alice, bob);
            befriend(alice, carol);
            befriend(bob, carol);
            long direct = conversationOf(ok(alice.call("send", Map.of("toUserId", id(bob), "text", "Hi"))));
            long aliceCarol = conversationOf(ok(carol.call("send", Map.of("toUserId", id(alice), "text", "hi"))));
            long bobCarol = conversationOf(ok(carol.call("send", Map.of("toUserId", id(bob), "text", "hi"))));
            ok(alice.call("friends.block", Map.of("userId", id(bob))));

            bob.call("typing", Map.of("conversationId", direct, "typing", true));
            ok(carol.call("typing", Map.of("conversationId", aliceCarol, "typing", true)));
            assertThat(eventsBefore(alice, typingIn(aliceCarol))).noneMatch(e -> e.name().equals("typing"));

            alice.call("typing", Map.of("conversationId", direct, "typing", true));
            ok(carol.call("typing", Map.of("conversationId", bobCarol, "typing", true)));
            assertThat(eventsBefore(bob, typingIn(bobCarol))).noneMatch(e -> e.name().equals("typing"));
        }
    }

    @Nested
    @DisplayName("in a group")
    class Groups {

        private ChatClient alice;
        private ChatClient bob;
        private ChatClient carol;
        private ChatClient dave;
        private long group;

        /** Alice owns the group; Bob and Carol are members; Dave is Alice's friend outside it. */
        private void scene() throws Exception {
            alice = server.user("alice");
            bob = server.user("bob");
            carol = server.user("carol");
            dave = server.user("dave");
            befriend(alice, dave);
            befriend(alice, bob);
            befriend(alice, carol);
            group = ok(alice.call("groups.create", Map.of("name", "Climbing", "members", List.of(id(bob), id(carol)))))
                    .path("conversation").path("id").asLong();
            ok(alice.call("send", Map.of("conversationId", group, "text", "Saturday at nine")));
            // The group's creation and first message reach the members before any test begins.
            eventsBefore(bob, messageText("Saturday at nine"));
            eventsBefore(carol, messageText("Saturday at nine"));
        }

        @Test
        @DisplayName("a member cannot invite, kick, mute, rename or change roles, and nothing changes")
        void membersCannotManage() throws Exception {
            scene();
            String before = ok(alice.call("conversations.get", Map.of("conversationId", group))).toString();
            String managers = "only the group's owner and admins may do this";
            refused(bob.call("groups.invite", Map.of("conversationId", group, "userId", id(dave))), "forbidden", managers);
            refused(bob.call("groups.kick", Map.of("conversationId", group, "userId", id(carol))), "forbidden", managers);
            refused(bob.call("groups.mute", Map.of("conversationId", group, "userId", id(carol), "muted", true)),
                    "forbidden", managers);
            refused(bob.call("groups.rename", Map.of("conversationId", group, "name", "Bob's club")), "forbidden", managers);
            refused(bob.call("groups.role", Map.of("conversationId", group, "userId", id(bob), "role", "owner")),
                    "forbidden", "only the group's owner may change roles");
            refused(bob.call("groups.role", Map.of("conversationId", group, "userId", id(carol), "role", "admin")),
                    "forbidden", "only the group's owner may change roles");
            assertThat(ok(alice.call("conversations.get", Map.of("conversationId", group))).toString()).isEqualTo(before);
            ok(alice.call("typing", Map.of("conversationId", group, "typing", true)));
            assertThat(eventsBefore(carol, typingIn(group))).noneMatch(e -> e.name().equals("member")
                    || e.name().equals("conversation"));
        }

        @Test
        @DisplayName("owners and admins invite, mute, rename and kick; an admin cannot act on the owner")
        void ownersAndAdminsManage() throws Exception {
            scene();
            ok(alice.call("groups.role", Map.of("conversationId", group, "userId", id(bob), "role", "admin")));
            befriend(bob, dave);
            ok(bob.call("groups.invite", Map.of("conversationId", group, "userId", id(dave))));
            ok(bob.call("groups.mute", Map.of("conversationId", group, "userId", id(carol), "muted", true)));
            ok(bob.call("groups.rename", Map.of("conversationId", group, "name", "Climbing club")));
            ok(bob.call("groups.kick", Map.of("conversationId", group, "userId", id(dave))));
            refused(bob.call("groups.kick", Map.of("conversationId", group, "userId", id(alice))),
                    "forbidden", "you may only do this to members of lower rank");
            refused(bob.call("groups.mute", Map.of("conversationId", group, "userId", id(alice), "muted", true)),
                    "forbidden", "you may only do this to members of lower rank");
            refused(bob.call("groups.role", Map.of("conversationId", group, "userId", id(carol), "role", "admin")),
                    "forbidden", "only the group's owner may change roles");
            JsonNode conversation = ok(alice.call("conversations.get", Map.of("conversationId", group))).path("conversation");
            assertThat(conversation.path("name").asText()).isEqualTo("Climbing club");
            List<String> members = new ArrayList<>();
            conversation.path("members").forEach(m -> members.add(m.path("userId").asLong() + ":" + m.path("role").asText()
                    + (m.path("muted").asBoolean() ? ":muted" : "")));
            assertThat(members).containsExactlyInAnyOrder(id(alice) + ":owner", id(bob) + ":admin",
                    id(carol) + ":member:muted");
        }

        @Test
        @DisplayName("a muted member cannot send or react until unmuted, and the others receive nothing")
        void muted() throws Exception {
            scene();
            ok(alice.call("groups.mute", Map.of("conversationId", group, "userId", id(carol), "muted", true)));
            long first = ok(alice.call("history", Map.of("conversationId", group))).path("messages").get(0)
                    .path("id").asLong();
            refused(carol.call("send", Map.of("conversationId", group, "text", "Can I say something?")),
                    "forbidden", "you are muted in this conversation");
            refused(carol.call("react", Map.of("messageId", first, "emoji", "👎")),
                    "forbidden", "you are muted in this conversation");
            refused(carol.call("edit", Map.of("messageId", first, "text", "not hers anyway")),
                    "forbidden", "you may only edit your own messages");
            ok(alice.call("send", Map.of("conversationId", group, "text", "fence")));
            assertThat(eventsBefore(bob, messageText("fence"))).as("only the mute itself")
                    .allMatch(e -> e.name().equals("member") && e.data().path("action").asText().equals("muted"));
            assertThat(ok(alice.call("history", Map.of("conversationId", group))).path("messages")).hasSize(2);

            ok(alice.call("groups.mute", Map.of("conversationId", group, "userId", id(carol), "muted", false)));
            ok(carol.call("send", Map.of("conversationId", group, "text", "Thanks")));
        }

        @Test
        @DisplayName("a kicked member cannot send, and stops receiving at once on every live session")
        void kicked() throws Exception {
            scene();
            ChatClient carolTablet = server.device("carol");
            befriend(dave, carol);
            ok(alice.call("groups.kick", Map.of("conversationId", group, "userId", id(carol))));

            ok(alice.call("send", Map.of("conversationId", group, "text", "Now without Carol")));
            ok(alice.call("typing", Map.of("conversationId", group, "typing", true)));
            bob.awaitEvent("message", d -> d.path("message").path("text").asText().equals("Now without Carol"), WAIT);
            long first = ok(alice.call("history", Map.of("conversationId", group))).path("messages").get(0)
                    .path("id").asLong();
            ok(bob.call("react", Map.of("messageId", first, "emoji", "👍")));
            ok(dave.call("send", Map.of("toUserId", id(carol), "text", "fence")));
            for (ChatClient session : List.of(carol, carolTablet)) {
                List<ServerEvent> before = eventsBefore(session, messageText("fence"));
                assertThat(before).as("after the kick, only the kick itself concerns the group")
                        .filteredOn(e -> mentions(e, group))
                        .allMatch(e -> e.name().equals("member") && e.data().path("action").asText().equals("kicked"));
                assertThat(before).noneMatch(e -> e.name().equals("message") || e.name().equals("typing")
                        || e.name().equals("message.updated"));
            }
            refused(carol.call("send", Map.of("conversationId", group, "text", "Hey!")), "not_found", "no such conversation");
            JsonNode synced = ok(carolTablet.call("sync", Map.of("since", Map.of(Long.toString(group), 0))));
            synced.path("conversations").forEach(c -> assertThat(c.path("conversationId").asLong()).isNotEqualTo(group));
            assertThat(ok(alice.call("history", Map.of("conversationId", group))).path("messages")).hasSize(2);
        }
    }

    @Nested
    @DisplayName("the sender is the session")
    class SenderIsTheSession {

        @Test
        @DisplayName("send ignores senderId, from, userId and sender fields, to a conversation or to a user")
        void send() throws Exception {
            ChatClient alice = server.user("alice");
            ChatClient bob = server.user("bob");
            befriend(alice, bob);
            long aliceId = id(alice);
            long bobId = id(bob);
            Map<String, Object> forged = new LinkedHashMap<>(Map.of("senderId", bobId, "from", "bob",
                    "userId", bobId, "sender", bobId, "text", "I owe Alice 100 €"));
            forged.put("toUserId", bobId);
            JsonNode first = ok(alice.call("send", forged)).path("message");
            assertThat(first.path("senderId").asLong()).isEqualTo(aliceId);
            forged.remove("toUserId");
            forged.put("conversationId", first.path("conversationId").asLong());
            assertThat(ok(alice.call("send", forged)).path("message").path("senderId").asLong()).isEqualTo(aliceId);

            assertThat(bob.awaitEvent("message", WAIT).data().path("message").path("senderId").asLong()).isEqualTo(aliceId);
            JsonNode history = ok(bob.call("history", Map.of("conversationId", first.path("conversationId").asLong())));
            history.path("messages").forEach(m -> assertThat(m.path("senderId").asLong()).isEqualTo(aliceId));
            assertThat(history.path("messages")).hasSize(2);
        }

        @Test
        @DisplayName("receipts, reactions and typing are the session's own, whatever user id the client adds")
        void receiptsReactionsTyping() throws Exception {
            ChatClient alice = server.user("alice");
            ChatClient bob = server.user("bob");
            befriend(alice, bob);
            long aliceId = id(alice);
            long bobId = id(bob);
            JsonNode message = ok(bob.call("send", Map.of("toUserId", aliceId, "text", "Hi"))).path("message");
            long direct = message.path("conversationId").asLong();

            JsonNode cursor = ok(alice.call("receipts.read", Map.of("conversationId", direct, "seq", 1, "userId", bobId)))
                    .path("cursor");
            assertThat(cursor.path("userId").asLong()).isEqualTo(aliceId);
            ok(bob.call("receipts.list", Map.of("conversationId", direct))).path("cursors").forEach(c -> {
                if (c.path("userId").asLong() == bobId) {
                    assertThat(c.path("readSeq").asLong()).isZero();
                }
            });

            JsonNode reacted = ok(alice.call("react", Map.of("messageId", message.path("id").asLong(), "emoji", "👍",
                    "userId", bobId))).path("message");
            assertThat(reacted.path("reactions").get(0).path("userId").asLong()).isEqualTo(aliceId);

            ok(alice.call("typing", Map.of("conversationId", direct, "typing", true, "userId", bobId)));
            assertThat(bob.awaitEvent("typing", WAIT).data().path("userId").asLong()).isEqualTo(aliceId);
        }
    }

    // --- helpers

    /** The events that reached the session before the first one the fence matches. */
    private static List<ServerEvent> eventsBefore(ChatClient observer, Predicate<ServerEvent> fence) {
        List<ServerEvent> before = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            while (true) {
                ServerEvent event = observer.nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                if (event == null) {
                    fail("the fence event never came; before it: %s", before);
                }
                if (fence.test(event)) {
                    return before;
                }
                before.add(event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Predicate<ServerEvent> messageText(String text) {
        return e -> e.name().equals("message") && e.data().path("message").path("text").asText().equals(text);
    }

    private static Predicate<ServerEvent> typingIn(long conversation) {
        return e -> e.name().equals("typing") && e.data().path("conversationId").asLong() == conversation;
    }

    private static boolean mentions(ServerEvent event, long conversation) {
        JsonNode data = event.data();
        return data.path("conversationId").asLong() == conversation
                || data.path("message").path("conversationId").asLong() == conversation
                || data.path("conversation").path("id").asLong() == conversation;
    }

    private static long id(ChatClient client) {
        return ok(client.call("me")).path("user").path("id").asLong();
    }

    private static long conversationOf(JsonNode sent) {
        return sent.path("message").path("conversationId").asLong();
    }

    private static void befriend(ChatClient a, ChatClient b) {
        ok(a.call("friends.request", Map.of("userId", id(b))));
        ok(b.call("friends.accept", Map.of("userId", id(a))));
    }

    private static void refused(Reply reply, String code, String message) {
        assertThat(reply.ok()).as("refused: %s", reply.frame()).isFalse();
        assertThat(reply.errorCode()).as("%s", reply.frame()).isEqualTo(code);
        assertThat(reply.errorMessage()).as("%s", reply.frame()).isEqualTo(message);
    }

    private static JsonNode ok(Reply reply) {
        assertThat(reply.ok()).as("%s", reply.frame()).isTrue();
        return reply.data();
    }
}
