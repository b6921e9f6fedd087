package dev.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.api.CloseReason;
import dev.parley.api.Conversation;
import dev.parley.api.Message;
import dev.parley.api.MessageDraft;
import dev.parley.api.Presence;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.event.MessageEvent;
import dev.parley.api.event.PresenceEvent;
import dev.parley.api.event.ReceiptEvent;
import dev.parley.api.event.TypingEvent;
import dev.parley.api.spi.ChatStore;
import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.ChatEngine;
import dev.parley.core.ChatSession;
import dev.parley.core.LoginResult;
import dev.parley.core.RateLimits;
import dev.parley.core.internal.TokenDigest;
import dev.parley.store.memory.MemoryChatStore;
import dev.parley.testkit.engine.RecordingSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ClientKillParams;

/**
 * Three engines in one JVM on one store, each on its own {@link RedisFanOut} over the real Redis
 * ({@link TestRedis}). Each test uses a prefix of its own, so tests never hear each other.
 */
class RedisFanOutTest {

    private static final String REDIS = TestRedis.uri();
    private static final String PASSWORD = "correct horse battery";
    private static final Duration TTL = Duration.ofSeconds(1);
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final ChatStore store = new MemoryChatStore();
    private final List<ChatEngine> engines = new ArrayList<>();
    private final List<RedisFanOut> fanOuts = new ArrayList<>();
    private final String prefix = "parley-test-" + UUID.randomUUID();
    private RedisClient redis;
    private ChatEngine a;
    private ChatEngine b;
    private ChatEngine c;

    @BeforeEach
    void startCluster() {
        redis = RedisClient.create(REDIS);
        a = node("a");
        b = node("b");
        c = node("c");
        // Every node has heard every other's first heartbeat, so each knows of all the others.
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.zcard(prefix + ":nodes") == 3);
    }

    @AfterEach
    void stopCluster() {
        engines.forEach(ChatEngine::close);
        for (String key : redis.keys(prefix + ":*")) {
            redis.del(key);
        }
        redis.close();
    }

    private ChatEngine node(String name) {
        return node(name, REDIS);
    }

    private ChatEngine node(String name, String redisUri) {
        RedisCluster cluster = RedisCluster.at(redisUri).withPrefix(prefix).withNodeId(name).withPresenceTtl(TTL);
        ChatEngine engine = ChatEngine.builder()
                .store(store)
                .passwordHasher(new Argon2idPasswordHasher(1024, 1, 1))
                .rateLimits(RateLimits.defaults().withSends(1_000_000, 1_000_000))
                .fanOut(sessions -> {
                    RedisFanOut fanOut = (RedisFanOut) cluster.fanOut().create(sessions);
                    fanOuts.add(fanOut);
                    return fanOut;
                })
                .build().start();
        engines.add(engine);
        return engine;
    }

    private User user(String name) {
        return a.users().register(name + "-" + NAMES.incrementAndGet(), name, PASSWORD);
    }

    private void befriend(User x, User y) {
        a.friends().request(x.id(), y.id());
        a.friends().accept(y.id(), x.id());
    }

    /** Opens a session on the node, and waits until every other node sees the user online. */
    private RecordingSink connect(ChatEngine node, User user) {
        RecordingSink sink = new RecordingSink();
        node.sessions().open(user.id(), sink);
        awaitOnlineEverywhere(user.id(), true);
        return sink;
    }

    private void awaitOnlineEverywhere(UserId user, boolean online) {
        await().atMost(Duration.ofSeconds(10)).until(() -> engines.stream()
                .allMatch(e -> e.presence().presenceOf(user).online() == online));
    }

    private static long count(RecordingSink sink, Message message) {
        return sink.events(MessageEvent.class).stream().filter(e -> e.message().id().equals(message.id())).count();
    }

    @Test
    @DisplayName("a direct message from a user on one node reaches the recipient on another exactly once")
    void directAcrossNodes() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        RecordingSink bobOnB = connect(b, bob);
        RecordingSink aliceOnC = connect(c, alice);

        Message first = a.messages().sendDirect(alice.id(), bob.id(), MessageDraft.text("hello from a")).message();
        Message second = a.messages().sendDirect(alice.id(), bob.id(), MessageDraft.text("and again")).message();

        // One origin publishes in order on one channel: once the second is here, a copy of the first would be too.
        bobOnB.awaitEvent(MessageEvent.class, e -> e.message().id().equals(second.id()));
        aliceOnC.awaitEvent(MessageEvent.class, e -> e.message().id().equals(second.id()));
        assertThat(count(bobOnB, first)).isEqualTo(1);
        assertThat(count(bobOnB, second)).isEqualTo(1);
        assertThat(count(aliceOnC, first)).as("the sender's device on another node").isEqualTo(1);
        assertThat(bobOnB.events(MessageEvent.class).get(0).message().text()).isEqualTo("hello from a");
    }

    @Test
    @DisplayName("a group message reaches members on every node once, and skips only the session that sent it")
    void groupAcrossNodes() {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        befriend(alice, bob);
        befriend(alice, carol);
        Conversation group = a.conversations().createGroup(alice.id(), "Team", List.of(bob.id(), carol.id()));
        RecordingSink aliceOnA = new RecordingSink();
        ChatSession sending = a.sessions().open(alice.id(), aliceOnA);
        RecordingSink aliceOnB = connect(b, alice);
        RecordingSink bobOnB = connect(b, bob);
        RecordingSink carolOnC = connect(c, carol);

        Message sent = a.messages().sendAsync(sending, group.id(), MessageDraft.text("hi team")).join().message();
        Message after = a.messages().send(bob.id(), group.id(), MessageDraft.text("hi alice")).message();

        for (RecordingSink sink : List.of(aliceOnB, bobOnB, carolOnC, aliceOnA)) {
            sink.awaitEvent(MessageEvent.class, e -> e.message().id().equals(after.id()));
        }
        assertThat(count(bobOnB, sent)).isEqualTo(1);
        assertThat(count(carolOnC, sent)).isEqualTo(1);
        assertThat(count(aliceOnB, sent)).as("the sender's other device, on another node").isEqualTo(1);
        assertThat(count(aliceOnA, sent)).as("the sending session gets the ack instead").isZero();
        assertThat(b.messages().sync(bob.id(), java.util.Map.of(group.id(), 0L), 10).get(0).messages())
                .extracting(Message::id).containsExactly(sent.id(), after.id());
    }

    @Test
    @DisplayName("typing and receipts cross nodes")
    void typingAndReceipts() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        RecordingSink aliceOnA = connect(a, alice);
        connect(b, bob);
        Message message = a.messages().sendDirect(alice.id(), bob.id(), MessageDraft.text("read me")).message();

        b.presence().typing(bob.id(), message.conversationId(), true);
        aliceOnA.awaitEvent(TypingEvent.class, e -> e.userId().equals(bob.id()) && e.typing());

        b.receipts().markRead(bob.id(), message.conversationId(), message.seq());
        aliceOnA.awaitEvent(ReceiptEvent.class, e -> e.cursor().userId().equals(bob.id())
                && e.cursor().readSeq() == message.seq());
    }

    @Test
    @DisplayName("friends on other nodes hear presence once per change of the user's presence across the cluster")
    void presenceAcrossNodes() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        RecordingSink aliceOnA = connect(a, alice);

        ChatSession bobOnB = b.sessions().open(bob.id(), new RecordingSink());
        aliceOnA.awaitEvent(PresenceEvent.class, e -> e.userId().equals(bob.id()) && e.presence().online());
        awaitOnlineEverywhere(bob.id(), true);
        assertThat(a.presence().presenceOf(bob.id())).isEqualTo(Presence.ONLINE);
        assertThat(redis.zrangeByScore(prefix + ":presence:" + bob.id().value(),
                System.currentTimeMillis(), Double.POSITIVE_INFINITY)).containsExactly("b");

        // A second device on another node changes nothing for his friends, nor does closing one of the two.
        ChatSession bobOnC = c.sessions().open(bob.id(), new RecordingSink());
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.zcard(prefix + ":presence:" + bob.id().value()) == 2);
        bobOnB.close("bye");
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.zcard(prefix + ":presence:" + bob.id().value()) == 1);
        assertThat(a.presence().presenceOf(bob.id()).online()).isTrue();
        bobOnC.close("bye");

        aliceOnA.awaitEvent(PresenceEvent.class, e -> e.userId().equals(bob.id()) && !e.presence().online());
        awaitOnlineEverywhere(bob.id(), false);
        List<PresenceEvent> heard = aliceOnA.events(PresenceEvent.class).stream()
                .filter(e -> e.userId().equals(bob.id())).toList();
        assertThat(heard).extracting(e -> e.presence().online()).containsExactly(true, false);
    }

    @Test
    @DisplayName("the users of a node that stops without a word go offline everywhere after the TTL")
    void crashedNodeUsersGoOffline() {
        User bob = user("bob");
        connect(c, bob);
        assertThat(a.presence().presenceOf(bob.id()).online()).isTrue();

        fanOuts.get(2).crash();

        awaitOnlineEverywhereBut(c, bob.id());
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.zrangeByScore(prefix + ":presence:"
                + bob.id().value(), System.currentTimeMillis(), Double.POSITIVE_INFINITY).isEmpty());
        assertThat(redis.zrangeByScore(prefix + ":nodes", System.currentTimeMillis(), Double.POSITIVE_INFINITY))
                .containsExactlyInAnyOrder("a", "b");
    }

    private void awaitOnlineEverywhereBut(ChatEngine crashed, UserId user) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> engines.stream()
                .filter(e -> e != crashed).noneMatch(e -> e.presence().presenceOf(user).online()));
    }

    @Test
    @DisplayName("a logout everywhere, a disable and a token's logout on one node close the sessions on the others")
    void revocationsCrossNodes() {
        User bob = user("bob");
        RecordingSink phone = connect(b, bob);
        RecordingSink laptop = connect(c, bob);
        a.auth().logoutEverywhere(bob.id());
        await().atMost(Duration.ofSeconds(10)).until(() -> phone.closeReason() != null && laptop.closeReason() != null);
        assertThat(phone.closeReason()).isEqualTo(CloseReason.LOGGED_OUT);
        assertThat(laptop.closeReason()).isEqualTo(CloseReason.LOGGED_OUT);

        LoginResult login = b.auth().loginWithPassword(bob.username(), PASSWORD);
        RecordingSink withToken = new RecordingSink();
        b.sessions().open(bob.id(), withToken, TokenDigest.hash(login.token()));
        RecordingSink otherLogin = connect(b, bob);
        a.auth().logout(login.token());
        await().atMost(Duration.ofSeconds(10)).until(() -> withToken.closeReason() != null);
        assertThat(withToken.closeReason()).isEqualTo(CloseReason.LOGGED_OUT);
        assertThat(otherLogin.closeReason()).as("a session of another login stays").isNull();

        a.users().setEnabled(bob.id(), false);
        await().atMost(Duration.ofSeconds(10)).until(() -> otherLogin.closeReason() != null);
        assertThat(otherLogin.closeReason()).isEqualTo(CloseReason.ACCOUNT_DISABLED);
    }

    @Test
    @DisplayName("after Redis drops a node's connections, delivery to and from it resumes")
    void deliveryResumesAfterTheConnectionIsLost() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        RecordingSink aliceOnA = connect(a, alice);
        RecordingSink bobOnB = connect(b, bob);

        killConnectionsOf("b");

        // Each poll sends one more message each way until one crosses: the bus is back for both directions.
        AtomicReference<Message> toBob = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
            toBob.set(a.messages().sendDirect(alice.id(), bob.id(), MessageDraft.text("to b")).message());
            return bobOnB.events(MessageEvent.class).stream().anyMatch(e -> e.message().text().equals("to b"));
        });
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
            b.messages().sendDirect(bob.id(), alice.id(), MessageDraft.text("from b"));
            return aliceOnA.events(MessageEvent.class).stream().anyMatch(e -> e.message().text().equals("from b"));
        });
        // And the last message sent to b, after the bus was back, arrives exactly once.
        bobOnB.awaitEvent(MessageEvent.class, e -> e.message().id().equals(toBob.get().id()));
        assertThat(count(bobOnB, toBob.get())).isEqualTo(1);
        assertThat(fanOuts.get(1).nodeId()).isEqualTo("b");
    }

    @Test
    @DisplayName("a subscription that stays open but hears nothing is noticed by the node's own heartbeats and opened again")
    void deafSubscriptionIsReopened() throws Exception {
        java.net.URI redisUri = TestRedis.parsed();
        try (DeafeningProxy proxy = new DeafeningProxy(redisUri.getHost(), redisUri.getPort() == -1 ? 6379
                : redisUri.getPort())) {
            String viaProxy = redisUri.getScheme() + "://" + (redisUri.getRawUserInfo() == null ? ""
                    : redisUri.getRawUserInfo() + "@") + "127.0.0.1:" + proxy.port();
            ChatEngine d = node("d", viaProxy);
            User alice = user("alice");
            User bob = user("bob");
            befriend(alice, bob);
            RecordingSink bobOnD = connect(d, bob);
            await().atMost(Duration.ofSeconds(10)).until(() -> proxy.deafenSubscriptions() == 1);

            // Node d still publishes, so its heartbeats reach Redis; it just no longer hears them, nor anything else.
            AtomicInteger sent = new AtomicInteger();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
                a.messages().sendDirect(alice.id(), bob.id(), MessageDraft.text("hello d " + sent.incrementAndGet()));
                return !bobOnD.events(MessageEvent.class).isEmpty();
            });
        }
    }

    /** Has Redis close every connection of the node, the subscription and the pooled ones alike. */
    private void killConnectionsOf(String node) {
        int killed = 0;
        try (Jedis admin = new Jedis(TestRedis.parsed())) {
            for (String line : admin.clientList().split("\n")) {
                if (line.contains(" name=parley-" + node + " ")) {
                    String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
                    admin.clientKill(new ClientKillParams().id(id));
                    killed++;
                }
            }
        }
        assertThat(killed).as("node " + node + " had connections to kill").isPositive();
    }
}
