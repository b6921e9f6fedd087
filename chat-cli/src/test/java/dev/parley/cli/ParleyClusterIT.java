package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code parley server} processes on one MariaDB database and the local Redis, each with
 * {@code --cluster}: users logged in to different nodes hear each other. The database is created
 * here and dropped afterwards, on the MariaDB of {@code PARLEY_TEST_MYSQL_URL} (root on 127.0.0.1 by
 * default); Redis is {@code PARLEY_TEST_REDIS_URL}, or the local one.
 */
class ParleyClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ADMIN = Map.of("PARLEY_ADMIN_PASSWORD", "admin-password-1");

    private static String setting(String name, String fallback) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? fallback : value;
    }

    @Test
    @DisplayName("a message and presence cross from a user on one server process to a user on another")
    void twoNodesShareOneDatabaseAndOneRedis(@TempDir Path dir) throws Exception {
        String admin = setting("PARLEY_TEST_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/?user=root");
        String redis = setting("PARLEY_TEST_REDIS_URL", "redis://127.0.0.1:6379");
        String database = "parley_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(admin); Statement sql = connection.createStatement()) {
            sql.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        String db = admin.replaceFirst("/\\?", "/" + database + "?");
        String prefix = "parley-it-" + UUID.randomUUID();
        int[] ports = {ParleyProcess.freePort(), ParleyProcess.freePort()};
        int[] tcpPorts = {ParleyProcess.freePort(), ParleyProcess.freePort()};
        try (ParleyProcess one = node(dir, db, redis, prefix, 1, ports[0], tcpPorts[0]).awaitOutput("Parley server ready");
             ParleyProcess two = node(dir, db, redis, prefix, 2, ports[1], tcpPorts[1]).awaitOutput("Parley server ready")) {
            String server = "ws://127.0.0.1:" + ports[0] + "/chat";
            assertThat(ParleyProcess.run(ADMIN, "users", "add", "alice", "--password=alice-password-1",
                    "--server", server).exitCode()).isZero();
            assertThat(ParleyProcess.run(ADMIN, "users", "add", "bob", "--password=bob-password-1",
                    "--server", server).exitCode()).isZero();
            assertThat(ParleyProcess.run(ADMIN, "friends", "add", "alice", "bob", "--server", server).exitCode()).isZero();

            try (Line bob = new Line(tcpPorts[1]); Line alice = new Line(tcpPorts[0])) {
                long bobId = bob.login("bob", "bob-password-1");
                long aliceId = alice.login("alice", "alice-password-1");
                bob.await(f -> "presence".equals(f.path("event").asText())
                        && f.path("data").path("userId").asLong() == aliceId && f.path("data").path("online").asBoolean());

                alice.send("{\"id\":\"2\",\"op\":\"send\",\"data\":{\"toUserId\":" + bobId
                        + ",\"text\":\"across the cluster\",\"clientMsgId\":\"it-1\"}}");
                JsonNode event = bob.await(f -> "message".equals(f.path("event").asText()));
                assertThat(event.path("data").path("message").path("text").asText()).isEqualTo("across the cluster");
                assertThat(event.path("data").path("message").path("senderId").asLong()).isEqualTo(aliceId);
            }
            assertThat(one.stop()).isZero();
            assertThat(two.stop()).isZero();
        } finally {
            try (Connection connection = DriverManager.getConnection(admin);
                 Statement sql = connection.createStatement()) {
                sql.execute("DROP DATABASE IF EXISTS " + database);
            }
        }
    }

    private static ParleyProcess node(Path dir, String db, String redis, String prefix, int n, int port, int tcpPort)
            throws Exception {
        java.util.Map<String, String> environment = new java.util.HashMap<>(ADMIN);
        environment.put("PARLEY_CLUSTER", redis);
        return ParleyProcess.start(environment, "server", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--tcp-port", Integer.toString(tcpPort), "--db", db, "--data", dir.resolve("node-" + n).toString(),
                "--plugins", dir.resolve("plugins").toString(),
                "--cluster-prefix", prefix, "--cluster-node-id", "node-" + n, "--cluster-presence-ttl", "3s");
    }

    /** A client of the TCP transport: one JSON object per line. */
    private static final class Line implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Line(int port) throws Exception {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(15_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
        }

        void send(String frame) throws Exception {
            out.write((frame + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        long login(String username, String password) throws Exception {
            send("{\"id\":\"1\",\"op\":\"login\",\"data\":{\"scheme\":\"password\",\"username\":\"" + username
                    + "\",\"password\":\"" + password + "\"}}");
            JsonNode reply = await(f -> "1".equals(f.path("id").asText()));
            assertThat(reply.path("ok").asBoolean()).as(reply.toString()).isTrue();
            return reply.path("data").path("user").path("id").asLong();
        }

        /** Reads frames until one matches; a read that times out fails the test. */
        JsonNode await(Predicate<JsonNode> matches) throws Exception {
            while (true) {
                String line = in.readLine();
                assertThat(line).as("the connection closed").isNotNull();
                JsonNode frame = JSON.readTree(line);
                if (matches.test(frame)) {
                    return frame;
                }
            }
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }
}
