package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.testkit.transport.RetryingLineClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Jepsen-style, on the real jar: clients send distinct messages into one group with retries on
 * clientMsgId while the server is killed with SIGKILL in the middle of the writes, several times, and
 * restarted on the same database: an H2 file, and a fresh MariaDB database. Afterwards every message
 * is classified: acked and stored (good), acked and missing (lost: must be none), stored but never
 * acked (allowed, reported), stored twice (must be none); seqs have no gaps, and every client's sync
 * converges to what the database holds. Three users send over TCP; a fourth sends over MQTT 5 with
 * mosquitto_pub, one process per attempt, its retries made the same message by the {@code clientMsgId}
 * user property alone.
 */
class ParleyKillIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "admin-password-1";
    private static final String PASSWORD = "user-password-1";
    private static final int KILLS = 3;
    private static final int MESSAGES_EACH = 60;

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"an H2 file", "MariaDB"})
    @DisplayName("kill -9 during writes, three times: no acked message lost, none doubled, seqs gapless, clients converge")
    void killNineUnderLoad(String database, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("db").resolve("parley");
        if (database.equals("MariaDB")) {
            try (FreshMariaDb mariaDb = new FreshMariaDb("parley_kill")) {
                killNineUnderLoad(dir, mariaDb.url(), mariaDb::messages, "on MariaDB");
            }
        } else {
            killNineUnderLoad(dir, "jdbc:h2:file:" + file, group -> storedMessages(file, group), "on an H2 file");
        }
    }

    /** Seq to clientMsgId of a group's messages, read from the database once the server has stopped. */
    private interface Stored {
        Map<Long, String> messages(long group) throws Exception;
    }

    private void killNineUnderLoad(Path dir, String db, Stored read, String where) throws Exception {
        int port = ParleyProcess.freePort();
        int tcpPort = ParleyProcess.freePort();
        int mqttPort = ParleyProcess.freePort();
        String[] serverArgs = {"server", "--host", "127.0.0.1", "--port", Integer.toString(port), "--tcp-port",
                Integer.toString(tcpPort), "--mqtt-port", Integer.toString(mqttPort), "--db", db, "--data",
                dir.resolve("data").toString()};
        Map<String, String> environment = Map.of("PARLEY_ADMIN_PASSWORD", ADMIN_PASSWORD);
        ParleyProcess server = ParleyProcess.start(environment, serverArgs).awaitOutput("Parley server ready");
        try {
            long group = fixture(tcpPort);
            List<RetryingLineClient> clients = new ArrayList<>();
            for (String name : List.of("alice", "bob", "carol")) {
                clients.add(new RetryingLineClient("127.0.0.1", tcpPort, name, PASSWORD, group, Duration.ofSeconds(2),
                        Duration.ofMinutes(4)));
            }
            Map<String, Long> acked = new ConcurrentHashMap<>();
            // A fourth user sends over MQTT 5 with mosquitto_pub, each message its own process and its
            // own clean session, so only the clientMsgId user property makes a retry the same message.
            Set<String> mqttAcked = ConcurrentHashMap.newKeySet();
            boolean mqtt = Files.isExecutable(MOSQUITTO_PUB);
            ExecutorService senders = Executors.newFixedThreadPool(clients.size() + 1);
            List<Future<?>> running = new ArrayList<>();
            if (mqtt) {
                running.add(senders.submit(() -> IntStream.range(0, MESSAGES_EACH).forEach(i -> {
                    String clientMsgId = "dave-" + i;
                    mqttSend(mqttPort, group, clientMsgId);
                    mqttAcked.add(clientMsgId);
                    pause(20);
                })));
            } else {
                System.out.println("kill -9: " + MOSQUITTO_PUB + " is not installed; no MQTT sender (.ci/run installs it)");
            }
            for (RetryingLineClient client : clients) {
                running.add(senders.submit(() -> IntStream.range(0, MESSAGES_EACH).forEach(i -> {
                    String clientMsgId = client.username() + "-" + i;
                    JsonNode ack = client.send(clientMsgId).path("message");
                    acked.put(clientMsgId, ack.path("seq").asLong());
                    pause(20);
                })));
            }
            // Each kill comes once another quarter of the messages is acked, so that all three land in
            // the middle of the writes however fast the machine is; the jitter varies where in a batch.
            Random random = new Random(20261202L);
            int total = (clients.size() + (mqtt ? 1 : 0)) * MESSAGES_EACH;
            int kills = 0;
            for (; kills < KILLS; kills++) {
                int threshold = total * (kills + 1) / (KILLS + 1);
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(5))
                        .until(() -> acked.size() + mqttAcked.size() >= threshold
                                || running.stream().allMatch(Future::isDone));
                pause(random.nextInt(30)); // where in a batch the kill falls
                if (running.stream().allMatch(Future::isDone)) {
                    break;
                }
                server.kill();
                server = ParleyProcess.start(environment, serverArgs).awaitOutput("Parley server ready");
            }
            for (Future<?> sender : running) {
                sender.get(4, TimeUnit.MINUTES);
            }
            senders.shutdown();
            clients.forEach(RetryingLineClient::resync);
            clients.forEach(RetryingLineClient::close);
            assertThat(server.stop()).as("a clean stop after the kills").isZero();

            Map<Long, String> stored = read.messages(group);
            Map<String, Integer> copies = new HashMap<>();
            stored.values().forEach(id -> copies.merge(id, 1, Integer::sum));
            Set<String> allAcked = new HashSet<>(acked.keySet());
            allAcked.addAll(mqttAcked);
            long lost = allAcked.stream().filter(id -> !copies.containsKey(id)).count();
            long doubled = copies.values().stream().filter(n -> n > 1).count();
            long unacked = copies.keySet().stream().filter(id -> !allAcked.contains(id)).count();
            System.out.printf("kill -9 x%d " + where + ": %d sent (%d of them over MQTT), %d acked and stored, %d lost, "
                    + "%d stored but not acked, %d doubled; reconnects %s, MQTT attempts %d%n", kills, total,
                    mqtt ? MESSAGES_EACH : 0, allAcked.size() - lost, lost, unacked, doubled,
                    clients.stream().map(c -> c.username() + "=" + c.reconnects()).toList(), MQTT_ATTEMPTS.get());
            assertThat(kills).as("kills made during the writes").isEqualTo(KILLS);
            assertThat(lost).as("acked but missing").isZero();
            assertThat(doubled).as("stored twice").isZero();
            assertThat(allAcked).hasSize(total);
            assertThat(stored.keySet()).as("gapless seqs").containsExactlyElementsOf(
                    IntStream.rangeClosed(1, stored.size()).mapToObj(Long::valueOf).toList());
            acked.forEach((id, seq) -> assertThat(stored.get(seq)).as("the ack's seq holds " + id).isEqualTo(id));
            for (RetryingLineClient client : clients) {
                assertThat(client.seen()).as(client.username() + " converges to the database").isEqualTo(stored);
            }
        } finally {
            server.close();
        }
    }

    /** Three users and a group of them, made by the admin over TCP; the group's id. */
    private static long fixture(int tcpPort) {
        try (RetryingLineClient admin = new RetryingLineClient("127.0.0.1", tcpPort, "admin", ADMIN_PASSWORD, 0,
                Duration.ofSeconds(30), Duration.ofMinutes(2))) {
            for (String name : List.of("alice", "bob", "carol", "dave")) {
                admin.call("admin.users.create", JSON.createObjectNode().put("username", name).put("password", PASSWORD));
            }
            ObjectNode group = JSON.createObjectNode().put("owner", "alice").put("name", "kill -9");
            group.putArray("members").add("bob").add("carol").add("dave");
            return admin.call("admin.groups.create", group).path("conversation").path("id").asLong();
        }
    }

    /** Seq to clientMsgId of the group's messages, read from the H2 file once the server has stopped. */
    private static Map<Long, String> storedMessages(Path file, long group) throws Exception {
        Map<Long, String> stored = new TreeMap<>();
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + file);
             PreparedStatement query = db.prepareStatement(
                     "SELECT seq, client_msg_id FROM messages WHERE conversation_id = ? ORDER BY seq")) {
            query.setLong(1, group);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String earlier = stored.put(rows.getLong(1), rows.getString(2));
                    assertThat(earlier).as("seq " + rows.getLong(1) + " stored once").isNull();
                }
            }
        }
        return stored;
    }

    private static final Path MOSQUITTO_PUB = Path.of("/usr/bin/mosquitto_pub");
    private static final java.util.concurrent.atomic.AtomicInteger MQTT_ATTEMPTS = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * Publishes one text at QoS 1 as dave, again and again until mosquitto_pub exits 0, which it does
     * once the PUBACK came, and the server sends that only after the commit (docs/mqtt.md).
     */
    private static void mqttSend(int mqttPort, long group, String clientMsgId) {
        await().atMost(Duration.ofMinutes(4)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .alias("mosquitto_pub gets a PUBACK for " + clientMsgId)
                .until(() -> mqttAttempt(mqttPort, group, clientMsgId));
    }

    /** One mosquitto_pub; whether it exited 0, which it does only after the PUBACK. */
    private static boolean mqttAttempt(int mqttPort, long group, String clientMsgId) throws Exception {
        MQTT_ATTEMPTS.incrementAndGet();
        Process pub = new ProcessBuilder(MOSQUITTO_PUB.toString(), "-V", "mqttv5", "-h", "127.0.0.1", "-p",
                Integer.toString(mqttPort), "-u", "dave", "-P", PASSWORD, "-q", "1",
                "-t", "parley/conversations/" + group + "/send", "-m", clientMsgId,
                "-D", "publish", "user-property", "clientMsgId", clientMsgId)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (pub.waitFor(10, TimeUnit.SECONDS)) {
            return pub.exitValue() == 0;
        }
        pub.destroyForcibly();
        return false;
    }

    /** The senders' pacing, and where in a batch a kill falls: the load's shape, not a wait for a condition. */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
