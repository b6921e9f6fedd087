package dev.parley.cli;

import static dev.parley.cli.LiveLine.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.testkit.transport.RetryingLineClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several {@code parley server} processes of the real jar on one fresh MariaDB database and one Redis,
 * each with {@code --cluster}: users on different nodes talk as if on one server, a node killed with
 * SIGKILL in the middle of the writes loses no acked message (its clients move to the other nodes),
 * and a Redis killed and restarted in the middle of the writes loses nothing either, after which live
 * delivery across nodes resumes. Each run classifies every message as ParleyKillIT does and prints it.
 */
class ParleyClusterFailoverIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "admin-password-1";
    private static final String PASSWORD = "user-password-1";
    private static final Duration LIVE = Duration.ofSeconds(15);

    @Test
    @DisplayName("three nodes: 1:1, group, presence, receipts and typing cross nodes; one node killed mid-traffic "
            + "loses no acked message and doubles none")
    void threeNodesAndANodeKilled(@TempDir Path dir) throws Exception {
        long start = System.nanoTime();
        String redis = FreshMariaDb.setting("PARLEY_TEST_REDIS_URL", "redis://127.0.0.1:6379");
        try (FreshMariaDb db = new FreshMariaDb("parley_cluster"); Nodes nodes = new Nodes(dir, db, redis, 3, "3s")) {
            long ready = System.nanoTime();
            Fixture fixture = Fixture.create(nodes.tcp(0), List.of("alice", "bob", "carol", "dave", "erin"),
                    List.of(List.of("alice", "bob"), List.of("alice", "erin")));
            long talk = fixture.group("talk", "alice", "bob", "carol");
            long load = fixture.group("load", "alice", "bob", "carol", "dave");
            System.out.printf("cluster: 3 nodes ready in %d ms, the fixture made in %d ms%n",
                    (ready - start) / 1_000_000, (System.nanoTime() - ready) / 1_000_000);

            try (LiveLine bob = new LiveLine(nodes.tcp(1), "bob", PASSWORD);
                 LiveLine alice = new LiveLine(nodes.tcp(0), "alice", PASSWORD);
                 LiveLine carol = new LiveLine(nodes.tcp(2), "carol", PASSWORD);
                 LiveLine erin = new LiveLine(nodes.tcp(2), "erin", PASSWORD)) {
                // Presence: bob (node 2) hears alice (node 1) come online; alice sees bob online.
                bob.awaitFrame(0, event("presence", d -> d.path("userId").asLong() == alice.userId()
                        && d.path("online").asBoolean()), LIVE);
                await().atMost(LIVE).until(() -> online(alice, bob.userId()) && online(alice, erin.userId()));

                // 1:1 both ways, a read receipt and typing, between node 1 and node 2.
                int b = bob.mark();
                JsonNode first = alice.call("send", JSON.createObjectNode().put("toUserId", bob.userId())
                        .put("text", "hello bob on node 2").put("clientMsgId", "live-1")).path("message");
                long direct = first.path("conversationId").asLong();
                bob.awaitFrame(b, message("hello bob on node 2"), LIVE);
                int a = alice.mark();
                bob.call("send", JSON.createObjectNode().put("conversationId", direct)
                        .put("text", "hello alice on node 1").put("clientMsgId", "live-2"));
                alice.awaitFrame(a, message("hello alice on node 1"), LIVE);
                a = alice.mark();
                bob.call("receipts.read", JSON.createObjectNode().put("conversationId", direct).put("seq", 1));
                alice.awaitFrame(a, event("receipt", d -> d.path("cursor").path("userId").asLong() == bob.userId()
                        && d.path("cursor").path("readSeq").asLong() == 1), LIVE);
                b = bob.mark();
                alice.call("typing", JSON.createObjectNode().put("conversationId", direct).put("typing", true));
                bob.awaitFrame(b, event("typing", d -> d.path("userId").asLong() == alice.userId()
                        && d.path("conversationId").asLong() == direct && d.path("typing").asBoolean()), LIVE);

                // A group across all three nodes: a message, a read receipt and typing reach the other two.
                a = alice.mark();
                b = bob.mark();
                carol.call("send", JSON.createObjectNode().put("conversationId", talk)
                        .put("text", "hello group from node 3").put("clientMsgId", "live-3"));
                alice.awaitFrame(a, message("hello group from node 3"), LIVE);
                bob.awaitFrame(b, message("hello group from node 3"), LIVE);
                b = bob.mark();
                int c = carol.mark();
                alice.call("receipts.read", JSON.createObjectNode().put("conversationId", talk).put("seq", 1));
                for (LiveLine member : List.of(bob, carol)) {
                    member.awaitFrame(member == bob ? b : c, event("receipt", d -> d.path("cursor").path("userId").asLong()
                            == alice.userId() && d.path("cursor").path("conversationId").asLong() == talk), LIVE);
                }
                a = alice.mark();
                c = carol.mark();
                bob.call("typing", JSON.createObjectNode().put("conversationId", talk).put("typing", true));
                for (LiveLine member : List.of(alice, carol)) {
                    member.awaitFrame(member == alice ? a : c, event("typing", d -> d.path("userId").asLong()
                            == bob.userId() && d.path("conversationId").asLong() == talk), LIVE);
                }

                // Offline across nodes: bob's last session closes on node 2, alice hears it on node 1.
                a = alice.mark();
                bob.close();
                alice.awaitFrame(a, event("presence", d -> d.path("userId").asLong() == bob.userId()
                        && !d.path("online").asBoolean()), LIVE);

                // Traffic into one group from clients on every node; node 3 is killed with SIGKILL a third
                // of the way in, and its clients (carol, dave) move on to node 1.
                List<Integer> ports = nodes.tcpPorts();
                List<RetryingLineClient> clients = List.of(
                        client("alice", rotate(ports, 0), load), client("bob", rotate(ports, 1), load),
                        client("carol", rotate(ports, 2), load), client("dave", rotate(ports, 2), load));
                DeliveryClassification verdict;
                long killed;
                try (GroupLoad traffic = new GroupLoad(clients, 50, 15)) {
                    traffic.awaitAcked(traffic.total() / 3);
                    assertThat(traffic.done()).as("the kill comes in the middle of the writes").isFalse();
                    nodes.kill(2);
                    killed = System.nanoTime();
                    verdict = traffic.finish(() -> db.messages(load));
                    System.out.println(verdict.summary("cluster, node 3 of 3 killed with SIGKILL", clients));
                    verdict.assertSound(clients);
                }
                for (RetryingLineClient moved : clients.subList(2, 4)) {
                    assertThat(moved.reconnects()).as(moved.username() + " reconnected").isPositive();
                    assertThat(moved.port()).as(moved.username() + " is on another node").isNotEqualTo(ports.get(2));
                }
                // erin was only on node 3 and did not come back: she goes offline once its TTL has passed.
                await().atMost(LIVE).until(() -> !online(alice, erin.userId()));
                System.out.printf("cluster: the killed node's users offline for the others %d ms after the kill "
                        + "(presence TTL 3 s)%n", (System.nanoTime() - killed) / 1_000_000);
            }
            assertThat(nodes.stop(0)).isZero();
            assertThat(nodes.stop(1)).isZero();
        }
    }

    @Test
    @DisplayName("Redis killed and restarted mid-traffic: nothing acked is lost or doubled, and live delivery "
            + "across nodes resumes")
    void redisRestartedMidTraffic(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(PrivateRedis.available(),
                "redis-server is not installed: this test restarts a Redis of its own (apt-get install redis-server)");
        try (PrivateRedis redis = PrivateRedis.start(); FreshMariaDb db = new FreshMariaDb("parley_cluster");
             Nodes nodes = new Nodes(dir, db, redis.uri(), 2, "1s")) {
            Fixture fixture = Fixture.create(nodes.tcp(0), List.of("alice", "bob", "carol"),
                    List.of(List.of("alice", "bob")));
            long load = fixture.group("load", "alice", "bob", "carol");
            try (LiveLine alice = new LiveLine(nodes.tcp(0), "alice", PASSWORD);
                 LiveLine bob = new LiveLine(nodes.tcp(1), "bob", PASSWORD)) {
                long direct = crossesLive(alice, bob, "before the outage");

                List<Integer> ports = nodes.tcpPorts();
                List<RetryingLineClient> clients = List.of(client("alice", rotate(ports, 0), load),
                        client("bob", rotate(ports, 1), load), client("carol", rotate(ports, 0), load));
                try (GroupLoad traffic = new GroupLoad(clients, 150, 25)) {
                    traffic.awaitAcked(traffic.total() / 5);
                    assertThat(traffic.done()).as("the outage comes in the middle of the writes").isFalse();
                    redis.kill();
                    // The nodes go on acking while Redis is away: the database is elsewhere.
                    int atKill = traffic.ackedSoFar();
                    traffic.awaitAcked(atKill + traffic.total() / 5);
                    assertThat(traffic.ackedSoFar()).as("sends acked while Redis was down")
                            .isGreaterThanOrEqualTo(atKill + traffic.total() / 5);
                    // A TTL without heartbeats: each node counts the other's users offline (push reaches them).
                    await().atMost(LIVE).until(() -> !online(bob, alice.userId()));
                    assertThat(traffic.done()).as("Redis comes back in the middle of the writes").isFalse();
                    redis.restart();
                    long restarted = System.nanoTime();
                    // Live delivery across nodes comes back once the nodes have subscribed again.
                    AtomicInteger attempt = new AtomicInteger();
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO).until(() -> {
                        int mark = bob.mark();
                        String text = "after the outage " + attempt.incrementAndGet();
                        alice.call("send", JSON.createObjectNode().put("conversationId", direct).put("text", text));
                        return bob.receives(mark, message(text), Duration.ofSeconds(1));
                    });
                    System.out.printf("cluster, Redis restarted: live delivery across nodes again %d ms after Redis "
                            + "answered, at the %d. try%n", (System.nanoTime() - restarted) / 1_000_000, attempt.get());
                    DeliveryClassification verdict = traffic.finish(() -> db.messages(load));
                    System.out.println(verdict.summary("cluster, Redis killed and restarted", clients));
                    verdict.assertSound(clients);
                }
                crossesLive(alice, bob, "and again");
                // The registry, empty after the restart, is written again: bob sees alice online.
                await().atMost(LIVE).until(() -> online(bob, alice.userId()));
            }
            assertThat(nodes.stop(0)).isZero();
            assertThat(nodes.stop(1)).isZero();
        }
    }

    /** Alice sends bob a direct message, which must reach him live on his node; the conversation. */
    private static long crossesLive(LiveLine alice, LiveLine bob, String text) {
        int mark = bob.mark();
        JsonNode sent = alice.call("send", JSON.createObjectNode().put("toUserId", bob.userId()).put("text", text));
        bob.awaitFrame(mark, message(text), LIVE);
        return sent.path("message").path("conversationId").asLong();
    }

    private static Predicate<JsonNode> message(String text) {
        return event("message", d -> text.equals(d.path("message").path("text").asText()));
    }

    /** Whether {@code friend} is online in {@code line}'s user's friends list. */
    private static boolean online(LiveLine line, long friend) {
        for (JsonNode entry : line.call("friends.list", JSON.createObjectNode()).path("friends")) {
            if (entry.path("user").path("id").asLong() == friend) {
                return entry.path("presence").path("online").asBoolean();
            }
        }
        throw new AssertionError(friend + " is not a friend");
    }

    private static RetryingLineClient client(String name, List<Integer> ports, long conversation) {
        return new RetryingLineClient("127.0.0.1", ports, name, PASSWORD, conversation, Duration.ofSeconds(2),
                Duration.ofMinutes(2));
    }

    /** The ports starting from the {@code first}th: a client's own node, then the others. */
    private static List<Integer> rotate(List<Integer> ports, int first) {
        List<Integer> rotated = new ArrayList<>(ports.subList(first, ports.size()));
        rotated.addAll(ports.subList(0, first));
        return rotated;
    }

    /** Users, friendships and groups, made by the admin over TCP. */
    private record Fixture(RetryingLineClient admin) {

        static Fixture create(int tcpPort, List<String> users, List<List<String>> friendships) {
            RetryingLineClient admin = new RetryingLineClient("127.0.0.1", tcpPort, "admin", ADMIN_PASSWORD, 0,
                    Duration.ofSeconds(30), Duration.ofMinutes(2));
            for (String name : users) {
                admin.call("admin.users.create", JSON.createObjectNode().put("username", name).put("password", PASSWORD));
            }
            for (List<String> pair : friendships) {
                admin.call("admin.friends.add", JSON.createObjectNode().put("username", pair.get(0))
                        .put("friend", pair.get(1)));
            }
            return new Fixture(admin);
        }

        /** A group of these users, the first its owner; its conversation id. */
        long group(String name, String owner, String... members) {
            ObjectNode group = JSON.createObjectNode().put("owner", owner).put("name", name);
            for (String member : members) {
                group.withArray("members").add(member);
            }
            return admin.call("admin.groups.create", group).path("conversation").path("id").asLong();
        }
    }

    /**
     * Server processes on one database and one Redis, each with its own ports and folder, started at
     * the same moment, as an orchestrator starts them: they race to migrate the new database and to
     * create the admin.
     */
    private static final class Nodes implements AutoCloseable {

        private final List<ParleyProcess> processes = new ArrayList<>();
        private final List<Integer> tcpPorts = new ArrayList<>();

        Nodes(Path dir, FreshMariaDb db, String redis, int count, String presenceTtl) throws Exception {
            String prefix = "parley-it-" + UUID.randomUUID();
            Map<String, String> environment = new HashMap<>();
            environment.put("PARLEY_ADMIN_PASSWORD", ADMIN_PASSWORD);
            environment.put("PARLEY_CLUSTER", redis);
            try {
                for (int n = 0; n < count; n++) {
                    int tcp = ParleyProcess.freePort();
                    tcpPorts.add(tcp);
                    processes.add(ParleyProcess.start(environment, "server", "--host", "127.0.0.1",
                            "--port", Integer.toString(ParleyProcess.freePort()), "--tcp-port", Integer.toString(tcp),
                            "--db", db.url(), "--data", dir.resolve("node-" + (n + 1)).toString(),
                            "--plugins", dir.resolve("plugins").toString(), "--cluster-prefix", prefix,
                            "--cluster-node-id", "node-" + (n + 1), "--cluster-presence-ttl", presenceTtl));
                }
                processes.forEach(p -> p.awaitOutput("Parley server ready"));
            } catch (Exception | AssertionError e) {
                close();
                throw e;
            }
        }

        int tcp(int node) {
            return tcpPorts.get(node);
        }

        List<Integer> tcpPorts() {
            return List.copyOf(tcpPorts);
        }

        void kill(int node) throws InterruptedException {
            processes.get(node).kill();
        }

        int stop(int node) throws InterruptedException {
            return processes.get(node).stop();
        }

        @Override
        public void close() {
            processes.forEach(ParleyProcess::close);
        }
    }
}
