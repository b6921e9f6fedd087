package dev.parley.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Role;
import dev.parley.client.ChatClient;
import dev.parley.client.Reply;
import dev.parley.client.ServerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The security matrix of issue 7, over a real WebSocket: every protocol operation tried by everyone who
 * must be refused, anonymous sessions, strangers, kicked members, blocked users and plain users on
 * admin operations, each time against the victims' own conversations, messages, users and
 * attachments, so that a missing check would succeed.
 *
 * <p>One scene serves the whole class, because every attempt here must be refused: after each one the
 * scene is compared with a snapshot taken before it, and a fence of typing events shows that no event
 * reached the victims' live sessions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Security matrix")
class SecurityMatrixTest {

    private static final String SELF = "dev.parley.transport.websocket.SecurityMatrixTest#";
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Set<String> OPEN_OPS = Set.of("hello", "ping", "register", "login");
    /** Ids that no user, conversation or message of the scene has. */
    private static final long UNUSED = 999_999;
    private static final String UNUSED_ATTACHMENT = "AAAAAAAAAAAAAAAAAAAAAA";

    /** Operations on one conversation, named by {@code conversationId}. */
    static final List<String> CONVERSATION_OPS = List.of("conversations.get", "groups.invite", "groups.leave",
            "groups.kick", "groups.role", "groups.mute", "groups.rename", "groups.invitations", "groups.uninvite",
            "invitations.accept", "invitations.decline", "send", "history", "receipts.delivered", "receipts.read",
            "receipts.list", "typing");
    /** The conversation operations an invitee may use on the group they are invited to. */
    static final Set<String> INVITEE_OPS = Set.of("invitations.accept", "invitations.decline");
    /** Operations on one message, named by {@code messageId}. */
    static final List<String> MESSAGE_OPS = List.of("edit", "delete", "react", "unreact");

    private static final byte[] PNG = "\u0089PNG\r\n\u001a\n a picture of the crag".getBytes(StandardCharsets.ISO_8859_1);

    private ChatServer server;
    private ChatClient anonymous;
    private Actor root;
    private Actor alice;
    private Actor bob;
    private Actor carol;
    private Actor dave;
    private Actor erin;
    private Actor frank;

    /** Alice and Bob's direct conversation, with a text message and an image. */
    private long direct;
    private long directText;
    private long directImage;
    private String directAttachment;
    /**
     * Alice's group: Alice owns it, Bob is a member, Erin was one (invited, since she is no friend of
     * Alice's, and accepted) until Alice kicked her, and Frank is invited but has not answered.
     */
    private long group;
    private long groupText;
    private long erinsMessage;
    private long groupImage;
    private String groupAttachment;
    /** Alice and Dave's direct conversation, from before Alice blocked Dave. */
    private long daveDirect;
    private long davesMessage;
    /** Carol's own group, where she is alone, and a message in it. */
    private long carolsGroup;
    private long carolsMessage;

    /** A logged-in user of the scene. */
    record Actor(String username, long id, ChatClient client) {

        Reply call(String op, Map<String, ?> data) {
            return client.call(op, data);
        }
    }

    /** Which of the victims' conversations an attempt aims at. */
    enum Target { DIRECT, GROUP }

    @BeforeAll
    void scene() throws Exception {
        server = new ChatServer();
        server.engine.users().create("root", "Root", "correct horse battery", Set.of(Role.ADMIN));
        root = actor("root", server.device("root"));
        alice = actor("alice", server.user("alice"));
        bob = actor("bob", server.user("bob"));
        carol = actor("carol", server.user("carol"));
        dave = actor("dave", server.user("dave"));
        erin = actor("erin", server.user("erin"));
        frank = actor("frank", server.user("frank"));
        anonymous = server.connect();

        befriend(alice, bob);
        befriend(alice, dave);
        JsonNode hi = ok(alice.call("send", Map.of("toUserId", bob.id(), "text", "Hi Bob")));
        direct = hi.path("message").path("conversationId").asLong();
        directText = hi.path("message").path("id").asLong();
        ok(bob.call("send", Map.of("conversationId", direct, "text", "Hi Alice")));
        directAttachment = upload(alice);
        directImage = ok(alice.call("send", Map.of("conversationId", direct, "kind", "image", "text", "The crag",
                "attachment", Map.of("id", directAttachment)))).path("message").path("id").asLong();

        group = ok(alice.call("groups.create", Map.of("name", "Climbing", "members", List.of(bob.id(), erin.id()))))
                .path("conversation").path("id").asLong();
        ok(erin.call("invitations.accept", Map.of("conversationId", group)));
        groupText = messageId(alice.call("send", Map.of("conversationId", group, "text", "Saturday at nine")));
        erinsMessage = messageId(erin.call("send", Map.of("conversationId", group, "text", "I'll bring rope")));
        groupAttachment = upload(bob);
        groupImage = messageId(bob.call("send", Map.of("conversationId", group, "kind", "image", "text", "Route map",
                "attachment", Map.of("id", groupAttachment))));
        ok(bob.call("receipts.read", Map.of("conversationId", group, "seq", 3)));
        ok(alice.call("groups.kick", Map.of("conversationId", group, "userId", erin.id())));
        ok(alice.call("groups.invite", Map.of("conversationId", group, "userId", frank.id())));

        JsonNode hiDave = ok(alice.call("send", Map.of("toUserId", dave.id(), "text", "Hi Dave")));
        daveDirect = hiDave.path("message").path("conversationId").asLong();
        davesMessage = messageId(dave.call("send", Map.of("conversationId", daveDirect, "text", "Hi Alice")));
        ok(alice.call("friends.block", Map.of("userId", dave.id())));

        carolsGroup = ok(carol.call("groups.create", Map.of("name", "Carol's notes", "members", List.of())))
                .path("conversation").path("id").asLong();
        carolsMessage = messageId(carol.call("send", Map.of("conversationId", carolsGroup, "text", "note to self")));

        ok(alice.call("devices.register", Map.of("deviceId", "alice-phone", "platform", "apns", "token", "a1b2c3")));
        // Everything the scene set off reaches the victims before the first attempt.
        eventsBeforeFence();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    // --- the requests: each names the victims' objects, so that a missing check would succeed

    /**
     * The request for an operation, made by {@code by}, aimed at one conversation and one message of
     * the victims. Friend and admin operations aim at Alice, group member operations at Bob.
     */
    private Map<String, Object> request(String op, Actor by, long conversation, long message) {
        Map<String, Object> data = new LinkedHashMap<>();
        switch (op) {
            case "hello" -> data.put("versions", List.of(1));
            case "ping", "me", "logout", "friends.list", "conversations.list", "devices.list", "devices.preferences",
                 "invitations.list",
                 "admin.users.list", "admin.groups.list", "admin.tail", "admin.untail", "admin.status" -> { }
            case "register" -> data.putAll(Map.of("username", "alice", "displayName", "Alice", "password", "x".repeat(12)));
            case "login" -> data.putAll(Map.of("scheme", "password", "username", "alice", "password", "a guess!"));
            case "users.find" -> data.put("username", "alice");
            case "users.get" -> data.put("ids", List.of(alice.id()));
            case "friends.request", "friends.accept", "friends.decline", "friends.remove", "friends.block",
                 "friends.unblock" -> data.put("userId", alice.id());
            case "groups.create" -> data.putAll(Map.of("name", "Lookalike", "members", List.of(alice.id(), bob.id())));
            case "conversations.get", "groups.leave", "history", "receipts.list", "groups.invitations",
                 "invitations.accept", "invitations.decline" -> data.put("conversationId", conversation);
            case "groups.uninvite" -> data.putAll(Map.of("conversationId", conversation, "userId", frank.id()));
            case "groups.invite" -> data.putAll(Map.of("conversationId", conversation, "userId", by.id()));
            case "groups.kick" -> data.putAll(Map.of("conversationId", conversation, "userId", bob.id()));
            case "groups.role" -> data.putAll(Map.of("conversationId", conversation, "userId", bob.id(), "role", "owner"));
            case "groups.mute" -> data.putAll(Map.of("conversationId", conversation, "userId", bob.id(), "muted", true));
            case "groups.rename" -> data.putAll(Map.of("conversationId", conversation, "name", "Taken over"));
            case "send" -> data.putAll(Map.of("conversationId", conversation, "text", "let me in"));
            case "sync" -> data.put("since", Map.of(Long.toString(conversation), 0));
            case "receipts.delivered", "receipts.read" -> data.putAll(Map.of("conversationId", conversation, "seq", 1));
            case "typing" -> data.putAll(Map.of("conversationId", conversation, "typing", true));
            case "edit" -> data.putAll(Map.of("messageId", message, "text", "edited by someone else"));
            case "delete" -> data.put("messageId", message);
            case "react", "unreact" -> data.putAll(Map.of("messageId", message, "emoji", "👎"));
            case "devices.register" -> data.putAll(Map.of("deviceId", "alice-phone", "platform", "apns", "token", "a1b2c3"));
            case "devices.remove" -> data.put("deviceId", "alice-phone");
            case "devices.setPreferences" -> data.putAll(Map.of("preview", "hide", "mutedConversations", List.of(conversation),
                    "mutedSenders", List.of(alice.id())));
            case "admin.notice" -> data.putAll(Map.of("username", "alice", "text", "Your account is locked; reply with your password"));
            case "admin.send" -> data.putAll(Map.of("from", "alice", "conversationId", conversation, "text", "forged"));
            case "admin.users.get", "admin.users.enable", "admin.users.disable", "admin.users.delete",
                 "admin.tokens.revoke", "admin.friends.list" -> data.put("username", "alice");
            case "admin.users.create" -> data.putAll(Map.of("username", "mallory", "password", "x".repeat(12),
                    "roles", List.of("admin")));
            case "admin.users.roles" -> data.putAll(Map.of("username", by.username(), "roles", List.of("admin")));
            case "admin.users.password" -> data.putAll(Map.of("username", "alice", "password", "y".repeat(12)));
            case "admin.friends.add" -> data.putAll(Map.of("username", by.username(), "friend", "alice"));
            case "admin.friends.remove" -> data.putAll(Map.of("username", "alice", "friend", "bob"));
            case "admin.groups.create" -> data.putAll(Map.of("owner", by.username(), "name", "Trap",
                    "members", List.of("alice")));
            case "admin.groups.add" -> data.putAll(Map.of("conversationId", conversation, "username", by.username()));
            case "admin.groups.remove" -> data.putAll(Map.of("conversationId", conversation, "username", "bob"));
            case "admin.messages.recent" -> data.putAll(Map.of("conversationId", conversation, "limit", 200));
            default -> throw new IllegalArgumentException("the security matrix has no request for '" + op
                    + "': add one that names the victims' objects");
        }
        return data;
    }

    static Stream<String> protectedOps() {
        return operationNames().stream().filter(op -> !OPEN_OPS.contains(op));
    }

    static Stream<String> adminOps() {
        return operationNames().stream().filter(op -> op.startsWith("admin."));
    }

    static Stream<Arguments> conversationOpsOnEachTarget() {
        return CONVERSATION_OPS.stream().flatMap(op -> Stream.of(Target.values()).map(t -> Arguments.of(op, t)));
    }

    static Stream<Arguments> messageOpsOnEachVictimMessage() {
        return MESSAGE_OPS.stream().flatMap(op -> Stream.of("direct text", "direct image", "group text", "group image")
                .map(m -> Arguments.of(op, m)));
    }

    static Stream<Arguments> messageOpsOnErinsOldGroup() {
        return MESSAGE_OPS.stream().flatMap(op -> Stream.of("group text", "her own message", "group image")
                .map(m -> Arguments.of(op, m)));
    }

    private static Set<String> operationNames;

    /** Every operation the protocol has, read from a real engine so that a new one joins the matrix. */
    static synchronized Set<String> operationNames() {
        if (operationNames == null) {
            try (ChatServer probe = new ChatServer()) {
                operationNames = new TreeSet<>(probe.engine.protocol().operationNames());
            }
        }
        return operationNames;
    }

    private long conversation(Target target) {
        return target == Target.DIRECT ? direct : group;
    }

    private long message(String name) {
        return switch (name) {
            case "direct text" -> directText;
            case "direct image" -> directImage;
            case "group text" -> groupText;
            case "group image" -> groupImage;
            case "her own message" -> erinsMessage;
            default -> throw new IllegalArgumentException(name);
        };
    }

    @Test
    @DisplayName("the matrix has a request for every operation of the protocol")
    void coversEveryOperation() {
        Set<String> ops = operationNames();
        assertThat(ops).hasSizeGreaterThan(40).containsAll(CONVERSATION_OPS).containsAll(MESSAGE_OPS);
        for (String op : ops) {
            assertThat(request(op, carol, direct, directText)).isNotNull();
        }
    }

    @Nested
    @DisplayName("an anonymous session")
    class Anonymous {

        @ParameterizedTest(name = "{0} gets unauthorized")
        @MethodSource(SELF + "protectedOps")
        void isRefused(String op) throws Exception {
            String before = snapshot();
            Reply reply = anonymous.call(op, request(op, new Actor("nobody", UNUSED, anonymous), group, groupText));
            assertRefused(reply, "unauthorized", "log in first");
            assertThat(snapshot()).isEqualTo(before);
            assertThat(eventsBeforeFence()).isEmpty();
        }

        @Test
        @DisplayName("may use hello, ping, register and login, and nothing else")
        void openOperations() {
            assertThat(anonymous.call("hello", Map.of("versions", List.of(1))).ok()).isTrue();
            assertThat(anonymous.call("ping").ok()).isTrue();
            assertRefused(anonymous.call("login", request("login", null, 0, 0)), "unauthorized",
                    "wrong username or password");
            assertRefused(anonymous.call("register", request("register", null, 0, 0)), "conflict", "username taken: alice");
            assertRefused(anonymous.call("me"), "unauthorized", "log in first");
        }

        @Test
        @DisplayName("cannot upload or download attachments")
        void attachments() throws Exception {
            ChatClient.HttpReply download = anonymous.download(directAttachment, directImage);
            assertThat(download.status()).isEqualTo(401);
            assertThat(download.json().path("error").path("code").asText()).isEqualTo("unauthorized");
            ChatClient.HttpReply upload = anonymous.upload("image", "image/png", PNG);
            assertThat(upload.status()).isEqualTo(401);
        }
    }

    @Nested
    @DisplayName("a stranger, in no conversation of the victims")
    class Stranger {

        @ParameterizedTest(name = "{0} on the {1} conversation is not_found, like an unused id")
        @MethodSource(SELF + "conversationOpsOnEachTarget")
        void conversationOps(String op, Target target) throws Exception {
            assertLooksUnused(carol, op, request(op, carol, conversation(target), 0), request(op, carol, UNUSED, 0));
        }

        @ParameterizedTest(name = "{0} on the {1} message is not_found, like an unused id")
        @MethodSource(SELF + "messageOpsOnEachVictimMessage")
        void messageOps(String op, String message) throws Exception {
            assertLooksUnused(carol, op, request(op, carol, 0, message(message)), request(op, carol, 0, UNUSED));
        }

        @Test
        @DisplayName("sees none of the victims' conversations in her list or her sync")
        void listsAndSync() {
            assertOnlySees(carol, carolsGroup);
        }

        @Test
        @DisplayName("gets 404 for the victims' attachments, byte for byte the answer for ids that do not exist")
        void attachments() throws Exception {
            assertDownloadLooksUnused(carol, directAttachment, directImage);
            assertDownloadLooksUnused(carol, groupAttachment, groupImage);
            // Through a message of her own, which does not carry it.
            assertDownloadLooksUnused(carol, directAttachment, carolsMessage);
            assertThat(bob.client().download(directAttachment, directImage).status())
                    .as("a member downloads it").isEqualTo(200);
        }

        @Test
        @DisplayName("cannot reply in her own group to a message of theirs: bad_request, as for an unused id")
        void replyAcrossConversations() throws Exception {
            assertLooksUnused(carol, "send",
                    Map.of("conversationId", carolsGroup, "text", "quoting", "replyTo", directText),
                    Map.of("conversationId", carolsGroup, "text", "quoting", "replyTo", UNUSED), "bad_request");
        }
    }

    @Nested
    @DisplayName("a member kicked from the group")
    class Kicked {

        @ParameterizedTest(name = "{0} on the group is not_found, like an unused id")
        @MethodSource(SELF + "conversationOps")
        void conversationOps(String op) throws Exception {
            assertLooksUnused(erin, op, request(op, erin, group, 0), request(op, erin, UNUSED, 0));
        }

        @ParameterizedTest(name = "{0} on the {1} is not_found, like an unused id")
        @MethodSource(SELF + "messageOpsOnErinsOldGroup")
        void messageOps(String op, String message) throws Exception {
            assertLooksUnused(erin, op, request(op, erin, 0, message(message)), request(op, erin, 0, UNUSED));
        }

        @Test
        @DisplayName("no longer sees the group in her list or her sync")
        void listsAndSync() {
            assertOnlySees(erin);
        }

        @Test
        @DisplayName("can no longer download the group's attachment")
        void attachments() throws Exception {
            assertDownloadLooksUnused(erin, groupAttachment, groupImage);
        }
    }

    static Stream<String> conversationOps() {
        return CONVERSATION_OPS.stream();
    }

    static Stream<String> conversationOpsButAnswers() {
        return CONVERSATION_OPS.stream().filter(op -> !INVITEE_OPS.contains(op));
    }

    @Nested
    @DisplayName("a user invited to the group who has not accepted")
    class Invited {

        @ParameterizedTest(name = "{0} on the group is not_found, like an unused id")
        @MethodSource(SELF + "conversationOpsButAnswers")
        void conversationOps(String op) throws Exception {
            assertLooksUnused(frank, op, request(op, frank, group, 0), request(op, frank, UNUSED, 0));
        }

        @ParameterizedTest(name = "{0} on the {1} is not_found, like an unused id")
        @MethodSource(SELF + "messageOpsOnEachVictimMessage")
        void messageOps(String op, String message) throws Exception {
            assertLooksUnused(frank, op, request(op, frank, 0, message(message)), request(op, frank, 0, UNUSED));
        }

        @Test
        @DisplayName("sees the invitation but not the group in his list or his sync")
        void listsAndSync() {
            assertOnlySees(frank);
            assertThat(ok(frank.call("invitations.list", Map.of())).path("invitations")).singleElement()
                    .satisfies(i -> assertThat(i.path("conversationId").asLong()).isEqualTo(group));
        }

        @Test
        @DisplayName("cannot download the group's attachment")
        void attachments() throws Exception {
            assertDownloadLooksUnused(frank, groupAttachment, groupImage);
        }
    }

    @Nested
    @DisplayName("a blocked user")
    class Blocked {

        @Test
        @DisplayName("cannot message the blocker directly, by user id or in their old conversation, nor be messaged")
        void messages() throws Exception {
            assertForbidden(dave, "send", Map.of("toUserId", alice.id(), "text", "why?"), "you can only message friends");
            assertForbidden(dave, "send", Map.of("conversationId", daveDirect, "text", "why?"),
                    "you can only message friends");
            assertForbidden(dave, "edit", Map.of("messageId", davesMessage, "text", "Hi Alice, please"),
                    "you can only message friends");
            assertForbidden(alice, "send", Map.of("toUserId", dave.id(), "text", "still there?"),
                    "you can only message friends");
            assertForbidden(alice, "send", Map.of("conversationId", daveDirect, "text", "still there?"),
                    "you can only message friends");
        }

        @Test
        @DisplayName("a friend request to the blocker looks sent, by id or by name, but she never sees it; she cannot send one")
        void friendRequests() throws Exception {
            JsonNode byId = ok(dave.call("friends.request", Map.of("userId", alice.id())));
            JsonNode byName = ok(dave.call("friends.request", Map.of("username", "alice")));
            JsonNode toCarol = ok(dave.call("friends.request", Map.of("userId", carol.id())));
            for (JsonNode answer : List.of(byId, byName)) {
                assertThat(answer.path("friendship").path("state").asText()).isEqualTo("pending");
                assertThat(answer.path("friendship").fieldNames()).toIterable()
                        .containsExactlyElementsOf(() -> toCarol.path("friendship").fieldNames());
            }
            assertThat(byName.path("friendship")).isEqualTo(byId.path("friendship"));
            assertThat(ok(alice.call("friends.list", Map.of())).path("friends"))
                    .noneMatch(f -> f.path("relationship").asText().equals("request_received"));
            assertForbidden(alice, "friends.request", Map.of("userId", dave.id()),
                    "you cannot send a friend request to this user");
        }

        @Test
        @DisplayName("cannot be added to the blocker's group; adding the blocker looks like inviting anyone, but she never sees it")
        void groups() throws Exception {
            assertForbidden(alice, "groups.invite", Map.of("conversationId", group, "userId", dave.id()),
                    "you cannot add this user");
            JsonNode toAlice = ok(dave.call("groups.create", Map.of("name", "Talk to me", "members", List.of(alice.id()))));
            JsonNode toCarol = ok(dave.call("groups.create", Map.of("name", "Talk to me", "members", List.of(carol.id()))));
            assertThat(toAlice.path("invited")).extracting(JsonNode::asLong).containsExactly(alice.id());
            assertThat(toCarol.path("invited")).extracting(JsonNode::asLong).containsExactly(carol.id());
            long hidden = toAlice.path("conversation").path("id").asLong();
            assertThat(ok(dave.call("groups.invitations", Map.of("conversationId", hidden))).path("invitations"))
                    .singleElement().satisfies(i -> assertThat(i.path("invitee").asLong()).isEqualTo(alice.id()));
            assertThat(eventsBeforeFence()).as("Alice hears nothing of it").isEmpty();
            assertThat(ok(alice.call("invitations.list", Map.of())).path("invitations")).isEmpty();
            assertLooksUnused(alice, "invitations.accept", Map.of("conversationId", hidden),
                    Map.of("conversationId", UNUSED));
            assertThat(ok(carol.call("invitations.list", Map.of())).path("invitations")).singleElement();
            ok(carol.call("invitations.decline", Map.of("conversationId", toCarol.path("conversation").path("id").asLong())));
        }
    }

    @Nested
    @DisplayName("a plain user")
    class PlainUser {

        @ParameterizedTest(name = "{0} gets forbidden")
        @MethodSource(SELF + "adminOps")
        void adminOperations(String op) throws Exception {
            for (Actor user : List.of(bob, carol)) {
                String before = snapshot();
                assertRefused(user.call(op, request(op, user, direct, directText)), "forbidden", "only admins may do this");
                assertThat(snapshot()).as("after %s by %s", op, user.username()).isEqualTo(before);
                assertThat(eventsBeforeFence()).isEmpty();
            }
        }
    }

    @Nested
    @DisplayName("another user's ids")
    class OtherUsersIds {

        @ParameterizedTest(name = "a member may not {0} another member's message in the {1} conversation")
        @MethodSource(SELF + "othersMessages")
        void othersMessages(String op, Target target) throws Exception {
            long message = target == Target.DIRECT ? directText : groupText;
            Map<String, Object> data = request(op, bob, 0, message);
            String expected = op.equals("edit") ? "you may only edit your own messages"
                    : "you may only delete your own messages";
            assertForbidden(bob, op, data, expected);
        }

        @Test
        @DisplayName("another user's device cannot be removed, and registering its id touches only your own")
        void devices() throws Exception {
            assertLooksUnused(carol, "devices.remove", Map.of("deviceId", "alice-phone"),
                    Map.of("deviceId", "no-such-device"));
            String before = ok(alice.call("devices.list", Map.of())).toString();
            ok(carol.call("devices.register", Map.of("deviceId", "alice-phone", "platform", "apns", "token", "c4r01")));
            assertThat(ok(alice.call("devices.list", Map.of())).toString()).isEqualTo(before);
            ok(carol.call("devices.remove", Map.of("deviceId", "alice-phone")));
            assertThat(ok(alice.call("devices.list", Map.of())).toString()).isEqualTo(before);
        }

        @Test
        @DisplayName("friend answers and unblocks about other people's relations are not_found, like an unused id")
        void friendships() throws Exception {
            for (String op : List.of("friends.accept", "friends.decline", "friends.remove", "friends.unblock")) {
                assertLooksUnused(carol, op, Map.of("userId", alice.id()), Map.of("userId", UNUSED));
                assertLooksUnused(carol, op, Map.of("userId", bob.id()), Map.of("userId", UNUSED));
            }
            // Dave cannot lift the block Alice placed on him.
            assertLooksUnused(dave, "friends.unblock", Map.of("userId", alice.id()), Map.of("userId", UNUSED));
        }
    }

    static Stream<Arguments> othersMessages() {
        return Stream.of("edit", "delete").flatMap(op -> Stream.of(Target.values()).map(t -> Arguments.of(op, t)));
    }

    // --- assertions

    /**
     * The attempt is refused exactly as the same request with an unused id is (code and message), and
     * changes nothing anyone can see.
     */
    private void assertLooksUnused(Actor attacker, String op, Map<String, ?> attempt, Map<String, ?> unused)
            throws Exception {
        assertLooksUnused(attacker, op, attempt, unused, "not_found");
    }

    private void assertLooksUnused(Actor attacker, String op, Map<String, ?> attempt, Map<String, ?> unused,
                                   String code) throws Exception {
        String before = snapshot();
        Reply refused = attacker.call(op, attempt);
        Reply missing = attacker.call(op, unused);
        assertThat(missing.ok()).as("%s with an unused id", op).isFalse();
        assertThat(missing.errorCode()).as("%s with an unused id", op).isEqualTo(code);
        assertRefused(refused, missing.errorCode(), missing.errorMessage());
        assertThat(snapshot()).as("the scene after %s %s by %s", op, attempt, attacker.username()).isEqualTo(before);
        assertThat(eventsBeforeFence()).as("events after %s by %s", op, attacker.username()).isEmpty();
    }

    private void assertForbidden(Actor actor, String op, Map<String, ?> data, String message) throws Exception {
        String before = snapshot();
        assertRefused(actor.call(op, data), "forbidden", message);
        assertThat(snapshot()).as("the scene after %s by %s", op, actor.username()).isEqualTo(before);
        assertThat(eventsBeforeFence()).isEmpty();
    }

    private static void assertRefused(Reply reply, String code, String message) {
        assertThat(reply.ok()).as("refused: %s", reply.frame()).isFalse();
        assertThat(reply.errorCode()).as("code of %s", reply.frame()).isEqualTo(code);
        assertThat(reply.errorMessage()).as("message of %s", reply.frame()).isEqualTo(message);
    }

    private void assertDownloadLooksUnused(Actor who, String attachment, long message) throws Exception {
        ChatClient.HttpReply refused = who.client().download(attachment, message);
        for (ChatClient.HttpReply missing : List.of(who.client().download(UNUSED_ATTACHMENT, UNUSED),
                who.client().download(UNUSED_ATTACHMENT, message), who.client().download(attachment, UNUSED))) {
            assertThat(missing.status()).isEqualTo(404);
            assertThat(refused.status()).isEqualTo(missing.status());
            assertThat(refused.contentType()).isEqualTo(missing.contentType());
            assertThat(new String(refused.body(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(missing.body(), StandardCharsets.UTF_8));
        }
        assertThat(refused.json().path("error").path("code").asText()).isEqualTo("not_found");
    }

    /** The user's list and a sync from zero everywhere show exactly these conversations. */
    private void assertOnlySees(Actor user, Long... own) {
        Set<Long> listed = new HashSet<>();
        ok(user.call("conversations.list", Map.of())).path("conversations").forEach(c -> listed.add(c.path("id").asLong()));
        assertThat(listed).containsExactlyInAnyOrder(own);
        Map<String, Object> since = new LinkedHashMap<>();
        for (long id : List.of(direct, group, daveDirect, carolsGroup)) {
            since.put(Long.toString(id), 0);
        }
        Set<Long> synced = new HashSet<>();
        ok(user.call("sync", Map.of("since", since))).path("conversations")
                .forEach(c -> synced.add(c.path("conversationId").asLong()));
        assertThat(synced).containsExactlyInAnyOrder(own);
    }

    // --- the scene

    /**
     * Everything a refused attempt could have changed, as the admin and the victims see it: every
     * message with its edits, reactions and deletion, every group with its name and members, every
     * user, the victims' friends, cursors and devices.
     */
    private String snapshot() {
        StringBuilder state = new StringBuilder();
        state.append(ok(root.call("admin.messages.recent", Map.of("limit", 200))));
        state.append(ok(root.call("admin.groups.list", Map.of())));
        state.append(ok(root.call("admin.users.list", Map.of())));
        for (String user : List.of("alice", "bob", "dave")) {
            state.append(ok(root.call("admin.friends.list", Map.of("username", user))));
        }
        for (long conversation : List.of(direct, group)) {
            state.append(ok(alice.call("conversations.get", Map.of("conversationId", conversation))));
            state.append(ok(alice.call("receipts.list", Map.of("conversationId", conversation))));
        }
        state.append(ok(alice.call("conversations.get", Map.of("conversationId", daveDirect))));
        state.append(ok(alice.call("devices.list", Map.of())));
        state.append(ok(alice.call("groups.invitations", Map.of("conversationId", group))));
        state.append(ok(frank.call("invitations.list", Map.of())));
        return state.toString();
    }

    /**
     * The events that reached Alice's and Bob's live sessions since the last fence. Each gets a typing
     * event from the other as a fence: whatever a refused attempt published was queued before it.
     */
    private List<ServerEvent> eventsBeforeFence() {
        List<ServerEvent> events = new ArrayList<>();
        events.addAll(eventsBeforeFence(bob, alice));
        events.addAll(eventsBeforeFence(alice, bob));
        return events;
    }

    private List<ServerEvent> eventsBeforeFence(Actor typist, Actor observer) {
        ok(typist.call("typing", Map.of("conversationId", direct, "typing", true)));
        Predicate<ServerEvent> fence = e -> e.name().equals("typing")
                && e.data().path("userId").asLong() == typist.id()
                && e.data().path("conversationId").asLong() == direct;
        List<ServerEvent> before = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            while (true) {
                ServerEvent event = observer.client().nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                if (event == null) {
                    fail("%s got no fence event from %s", observer.username(), typist.username());
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

    private static Actor actor(String username, ChatClient client) {
        return new Actor(username, ok(client.call("me")).path("user").path("id").asLong(), client);
    }

    private static void befriend(Actor a, Actor b) {
        ok(a.call("friends.request", Map.of("userId", b.id())));
        ok(b.call("friends.accept", Map.of("userId", a.id())));
    }

    private static String upload(Actor owner) throws Exception {
        ChatClient.HttpReply reply = owner.client().upload("image", "image/png", PNG);
        assertThat(reply.status()).isEqualTo(201);
        return reply.json().path("attachment").path("id").asText();
    }

    private static long messageId(Reply reply) {
        return ok(reply).path("message").path("id").asLong();
    }

    private static JsonNode ok(Reply reply) {
        assertThat(reply.ok()).as("%s", reply.frame()).isTrue();
        return reply.data();
    }
}
