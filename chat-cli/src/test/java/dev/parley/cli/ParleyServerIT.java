package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar as a process: a server on an H2 file, managed, fed and tailed by other parley processes. */
class ParleyServerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ADMIN = Map.of("PARLEY_ADMIN_PASSWORD", "admin-password-1");

    @Test
    @DisplayName("users added and a message sent with parley show up in tail -f, and survive a restart")
    void serverLifecycle(@TempDir Path dir) throws Exception {
        int port = ParleyProcess.freePort();
        int tcpPort = ParleyProcess.freePort();
        String db = "jdbc:h2:file:" + dir.resolve("db").resolve("parley");
        String server = "ws://127.0.0.1:" + port + "/chat";
        String[] serverArgs = {"server", "--host", "127.0.0.1", "--port", Integer.toString(port), "--tcp-port",
                Integer.toString(tcpPort), "--db", db, "--data", dir.resolve("data").toString()};
        List<String> onlineUsers;
        List<String> onlineGroups;
        try (ParleyProcess running = ParleyProcess.start(ADMIN, serverArgs)) {
            running.awaitOutput("Parley server ready");
            assertThat(ParleyProcess.run(ADMIN, "users", "add", "alice", "--display-name", "Alice",
                    "--password=alice-password-1", "--server", server).exitCode()).isZero();
            assertThat(ParleyProcess.run(ADMIN, "users", "add", "bob", "--password=bob-password-1",
                    "--server", server).exitCode()).isZero();
            try (java.net.Socket tcp = new java.net.Socket("127.0.0.1", tcpPort)) {
                tcp.getOutputStream().write(("{\"id\":\"1\",\"op\":\"login\",\"data\":{\"scheme\":\"password\","
                        + "\"username\":\"alice\",\"password\":\"alice-password-1\"}}\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                String reply = new java.io.BufferedReader(new java.io.InputStreamReader(tcp.getInputStream(),
                        java.nio.charset.StandardCharsets.UTF_8)).readLine();
                assertThat(JSON.readTree(reply).path("ok").asBoolean()).as(reply).isTrue();
            }
            ParleyProcess list = ParleyProcess.run(ADMIN, "users", "list", "--json", "--server", server);
            assertThat(list.out()).anyMatch(l -> l.contains("\"username\":\"alice\""));
            assertThat(ParleyProcess.run(ADMIN, "friends", "add", "alice", "bob", "--server", server).exitCode()).isZero();
            ParleyProcess created = ParleyProcess.run(ADMIN, "groups", "create", "Climbing club", "--owner", "alice",
                    "--member", "bob", "--json", "--server", server);
            assertThat(created.exitCode()).as(String.join("\n", created.err())).isZero();
            long group = JSON.readTree(created.out().get(0)).path("id").asLong();
            ParleyProcess groups = ParleyProcess.run(ADMIN, "groups", "list", "--user", "bob", "--server", server);
            assertThat(String.join("\n", groups.out())).contains("Climbing club").contains(group + " ");

            try (ParleyProcess tail = ParleyProcess.start(ADMIN, "tail", "-f", "--json", "-n", "5", "--server", server)) {
                ParleyProcess send = ParleyProcess.run(ADMIN, "send", "--from", "alice", "--to", "bob",
                        "Hello Bob 👋 from the command line", "--server", server);
                assertThat(send.exitCode()).as(String.join("\n", send.err())).isZero();
                tail.awaitOutput("Hello Bob 👋 from the command line");
                JsonNode message = JSON.readTree(tail.out().stream()
                        .filter(l -> l.contains("from the command line")).findFirst().orElseThrow());
                assertThat(message.path("seq").asLong()).isEqualTo(1);
                assertThat(message.path("kind").asText()).isEqualTo("text");
            }
            assertThat(ParleyProcess.run(ADMIN, "users", "role", "bob", "admin", "--server", server).exitCode()).isZero();
            assertThat(ParleyProcess.run(ADMIN, "users", "disable", "bob", "--server", server).out())
                    .anyMatch(l -> l.matches(".*bob.*admin,user\\s+no"));
            assertThat(ParleyProcess.run(ADMIN, "users", "enable", "bob", "--server", server).exitCode()).isZero();
            assertThat(ParleyProcess.run(ADMIN, "users", "passwd", "bob", "--password=bob-password-2",
                    "--server", server).exitCode()).isZero();
            assertThat(ParleyProcess.run(ADMIN, "tokens", "revoke", "bob", "--server", server).exitCode()).isZero();
            onlineUsers = ParleyProcess.run(ADMIN, "users", "list", "--json", "--server", server).out();
            onlineGroups = ParleyProcess.run(ADMIN, "groups", "list", "--json", "--server", server).out();
            running.stop();
            assertThat(running.isAlive()).isFalse();
        }
        // With the server stopped, the same users are managed straight on its database.
        ParleyProcess offline = ParleyProcess.run(Map.of(), "users", "list", "--json", "--db", db);
        assertThat(offline.exitCode()).as(String.join("\n", offline.err())).isZero();
        assertThat(offline.out()).anyMatch(l -> l.contains("\"username\":\"bob\"") && l.contains("\"admin\""));
        // Offline and through the server, the same data prints the same JSON.
        assertThat(offline.out()).isEqualTo(onlineUsers);
        assertThat(ParleyProcess.run(Map.of(), "users", "add", "carol", "--password=carol-password-1", "--db", db)
                .exitCode()).isZero();
        assertThat(ParleyProcess.run(Map.of(), "friends", "add", "carol", "alice", "--db", db).exitCode()).isZero();
        assertThat(String.join("\n", ParleyProcess.run(Map.of(), "friends", "list", "alice", "--db", db).out()))
                .contains("bob").contains("carol");
        assertThat(ParleyProcess.run(Map.of(), "groups", "add", "999", "carol", "--db", db).exitCode()).isEqualTo(1);
        ParleyProcess offlineGroups = ParleyProcess.run(Map.of(), "groups", "list", "--json", "--db", db);
        assertThat(offlineGroups.out()).hasSize(1).isEqualTo(onlineGroups);
        long clubId = JSON.readTree(offlineGroups.out().stream().filter(l -> l.contains("Climbing club"))
                .findFirst().orElseThrow()).path("id").asLong();
        assertThat(ParleyProcess.run(Map.of(), "groups", "add", Long.toString(clubId), "carol", "--db", db)
                .exitCode()).isZero();
        try (ParleyProcess restarted = ParleyProcess.start(ADMIN, serverArgs)) {
            restarted.awaitOutput("Parley server ready");
            ParleyProcess history = ParleyProcess.run(ADMIN, "tail", "-n", "10", "--server", server);
            assertThat(history.exitCode()).isZero();
            assertThat(history.out()).anyMatch(l -> l.contains("alice: Hello Bob 👋 from the command line"));
            assertThat(ParleyProcess.run(ADMIN, "users", "show", "carol", "--server", server).out())
                    .anyMatch(l -> l.contains("carol"));
            restarted.stop();
        }
    }

    @Test
    @DisplayName("the demo starts with seeded users, friendships, a group and history")
    void demo() throws Exception {
        int port = ParleyProcess.freePort();
        String server = "ws://127.0.0.1:" + port + "/chat";
        try (ParleyProcess demo = ParleyProcess.start(Map.of(), "demo", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--tcp-port", Integer.toString(ParleyProcess.freePort()))) {
            demo.awaitOutput("Parley demo is running");
            // The banner's later lines may still be on their way through the pipe.
            demo.awaitOutput("Users:      alice, bob, carol");
            Map<String, String> admin = Map.of("PARLEY_ADMIN_PASSWORD", "parley-demo");
            ParleyProcess users = ParleyProcess.run(admin, "users", "list", "--server", server);
            assertThat(String.join("\n", users.out())).contains("alice").contains("bob").contains("carol");
            ParleyProcess friends = ParleyProcess.run(admin, "friends", "list", "alice", "--server", server);
            assertThat(String.join("\n", friends.out())).contains("bob").contains("friend");
            ParleyProcess history = ParleyProcess.run(admin, "tail", "-n", "10", "--server", server);
            assertThat(String.join("\n", history.out())).contains("carol: Thanks Alice")
                    .contains("alice: Welcome to the group");
            demo.stop();
        }
    }
}
