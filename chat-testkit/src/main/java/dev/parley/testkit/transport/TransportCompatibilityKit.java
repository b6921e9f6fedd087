package dev.parley.testkit.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.spi.Transport;
import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.ChatEngine;
import dev.parley.core.ChatEngineBuilder;
import dev.parley.core.ChatLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Protocol scenarios that must hold on every transport: logging in, chatting, syncing after being
 * offline, receipts, typing, presence, errors and limits, and shutdown, seen by real clients over real
 * connections. A transport proves it carries the protocol by extending this class:
 *
 * <pre>{@code
 * class MyTransportCompatibilityTest extends TransportCompatibilityKit<MyTransport> {
 *     @Override
 *     protected MyTransport createTransport() {
 *         return MyTransport.builder().host("127.0.0.1").port(0).build();
 *     }
 *
 *     @Override
 *     protected KitConnection connect(MyTransport transport) throws IOException {
 *         return new MyKitConnection("127.0.0.1", transport.port());
 *     }
 * }
 * }</pre>
 *
 * <p>Each test starts a new engine with a new transport from {@link #createTransport()}, on the store
 * that {@link #configureEngine} picks (the in-memory store by default), with {@code maxFrameBytes} set
 * to {@link #MAX_FRAME_BYTES}. Passwords are hashed with real Argon2id at low cost, to keep the kit fast.
 *
 * @param <T> the transport under test
 */
public abstract class TransportCompatibilityKit<T extends Transport> {

    /** The engine's frame limit in every scenario. */
    protected static final int MAX_FRAME_BYTES = 8192;
    private static final String PASSWORD = "correct horse battery";

    /** The transport under test, new for each test, not yet started. It should listen on a free port. */
    protected abstract T createTransport();

    /** Opens a new client connection to the transport, which the engine has started. */
    protected abstract KitConnection connect(T transport) throws IOException;

    /**
     * Completes the engine's configuration; the kit has set the transport, the limits and the password
     * hasher. By default it picks the in-memory store ({@code storeId("memory")}), which must then be on
     * the test class path.
     */
    protected void configureEngine(ChatEngineBuilder engine) {
        engine.storeId("memory", Map.of());
    }

    /**
     * Whether a connection stays open after a frame over the limit has been refused with
     * {@code too_large}. Both are allowed; a transport says which it does, and the kit checks it.
     */
    protected boolean keepsConnectionAfterOversizedFrame() {
        return true;
    }

    /** The engine under test, started. */
    protected ChatEngine engine;
    /** The transport under test, started by {@link #engine}. */
    protected T transport;
    private final List<KitClient> clients = new ArrayList<>();

    @BeforeEach
    void startServer() {
        transport = createTransport();
        ChatEngineBuilder builder = ChatEngine.builder()
                .passwordHasher(new Argon2idPasswordHasher(1024, 1, 1))
                .limits(ChatLimits.defaults().withMaxFrameBytes(MAX_FRAME_BYTES))
                .transport(transport);
        configureEngine(builder);
        engine = builder.build().start();
    }

    @AfterEach
    void stopServer() {
        clients.forEach(KitClient::close);
        engine.close();
    }

    /** A new client connection, not logged in. */
    protected KitClient connect() {
        try {
            KitClient client = new KitClient(connect(transport));
            clients.add(client);
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException("could not connect to the transport", e);
        }
    }

    /** A new connection, registered and logged in as a new user. */
    protected KitClient user(String username) {
        KitClient client = connect();
        client.register(username, PASSWORD);
        return client;
    }

    /** A new connection logged in as an existing user, as a second device would be. */
    protected KitClient device(String username) {
        KitClient client = connect();
        client.login(username, PASSWORD);
        return client;
    }

    /** Makes two users friends, so that they may message each other directly. */
    protected static void befriend(KitClient a, KitClient b) {
        a.ok("friends.request", Map.of("userId", b.userId()));
        b.ok("friends.accept", Map.of("userId", a.userId()));
    }

    /** Sends a direct message and returns the stored message from the response. */
    protected static JsonNode sendDirect(KitClient from, KitClient to, String text) {
        return from.ok("send", Map.of("toUserId", to.userId(), "text", text)).path("message");
    }

    private static void stillServes(KitClient client) {
        assertThat(client.call("ping").path("ok").asBoolean()).as("the connection still answers").isTrue();
    }

    @Nested
    @DisplayName("logging in")
    class LoggingIn {

        @Test
        @DisplayName("hello negotiates version 1 and announces the frame limit")
        void hello() {
            KitClient client = connect();
            JsonNode hello = client.ok("hello", Map.of("versions", List.of(1)));
            assertThat(hello.path("version").asInt()).isEqualTo(1);
            assertThat(hello.path("limits").path("maxFrameBytes").asInt()).isEqualTo(MAX_FRAME_BYTES);
        }

        @Test
        @DisplayName("registering logs the connection in and returns a token")
        void register() {
            KitClient alice = connect();
            JsonNode registered = alice.register("alice", PASSWORD);
            assertThat(registered.path("user").path("username").asText()).isEqualTo("alice");
            assertThat(registered.path("token").asText()).isNotEmpty();
            assertThat(alice.ok("me").path("user").path("id").asLong()).isEqualTo(alice.userId());
        }

        @Test
        @DisplayName("a second connection logs in with the password, a third with the token")
        void passwordAndToken() {
            KitClient alice = user("alice");
            KitClient phone = device("alice");
            assertThat(phone.userId()).isEqualTo(alice.userId());
            KitClient tablet = connect();
            JsonNode byToken = tablet.ok("login", Map.of("scheme", "token", "token", alice.token()));
            assertThat(byToken.path("user").path("id").asLong()).isEqualTo(alice.userId());
            assertThat(tablet.ok("me").path("user").path("username").asText()).isEqualTo("alice");
        }

        @Test
        @DisplayName("logout answers, says closing with logged_out, and closes the connection")
        void logout() {
            KitClient alice = user("alice");
            alice.ok("logout");
            assertThat(alice.awaitEvent("closing").path("reason").asText()).isEqualTo("logged_out");
            await().atMost(KitClient.WAIT).until(() -> !alice.isOpen());
        }
    }

    @Nested
    @DisplayName("chatting")
    class Chatting {

        @Test
        @DisplayName("two friends exchange messages both ways, numbered 1, 2, 3")
        void bothWays() {
            KitClient alice = user("alice");
            KitClient bob = user("bob");
            befriend(alice, bob);
            JsonNode first = sendDirect(alice, bob, "Hi Bob");
            assertThat(first.path("seq").asLong()).isEqualTo(1);
            JsonNode received = bob.awaitEvent("message").path("message");
            assertThat(received.path("text").asText()).isEqualTo("Hi Bob");
            assertThat(received.path("senderId").asLong()).isEqualTo(alice.userId());

            long conversation = first.path("conversationId").asLong();
            assertThat(bob.ok("send", Map.of("conversationId", conversation, "text", "Hi Alice"))
                    .path("message").path("seq").asLong()).isEqualTo(2);
            assertThat(alice.awaitEvent("message").path("message").path("text").asText()).isEqualTo("Hi Alice");
            alice.ok("send", Map.of("conversationId", conversation, "text", "How are you?"));
            assertThat(bob.awaitEvent("message").path("message").path("seq").asLong()).isEqualTo(3);
        }

        @Test
        @DisplayName("a retried send with the same clientMsgId returns the original and stores nothing new")
        void idempotentRetry() {
            KitClient alice = user("alice");
            KitClient bob = user("bob");
            befriend(alice, bob);
            Map<String, Object> send = Map.of("toUserId", bob.userId(), "text", "once", "clientMsgId", "c-1");
            JsonNode first = alice.ok("send", send);
            JsonNode retry = alice.ok("send", send);
            assertThat(retry.path("duplicate").asBoolean()).isTrue();
            assertThat(retry.path("message").path("id")).isEqualTo(first.path("message").path("id"));
            JsonNode history = bob.ok("history", Map.of("conversationId",
                    first.path("message").path("conversationId").asLong()));
            assertThat(history.path("messages")).hasSize(1);
        }

        @Test
        @DisplayName("the sender's other device receives the message too, the sending connection does not")
        void otherDevice() {
            KitClient alice = user("alice");
            KitClient bob = user("bob");
            befriend(alice, bob);
            KitClient tablet = device("alice");
            sendDirect(alice, bob, "from my phone");
            assertThat(tablet.awaitEvent("message").path("message").path("text").asText()).isEqualTo("from my phone");
            bob.awaitEvent("message");
            alice.ok("ping");
            assertThat(alice.drainEvents()).noneMatch(e -> e.path("event").asText().equals("message"));
        }

        @Test
        @DisplayName("emoji with ZWJ sequences, skin tones and other scripts arrive byte for byte")
        void unicode() {
            KitClient alice = user("alice");
            KitClient bob = user("bob");
            befriend(alice, bob);
            String text = "👩‍👩‍👧‍👦 👍🏿 🧑🏽‍💻 🏳️‍🌈 ❤️‍🔥 你好 𝄞 éà ß";
            JsonNode sent = alice.ok("send", Map.of("toUserId", bob.userId(), "kind", "emoji", "text", text))
                    .path("message");
            assertThat(sent.path("text").asText().getBytes(StandardCharsets.UTF_8))
                    .isEqualTo(text.getBytes(StandardCharsets.UTF_8));
            String live = bob.awaitEvent("message").path("message").path("text").asText();
            assertThat(live.getBytes(StandardCharsets.UTF_8)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        }

        @Test
        @DisplayName("a group message reaches every other member")
        void group() {
            KitClient ann = user("ann");
            KitClient ben = user("ben");
            KitClient cat = user("cat");
            befriend(ann, ben);
            befriend(ann, cat);
            long group = ann.ok("groups.create", Map.of("name", "Trio", "members", List.of(ben.userId(), cat.userId())))
                    .path("conversation").path("id").asLong();
            ann.ok("send", Map.of("conversationId", group, "text", "hello all"));
            for (KitClient member : List.of(ben, cat)) {
                JsonNode message = member.awaitEvent("message").path("message");
                assertThat(message.path("conversationId").asLong()).isEqualTo(group);
                assertThat(message.path("text").asText()).isEqualTo("hello all");
            }
        }

        @Test
        @DisplayName("users.get names the members of a group who are not friends, in the order asked; unknown ids are left out")
        void usersGet() {
            KitClient ann = user("ann");
            KitClient ben = user("ben");
            KitClient cat = user("cat");
            befriend(ann, ben);
            befriend(ann, cat);
            long group = ann.ok("groups.create", Map.of("name", "Trio", "members", List.of(ben.userId(), cat.userId())))
                    .path("conversation").path("id").asLong();
            List<Long> memberIds = new ArrayList<>();
            ben.ok("conversations.get", Map.of("conversationId", group)).path("conversation").path("members")
                    .forEach(m -> memberIds.add(m.path("userId").asLong()));
            assertThat(memberIds).containsExactlyInAnyOrder(ann.userId(), ben.userId(), cat.userId());

            JsonNode users = ben.ok("users.get", Map.of("ids", List.of(cat.userId(), 999_999, ann.userId(), cat.userId())))
                    .path("users");
            assertThat(users).hasSize(2);
            assertThat(users.get(0).path("id").asLong()).isEqualTo(cat.userId());
            assertThat(users.get(0).path("username").asText()).isEqualTo("cat");
            assertThat(users.get(1).path("username").asText()).isEqualTo("ann");
            assertThat(users.get(1).has("roles")).as("only the public profile").isFalse();
            assertThat(ben.error("users.get", Map.of("ids", List.of()))).isEqualTo("bad_request");
            assertThat(ben.error("users.get", Map.of("ids", List.of("cat")))).isEqualTo("bad_request");
            int max = ChatLimits.defaults().maxPageSize();
            List<Long> tooMany = java.util.stream.LongStream.rangeClosed(1, max + 1).boxed().toList();
            assertThat(ben.error("users.get", Map.of("ids", tooMany))).isEqualTo("bad_request");
            assertThat(ben.ok("users.get", Map.of("ids", tooMany.subList(0, max))).path("users")).isNotEmpty();
        }
    }

    @Nested
    @DisplayName("syncing after being offline")
    class Syncing {

        @Test
        @DisplayName("a user who was offline gets exactly the messages they missed, and nothing twice")
        void offlineSync() {
            KitClient alice = user("alice");
            KitClient bob = user("bob");
            befriend(alice, bob);
            long conversation = sendDirect(alice, bob, "one").path("conversationId").asLong();
            bob.awaitEvent("message");
            bob.close();
            for (String text : List.of("two", "three", "four")) {
                alice.ok("send", Map.of("conversationId", conversation, "text", text));
            }
            KitClient bobLater = device("bob");
            JsonNode batch = bobLater.ok("sync", Map.of("since", Map.of(Long.toString(conversation), 1)))
                    .path("conversations").get(0);
            assertThat(batch.path("conversationId").asLong()).isEqualTo(conversation);
            List<String> texts = new ArrayList<>();
            batch.path("messages").forEach(m -> texts.add(m.path("text").asText()));
            assertThat(texts).containsExactly("two", "three", "four");
            assertThat(batch.path("hasMore").asBoolean()).isFalse();
            JsonNode again = bobLater.ok("sync", Map.of("since", Map.of(Long.toString(conversation), 4)));
            assertThat(again.path("conversations")).isEmpty();
        }

        @Test
        @DisplayName("sync pages forward with a limit, without gaps")
        void paging() {
            KitClient alice = user("alice");
            KitClient bob = user("bob");
            befriend(alice, bob);
            long conversation = sendDirect(alice, bob, "1").path("conversationId").asLong();
            for (int i = 2; i <= 5; i++) {
                alice.ok("send", Map.of("conversationId", conversation, "text", Integer.toString(i)));
            }
            List<Long> seqs = new ArrayList<>();
            long last = 0;
            boolean more = true;
            while (more) {
                JsonNode batch = bob.ok("sync", Map.of("since", Map.of(Long.toString(conversation), last), "limit", 2))
                        .path("conversations").get(0);
                batch.path("messages").forEach(m -> seqs.add(m.path("seq").asLong()));
                last = seqs.get(seqs.size() - 1);
                more = batch.path("hasMore").asBoolean();
            }
            assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L);
        }
    }

    @Nested
    @DisplayName("receipts")
    class Receipts {

        @Test
        @DisplayName("a read receipt reaches the sender and clears the reader's unread count")
        void read() {
            KitClient alice = user("alice");
            KitClient bob = user("bob");
            befriend(alice, bob);
            long conversation = sendDirect(alice, bob, "one").path("conversationId").asLong();
            alice.ok("send", Map.of("conversationId", conversation, "text", "two"));
            assertThat(bob.ok("conversations.get", Map.of("conversationId", conversation))
                    .path("conversation").path("unread").asLong()).isEqualTo(2);

            bob.ok("receipts.read", Map.of("conversationId", conversation, "seq", 2));
            JsonNode cursor = alice.awaitEvent("receipt",
                    e -> e.path("cursor").path("userId").asLong() == bob.userId()).path("cursor");
            assertThat(cursor.path("readSeq").asLong()).isEqualTo(2);
            assertThat(bob.ok("conversations.get", Map.of("conversationId", conversation))
                    .path("conversation").path("unread").asLong()).isZero();
        }

        @Test
        @DisplayName("a delivered receipt moves the delivered cursor that receipts.list reports")
        void delivered() {
            KitClient alice = user("alice");
            KitClient bob = user("bob");
            befriend(alice, bob);
            long conversation = sendDirect(alice, bob, "one").path("conversationId").asLong();
            bob.ok("receipts.delivered", Map.of("conversationId", conversation, "seq", 1));
            alice.awaitEvent("receipt", e -> e.path("cursor").path("userId").asLong() == bob.userId()
                    && e.path("cursor").path("deliveredSeq").asLong() == 1);
            JsonNode cursors = alice.ok("receipts.list", Map.of("conversationId", conversation)).path("cursors");
            assertThat(cursors).anySatisfy(c -> {
                assertThat(c.path("userId").asLong()).isEqualTo(bob.userId());
                assertThat(c.path("deliveredSeq").asLong()).isEqualTo(1);
            });
        }
    }

    @Nested
    @DisplayName("typing")
    class Typing {

        @Test
        @DisplayName("typing and stopping reach the other member")
        void typing() {
            KitClient alice = user("alice");
            KitClient bob = user("bob");
            befriend(alice, bob);
            long conversation = sendDirect(alice, bob, "hey").path("conversationId").asLong();
            alice.ok("typing", Map.of("conversationId", conversation, "typing", true));
            JsonNode typing = bob.awaitEvent("typing");
            assertThat(typing.path("userId").asLong()).isEqualTo(alice.userId());
            assertThat(typing.path("typing").asBoolean()).isTrue();
            alice.ok("typing", Map.of("conversationId", conversation, "typing", false));
            assertThat(bob.awaitEvent("typing").path("typing").asBoolean()).isFalse();
        }
    }

    @Nested
    @DisplayName("presence")
    class Presence {

        @Test
        @DisplayName("a friend sees the user go offline with a last-seen time, and come back online")
        void offlineAndBack() {
            KitClient alice = user("alice");
            KitClient bob = user("bob");
            befriend(alice, bob);
            long bobId = bob.userId();
            bob.close();
            JsonNode offline = alice.awaitEvent("presence",
                    e -> e.path("userId").asLong() == bobId && !e.path("online").asBoolean());
            assertThat(offline.path("lastSeen").asText()).isNotEmpty();
            device("bob");
            alice.awaitEvent("presence", e -> e.path("userId").asLong() == bobId && e.path("online").asBoolean());
            JsonNode friends = alice.ok("friends.list").path("friends");
            assertThat(friends.get(0).path("presence").path("online").asBoolean()).isTrue();
        }
    }

    @Nested
    @DisplayName("errors and limits")
    class ErrorsAndLimits {

        @Test
        @DisplayName("malformed JSON gets bad_request without an id, and the session stays open")
        void malformedJson() {
            KitClient client = connect();
            client.sendRaw("{\"id\": \"1\", \"op\": ");
            JsonNode error = client.awaitUnsolicitedError();
            assertThat(Frames.errorCode(error)).isEqualTo("bad_request");
            assertThat(error.path("error").path("message").asText()).contains("malformed JSON");
            client.sendRaw("[1, 2, 3]");
            assertThat(Frames.errorCode(client.awaitUnsolicitedError())).isEqualTo("bad_request");
            stillServes(client);
        }

        @Test
        @DisplayName("a request without an id gets bad_request naming the id")
        void missingId() {
            KitClient client = connect();
            client.sendRaw("{\"op\": \"ping\"}");
            JsonNode error = client.awaitUnsolicitedError();
            assertThat(Frames.errorCode(error)).isEqualTo("bad_request");
            assertThat(error.path("error").path("message").asText()).contains("'id'");
            stillServes(client);
        }

        @Test
        @DisplayName("an id with a lone surrogate gets bad_request without an id; a surrogate pair is echoed exactly")
        void loneSurrogateId() {
            KitClient client = connect();
            for (String id : List.of("\\ud800", "\\udc00x", "a\\ud83d")) {
                client.sendRaw("{\"id\":\"" + id + "\",\"op\":\"ping\"}");
                JsonNode error = client.awaitUnsolicitedError();
                assertThat(Frames.errorCode(error)).as(id).isEqualTo("bad_request");
                assertThat(error.path("error").path("message").asText())
                        .isEqualTo("a request's 'id' must be well-formed Unicode, without lone surrogates");
            }
            client.sendRaw("{\"id\":\"\\ud83d\\ude00\",\"op\":\"ping\"}");
            assertThat(client.awaitResponse("\uD83D\uDE00").path("ok").asBoolean()).isTrue();
            assertThat(client.drainEvents()).isEmpty();
            stillServes(client);
        }

        @Test
        @DisplayName("an unknown op gets unknown_op")
        void unknownOp() {
            KitClient client = connect();
            JsonNode response = client.call("teleport");
            assertThat(Frames.errorCode(response)).isEqualTo("unknown_op");
            assertThat(response.path("error").path("message").asText()).isEqualTo("unknown op: teleport");
            stillServes(client);
        }

        @Test
        @DisplayName("before login only hello, ping, register and login are allowed")
        void opsBeforeLogin() {
            KitClient client = connect();
            for (String op : List.of("me", "send", "sync", "friends.list", "typing", "receipts.read",
                    "conversations.list", "logout")) {
                assertThat(client.error(op, Map.of("conversationId", 1, "toUserId", 1, "text", "x", "seq", 1)))
                        .as(op).isEqualTo("unauthorized");
            }
            client.ok("hello", Map.of("versions", List.of(1)));
            client.ok("ping");
        }

        @Test
        @DisplayName("a wrong password and an unknown user get the same unauthorized answer")
        void wrongPassword() {
            user("alice");
            KitClient client = connect();
            JsonNode wrong = client.call("login", Map.of("scheme", "password", "username", "alice", "password", "guess"));
            JsonNode unknown = client.call("login", Map.of("scheme", "password", "username", "nobody", "password", "guess"));
            assertThat(Frames.errorCode(wrong)).isEqualTo("unauthorized");
            assertThat(wrong.path("error")).isEqualTo(unknown.path("error"));
            assertThat(client.error("me", null)).isEqualTo("unauthorized");
            client.login("alice", PASSWORD);
            stillServes(client);
        }

        @Test
        @DisplayName("a frame of exactly the limit is accepted")
        void frameAtTheLimit() {
            KitClient client = connect();
            client.sendRaw(paddedPing("edge", MAX_FRAME_BYTES));
            assertThat(client.awaitResponse("edge").path("ok").asBoolean()).isTrue();
        }

        @Test
        @DisplayName("a frame over the limit gets too_large with \"id\": null, and the server keeps serving")
        void oversized() {
            KitClient other = connect();
            KitClient client = connect();
            client.sendRaw(paddedPing("big", MAX_FRAME_BYTES * 3 / 2));
            JsonNode error = client.awaitUnsolicitedError();
            assertThat(Frames.errorCode(error)).isEqualTo("too_large");
            // The frame was not read, so its id is not known: the answer says so with an explicit null.
            assertThat(error.has("id") && error.get("id").isNull()).as("\"id\": null in %s", error).isTrue();
            if (keepsConnectionAfterOversizedFrame()) {
                stillServes(client);
            } else {
                await().atMost(KitClient.WAIT).until(() -> !client.isOpen());
            }
            stillServes(other);
            stillServes(connect());
        }

        /** A ping whose frame is exactly {@code bytes} bytes of UTF-8, padded with a multi-byte character. */
        private String paddedPing(String id, int bytes) {
            String prefix = "{\"id\":\"" + id + "\",\"op\":\"ping\",\"data\":{\"pad\":\"";
            String suffix = "\"}}";
            int room = bytes - prefix.length() - suffix.length();
            // é is two bytes, so the byte limit and the character count differ, as they do in real text.
            String pad = "é".repeat(room / 2) + "x".repeat(room % 2);
            String frame = prefix + pad + suffix;
            assertThat(frame.getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
            return frame;
        }
    }

    @Nested
    @DisplayName("shutting down")
    class ShuttingDown {

        @Test
        @DisplayName("closing the engine tells every connection server_shutdown and closes it")
        void shutdown() {
            KitClient alice = user("alice");
            KitClient anonymous = connect();
            // Answered, so the server has accepted it: a connection still in the kernel's backlog when
            // the listener closes is reset by the kernel, and nobody can tell it anything.
            anonymous.ok("ping");
            engine.close();
            for (KitClient client : List.of(alice, anonymous)) {
                assertThat(client.awaitEvent("closing").path("reason").asText()).isEqualTo("server_shutdown");
                await().atMost(KitClient.WAIT).until(() -> !client.isOpen());
            }
        }

        @Test
        @DisplayName("closing the transport on its own, the engine still running, tells every connection server_shutdown too")
        void transportShutdown() throws Exception {
            KitClient alice = user("alice");
            KitClient anonymous = connect();
            anonymous.ok("ping");
            transport.close();
            for (KitClient client : List.of(alice, anonymous)) {
                assertThat(client.awaitEvent("closing").path("reason").asText()).isEqualTo("server_shutdown");
                await().atMost(KitClient.WAIT).until(() -> !client.isOpen());
            }
        }
    }
}
