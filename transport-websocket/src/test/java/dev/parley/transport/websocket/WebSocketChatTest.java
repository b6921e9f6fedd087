package dev.parley.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.ChatClient;
import dev.parley.client.ServerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Chat end to end over a real WebSocket: what two or three people do with Parley. */
class WebSocketChatTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private final ChatServer server = new ChatServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private static long id(ChatClient client) {
        return client.call("me").orThrow().path("user").path("id").asLong();
    }

    private static void befriend(ChatClient a, ChatClient b) {
        a.call("friends.request", Map.of("userId", id(b))).orThrow();
        b.call("friends.accept", Map.of("userId", id(a))).orThrow();
    }

    @Test
    @DisplayName("two users become friends and chat")
    void friendsChat() throws Exception {
        ChatClient alice = server.user("alice");
        ChatClient bob = server.user("bob");
        JsonNode request = alice.call("friends.request", Map.of("username", "bob")).orThrow();
        assertThat(request.path("friendship").path("state").asText()).isEqualTo("pending");
        ServerEvent asked = bob.awaitEvent("friend", e -> e.path("action").asText().equals("requested"), WAIT);
        long aliceId = asked.data().path("actor").asLong();
        bob.call("friends.accept", Map.of("userId", aliceId)).orThrow();
        alice.awaitEvent("friend", e -> e.path("action").asText().equals("accepted"), WAIT);

        JsonNode sent = alice.call("send", Map.of("toUserId", id(bob), "text", "Hi Bob!", "clientMsgId", "a-1")).orThrow();
        assertThat(sent.path("message").path("seq").asLong()).isEqualTo(1);
        assertThat(sent.path("duplicate").asBoolean()).isFalse();
        ServerEvent received = bob.awaitEvent("message", WAIT);
        assertThat(received.data().path("message").path("text").asText()).isEqualTo("Hi Bob!");
        assertThat(received.data().path("message").path("senderId").asLong()).isEqualTo(aliceId);

        long conversation = sent.path("message").path("conversationId").asLong();
        bob.call("send", Map.of("conversationId", conversation, "text", "Hi Alice")).orThrow();
        assertThat(alice.awaitEvent("message", WAIT).data().path("message").path("seq").asLong()).isEqualTo(2);

        JsonNode retry = alice.call("send", Map.of("toUserId", id(bob), "text", "Hi Bob!", "clientMsgId", "a-1")).orThrow();
        assertThat(retry.path("duplicate").asBoolean()).isTrue();
        assertThat(retry.path("message").path("seq").asLong()).isEqualTo(1);
    }

    @Test
    @DisplayName("an offline user logs in later and syncs exactly the messages they missed")
    void offlineSync() throws Exception {
        ChatClient alice = server.user("alice");
        ChatClient bob = server.user("bob");
        befriend(alice, bob);
        long bobId = id(bob);
        long conversation = alice.call("send", Map.of("toUserId", bobId, "text", "one")).orThrow()
                .path("message").path("conversationId").asLong();
        bob.awaitEvent("message", WAIT);
        bob.close();
        for (String text : List.of("two", "three", "four")) {
            alice.call("send", Map.of("conversationId", conversation, "text", text)).orThrow();
        }
        ChatClient bobLater = server.device("bob");
        JsonNode synced = bobLater.call("sync", Map.of("since", Map.of(Long.toString(conversation), 1))).orThrow();
        JsonNode batch = synced.path("conversations").get(0);
        assertThat(batch.path("conversationId").asLong()).isEqualTo(conversation);
        List<String> texts = new ArrayList<>();
        batch.path("messages").forEach(m -> texts.add(m.path("text").asText()));
        assertThat(texts).containsExactly("two", "three", "four");
        assertThat(batch.path("hasMore").asBoolean()).isFalse();
        JsonNode again = bobLater.call("sync", Map.of("since", Map.of(Long.toString(conversation), 4))).orThrow();
        assertThat(again.path("conversations")).isEmpty();
    }

    @Test
    @DisplayName("a user with two sessions sees their own messages on the other device")
    void twoDevices() throws Exception {
        ChatClient alice = server.user("alice");
        ChatClient bob = server.user("bob");
        befriend(alice, bob);
        ChatClient aliceTablet = server.device("alice");
        alice.call("send", Map.of("toUserId", id(bob), "text", "from my phone")).orThrow();
        ServerEvent echo = aliceTablet.awaitEvent("message", WAIT);
        assertThat(echo.data().path("message").path("text").asText()).isEqualTo("from my phone");
        assertThat(alice.drainEvents()).noneMatch(e -> e.name().equals("message"));
    }

    @Test
    @DisplayName("a group of three has read receipts and unread counts")
    void groupReceipts() throws Exception {
        ChatClient ann = server.user("ann");
        ChatClient ben = server.user("ben");
        ChatClient cat = server.user("cat");
        befriend(ann, ben);
        befriend(ann, cat);
        long group = ann.call("groups.create", Map.of("name", "Trio", "members", List.of(id(ben), id(cat))))
                .orThrow().path("conversation").path("id").asLong();
        ann.call("send", Map.of("conversationId", group, "text", "one")).orThrow();
        ann.call("send", Map.of("conversationId", group, "text", "two")).orThrow();
        JsonNode list = cat.call("conversations.list").orThrow();
        JsonNode trio = list.path("conversations").get(0);
        assertThat(trio.path("name").asText()).isEqualTo("Trio");
        assertThat(trio.path("unread").asLong()).isEqualTo(2);
        assertThat(trio.path("members")).hasSize(3);

        cat.call("receipts.read", Map.of("conversationId", group, "seq", 2)).orThrow();
        ServerEvent receipt = ann.awaitEvent("receipt", e -> e.path("cursor").path("userId").asLong() == id(cat), WAIT);
        assertThat(receipt.data().path("cursor").path("readSeq").asLong()).isEqualTo(2);
        assertThat(cat.call("conversations.get", Map.of("conversationId", group)).orThrow()
                .path("conversation").path("unread").asLong()).isZero();
        assertThat(ben.call("conversations.get", Map.of("conversationId", group)).orThrow()
                .path("conversation").path("unread").asLong()).isEqualTo(2);
        ben.call("receipts.delivered", Map.of("conversationId", group, "seq", 2)).orThrow();
        JsonNode cursors = ann.call("receipts.list", Map.of("conversationId", group)).orThrow().path("cursors");
        assertThat(cursors).hasSize(2);
    }

    @Test
    @DisplayName("typing and presence reach the right people")
    void typingAndPresence() throws Exception {
        ChatClient ann = server.user("ann");
        ChatClient ben = server.user("ben");
        befriend(ann, ben);
        long direct = ann.call("send", Map.of("toUserId", id(ben), "text", "hey")).orThrow()
                .path("message").path("conversationId").asLong();
        ann.call("typing", Map.of("conversationId", direct, "typing", true)).orThrow();
        ServerEvent typing = ben.awaitEvent("typing", WAIT);
        assertThat(typing.data().path("typing").asBoolean()).isTrue();
        assertThat(typing.data().path("userId").asLong()).isEqualTo(id(ann));

        long benId = id(ben);
        ben.close();
        ServerEvent offline = ann.awaitEvent("presence", e -> e.path("userId").asLong() == benId
                && !e.path("online").asBoolean(), WAIT);
        assertThat(offline.data().path("lastSeen").asText()).isNotEmpty();
        server.device("ben");
        ann.awaitEvent("presence", e -> e.path("userId").asLong() == benId && e.path("online").asBoolean(), WAIT);
        JsonNode friends = ann.call("friends.list").orThrow().path("friends");
        assertThat(friends.get(0).path("presence").path("online").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("images and voice notes go up and come down; a stranger's download is refused")
    void attachments() throws Exception {
        ChatClient ann = server.user("ann");
        ChatClient ben = server.user("ben");
        ChatClient eve = server.user("eve");
        befriend(ann, ben);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3, 4};
        ChatClient.HttpReply upload = ann.upload("image", "image/png", png);
        assertThat(upload.status()).isEqualTo(201);
        String imageId = upload.json().path("attachment").path("id").asText();
        JsonNode image = ann.call("send", Map.of("toUserId", id(ben), "kind", "image", "text", "the view",
                "attachment", Map.of("id", imageId, "width", 640, "height", 480))).orThrow().path("message");
        assertThat(image.path("attachment").path("mimeType").asText()).isEqualTo("image/png");
        assertThat(image.path("attachment").path("size").asLong()).isEqualTo(png.length);

        byte[] ogg = "OggS voice note bytes".getBytes(StandardCharsets.US_ASCII);
        String voiceId = ann.upload("voice", "audio/ogg", ogg).json().path("attachment").path("id").asText();
        JsonNode voice = ann.call("send", Map.of("toUserId", id(ben), "kind", "voice",
                "attachment", Map.of("id", voiceId, "durationMs", 3200))).orThrow().path("message");

        ChatClient.HttpReply gotImage = ben.download(imageId, image.path("id").asLong());
        assertThat(gotImage.status()).isEqualTo(200);
        assertThat(gotImage.contentType()).isEqualTo("image/png");
        assertThat(gotImage.body()).isEqualTo(png);
        ChatClient.HttpReply gotVoice = ben.download(voiceId, voice.path("id").asLong());
        assertThat(gotVoice.body()).isEqualTo(ogg);

        ChatClient.HttpReply stolen = eve.download(imageId, image.path("id").asLong());
        assertThat(stolen.status()).isEqualTo(404);
        assertThat(stolen.json().path("error").path("code").asText()).isEqualTo("not_found");
        ChatClient.HttpReply guessed = eve.download("AAAAAAAAAAAAAAAAAAAAAA", image.path("id").asLong());
        assertThat(guessed.status()).isEqualTo(404);
        assertThat(guessed.body()).isEqualTo(stolen.body());
    }

    @Test
    @DisplayName("emoji with ZWJ sequences and skin tones round-trip byte for byte")
    void emoji() throws Exception {
        ChatClient ann = server.user("ann");
        ChatClient ben = server.user("ben");
        befriend(ann, ben);
        String text = "👩‍👩‍👧‍👦 👍🏿 🧑🏽‍💻 🏳️‍🌈 ❤️‍🔥 你好 𝄞";
        ann.call("send", Map.of("toUserId", id(ben), "kind", "emoji", "text", text)).orThrow();
        String live = ben.awaitEvent("message", WAIT).data().path("message").path("text").asText();
        assertThat(live.getBytes(StandardCharsets.UTF_8)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        JsonNode history = ben.call("history", Map.of("conversationId",
                ann.call("conversations.list").orThrow().path("conversations").get(0).path("id").asLong())).orThrow();
        String stored = history.path("messages").get(0).path("text").asText();
        assertThat(stored.getBytes(StandardCharsets.UTF_8)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("a group message reaches every member's sessions byte for byte, one after another")
    void groupFanOutBytes() throws Exception {
        ChatClient ann = server.user("ann");
        List<ChatClient> members = new ArrayList<>();
        List<Object> memberIds = new ArrayList<>();
        for (String name : List.of("ben", "cat", "dan")) {
            ChatClient member = server.user(name);
            befriend(ann, member);
            members.add(member);
            memberIds.add(id(member));
        }
        members.add(server.device("ben"));
        long group = ann.call("groups.create", Map.of("name", "Four", "members", memberIds))
                .orThrow().path("conversation").path("id").asLong();
        // Several events in a row, of different lengths and scripts, each to the four sessions of
        // three members, in order.
        List<String> texts = List.of("👩‍👩‍👧‍👦 first 你好", "𝄞 second, longer than the first", "3");
        for (String text : texts) {
            ann.call("send", Map.of("conversationId", group, "text", text)).orThrow();
        }
        for (ChatClient member : members) {
            for (String text : texts) {
                String got = member.awaitEvent("message", WAIT).data().path("message").path("text").asText();
                assertThat(got.getBytes(StandardCharsets.UTF_8)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    @DisplayName("edits, deletes and reactions reach the other side")
    void changes() throws Exception {
        ChatClient ann = server.user("ann");
        ChatClient ben = server.user("ben");
        befriend(ann, ben);
        long message = ann.call("send", Map.of("toUserId", id(ben), "text", "helo")).orThrow()
                .path("message").path("id").asLong();
        ben.awaitEvent("message", WAIT);
        ann.call("edit", Map.of("messageId", message, "text", "hello")).orThrow();
        ServerEvent edited = ben.awaitEvent("message.updated", WAIT);
        assertThat(edited.data().path("change").asText()).isEqualTo("edited");
        assertThat(edited.data().path("message").path("text").asText()).isEqualTo("hello");

        ben.call("react", Map.of("messageId", message, "emoji", "👍🏽")).orThrow();
        ServerEvent reacted = ann.awaitEvent("message.updated",
                e -> e.path("change").asText().equals("reactions"), WAIT);
        assertThat(reacted.data().path("message").path("reactions").get(0).path("emoji").asText()).isEqualTo("👍🏽");
        ben.call("unreact", Map.of("messageId", message, "emoji", "👍🏽")).orThrow();

        assertThat(ben.call("edit", Map.of("messageId", message, "text", "mine")).errorCode()).isEqualTo("forbidden");
        ann.call("delete", Map.of("messageId", message)).orThrow();
        ServerEvent deleted = ben.awaitEvent("message.updated", e -> e.path("change").asText().equals("deleted"), WAIT);
        assertThat(deleted.data().path("message").path("deleted").asBoolean()).isTrue();
        assertThat(deleted.data().path("message").has("text")).isFalse();
    }
}
