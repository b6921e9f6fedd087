package dev.parley.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.ChatClient;
import dev.parley.client.Reply;
import dev.parley.client.ServerEvent;
import dev.parley.core.GroupInvitePolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Group invitations end to end over a real WebSocket: a group is no way around "direct messages only
 * between friends", because whoever is not the adder's friend is only invited until they accept.
 */
class GroupInvitationTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private ChatServer server = new ChatServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("a stranger's new group leaves the invitee out with an invitation and an event; accepting lets them read and send")
    void strangerInvitesThenInviteeAccepts() throws Exception {
        ChatClient mallory = server.user("mallory");
        ChatClient victim = server.user("victim");
        JsonNode created = mallory.call("groups.create", Map.of("name", "Free crypto 💰", "members", List.of(id(victim))))
                .orThrow();
        long group = created.path("conversation").path("id").asLong();
        assertThat(created.path("invited")).extracting(JsonNode::asLong).containsExactly(id(victim));

        ServerEvent invited = victim.awaitEvent("invitation", WAIT);
        assertThat(invited.data().path("action").asText()).isEqualTo("invited");
        assertThat(invited.data().path("invitation").path("conversationId").asLong()).isEqualTo(group);
        assertThat(invited.data().path("invitation").path("name").asText()).isEqualTo("Free crypto 💰");
        assertThat(invited.data().path("invitation").path("inviter").path("username").asText()).isEqualTo("mallory");
        mallory.call("send", Map.of("conversationId", group, "text", "click this link")).orThrow();

        // Not a member: the group looks as if it did not exist, and its messages do not arrive.
        assertNotFound(victim.call("history", Map.of("conversationId", group)), "no such conversation");
        assertNotFound(victim.call("send", Map.of("conversationId", group, "text", "who is this?")), "no such conversation");
        assertNotFound(victim.call("conversations.get", Map.of("conversationId", group)), "no such conversation");
        assertThat(victim.call("conversations.list").orThrow().path("conversations")).isEmpty();
        assertThat(mallory.call("conversations.get", Map.of("conversationId", group)).orThrow()
                .path("conversation").path("members")).hasSize(1);
        victim.call("ping").orThrow();
        assertThat(victim.drainEvents()).noneMatch(e -> e.name().equals("message"));

        JsonNode accepted = victim.call("invitations.accept", Map.of("conversationId", group)).orThrow();
        assertThat(accepted.path("member").path("userId").asLong()).isEqualTo(id(victim));

        ServerEvent joined = mallory.awaitEvent("member", e -> e.path("action").asText().equals("joined"), WAIT);
        assertThat(joined.data().path("member").asLong()).isEqualTo(id(victim));
        assertThat(victim.call("history", Map.of("conversationId", group)).orThrow().path("messages"))
                .extracting(m -> m.path("text").asText()).containsExactly("click this link");
        victim.call("send", Map.of("conversationId", group, "text", "no thanks")).orThrow();
        assertThat(mallory.awaitEvent("message", WAIT).data().path("message").path("text").asText()).isEqualTo("no thanks");
        assertThat(victim.call("invitations.list").orThrow().path("invitations")).isEmpty();
    }

    @Test
    @DisplayName("an invitee who was offline finds the invitation after reconnecting, and declining removes it")
    void offlineInviteeDeclines() throws Exception {
        ChatClient owner = server.user("olivia");
        ChatClient away = server.user("sam");
        long samId = id(away);
        away.close();
        long group = owner.call("groups.create", Map.of("name", "Crag", "members", List.of(samId)))
                .orThrow().path("conversation").path("id").asLong();

        ChatClient back = server.device("sam");
        JsonNode invitations = back.call("invitations.list").orThrow().path("invitations");
        assertThat(invitations).singleElement().satisfies(i -> {
            assertThat(i.path("conversationId").asLong()).isEqualTo(group);
            assertThat(i.path("inviter").path("id").asLong()).isEqualTo(id(owner));
        });
        back.call("invitations.decline", Map.of("conversationId", group)).orThrow();

        assertThat(back.awaitEvent("invitation", WAIT).data().path("action").asText()).isEqualTo("declined");
        assertThat(back.call("invitations.list").orThrow().path("invitations")).isEmpty();
        assertThat(owner.call("groups.invitations", Map.of("conversationId", group)).orThrow().path("invitations")).isEmpty();
        assertNotFound(back.call("invitations.accept", Map.of("conversationId", group)), "no such invitation");
        assertThat(owner.call("conversations.get", Map.of("conversationId", group)).orThrow()
                .path("conversation").path("members")).hasSize(1);
        // The owner is not told: nothing about the invitation reaches them after their own request's answer.
        owner.call("ping").orThrow();
        assertThat(owner.drainEvents()).noneMatch(e -> e.name().equals("invitation")
                && e.data().path("action").asText().equals("declined"));
    }

    @Test
    @DisplayName("a friend's invitation joins at once, to a new group and to an existing one")
    void friendsJoinAtOnce() throws Exception {
        ChatClient owner = server.user("olivia");
        ChatClient fay = server.user("fay");
        ChatClient gus = server.user("gus");
        befriend(owner, fay);
        befriend(owner, gus);
        JsonNode created = owner.call("groups.create", Map.of("name", "Friends", "members", List.of(id(fay)))).orThrow();
        long group = created.path("conversation").path("id").asLong();
        assertThat(created.has("invited")).isFalse();

        JsonNode invited = owner.call("groups.invite", Map.of("conversationId", group, "userId", id(gus))).orThrow();

        assertThat(invited.path("member").path("userId").asLong()).isEqualTo(id(gus));
        assertThat(invited.has("invitation")).isFalse();
        gus.call("send", Map.of("conversationId", group, "text", "here")).orThrow();
        fay.call("send", Map.of("conversationId", group, "text", "me too")).orThrow();
        assertThat(gus.call("invitations.list").orThrow().path("invitations")).isEmpty();
    }

    @Test
    @DisplayName("a block prevents both: the blocker cannot add, and the blocked user's invitation never reaches the blocker")
    void blockPreventsBoth() throws Exception {
        ChatClient bea = server.user("bea");
        ChatClient bo = server.user("bo");
        ChatClient sam = server.user("sam");
        bea.call("friends.block", Map.of("userId", id(bo))).orThrow();
        long beas = bea.call("groups.create", Map.of("name", "Bea's", "members", List.of())).orThrow()
                .path("conversation").path("id").asLong();
        Reply added = bea.call("groups.invite", Map.of("conversationId", beas, "userId", id(bo)));
        assertThat(added.ok()).isFalse();
        assertThat(added.errorCode()).isEqualTo("forbidden");

        // Bo's invitation of Bea looks exactly like his invitation of Sam, who has not blocked him.
        long group = bo.call("groups.create", Map.of("name", "Bo's", "members", List.of())).orThrow()
                .path("conversation").path("id").asLong();
        JsonNode toBea = bo.call("groups.invite", Map.of("conversationId", group, "userId", id(bea))).orThrow();
        JsonNode toSam = bo.call("groups.invite", Map.of("conversationId", group, "userId", id(sam))).orThrow();
        assertThat(toBea.path("invitation").path("invitee").asLong()).isEqualTo(id(bea));
        assertThat(toSam.path("invitation").path("invitee").asLong()).isEqualTo(id(sam));
        assertThat(toBea.path("invitation").fieldNames()).toIterable()
                .containsExactlyElementsOf(() -> toSam.path("invitation").fieldNames());
        assertThat(bo.call("groups.invitations", Map.of("conversationId", group)).orThrow().path("invitations"))
                .extracting(i -> i.path("invitee").asLong()).containsExactlyInAnyOrder(id(bea), id(sam));

        sam.awaitEvent("invitation", WAIT);
        bea.call("ping").orThrow();
        assertThat(bea.drainEvents()).noneMatch(e -> e.name().equals("invitation"));
        assertThat(bea.call("invitations.list").orThrow().path("invitations")).isEmpty();
        assertNotFound(bea.call("invitations.accept", Map.of("conversationId", group)), "no such invitation");
        assertThat(bo.call("conversations.get", Map.of("conversationId", group)).orThrow()
                .path("conversation").path("members")).hasSize(1);
    }

    @Test
    @DisplayName("with FRIENDS_ONLY a stranger cannot be added at all, and one who blocks the adder gets the same answer")
    void friendsOnly() throws Exception {
        server.close();
        server = new ChatServer(t -> {
        }, e -> e.groupInvitePolicy(GroupInvitePolicy.FRIENDS_ONLY));
        ChatClient owner = server.user("olivia");
        ChatClient stranger = server.user("sam");
        ChatClient blocker = server.user("bea");
        blocker.call("friends.block", Map.of("userId", id(owner))).orThrow();
        Reply toStranger = owner.call("groups.create", Map.of("name", "Crag", "members", List.of(id(stranger))));
        Reply toBlocker = owner.call("groups.create", Map.of("name", "Crag", "members", List.of(id(blocker))));
        assertThat(toStranger.ok()).isFalse();
        assertThat(toStranger.errorCode()).isEqualTo("forbidden");
        assertThat(toStranger.errorMessage()).isEqualTo("you can only add friends to a group");
        assertThat(toBlocker.errorCode()).isEqualTo(toStranger.errorCode());
        assertThat(toBlocker.errorMessage()).isEqualTo(toStranger.errorMessage());
        assertThat(owner.call("conversations.list").orThrow().path("conversations")).isEmpty();
        assertThat(stranger.call("invitations.list").orThrow().path("invitations")).isEmpty();
    }

    private static void assertNotFound(Reply reply, String message) {
        assertThat(reply.ok()).as("%s", reply.frame()).isFalse();
        assertThat(reply.errorCode()).isEqualTo("not_found");
        assertThat(reply.errorMessage()).isEqualTo(message);
    }

    private static long id(ChatClient client) {
        return client.call("me").orThrow().path("user").path("id").asLong();
    }

    private static void befriend(ChatClient a, ChatClient b) {
        a.call("friends.request", Map.of("userId", id(b))).orThrow();
        b.call("friends.accept", Map.of("userId", id(a))).orThrow();
    }
}
