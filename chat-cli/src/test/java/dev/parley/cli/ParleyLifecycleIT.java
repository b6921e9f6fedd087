package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar as a process: ready before it accepts, loud about a missing admin, quiet and 0 on SIGTERM. */
class ParleyLifecycleIT {

    private static final String ADMIN_PASSWORD = "admin-password-1";

    private static String[] serverArgs(Path dir, int port, int tcpPort, String db) throws IOException {
        return new String[] {"server", "--host", "127.0.0.1", "--port", Integer.toString(port), "--tcp-port",
                Integer.toString(tcpPort), "--db", db, "--data", dir.resolve("data").toString(),
                "--plugins", Files.createDirectories(dir.resolve("plugins")).toString()};
    }

    @Test
    @DisplayName("a client that connects the moment the port opens can log in as admin, and cannot register 'admin'")
    void readyBeforeTheListenersAccept(@TempDir Path dir) throws Exception {
        int tcpPort = ParleyProcess.freePort();
        String db = "jdbc:h2:file:" + dir.resolve("db").resolve("parley");
        try (ParleyProcess server = ParleyProcess.start(Map.of("PARLEY_ADMIN_PASSWORD", ADMIN_PASSWORD),
                serverArgs(dir, ParleyProcess.freePort(), tcpPort, db))) {
            AtomicReference<JsonLines> first = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2)).until(() -> {
                try {
                    first.set(new JsonLines(tcpPort));
                    return true;
                } catch (IOException notYet) {
                    return false;
                }
            });
            try (JsonLines client = first.get()) {
                JsonNode register = client.call("register",
                        "{\"username\":\"admin\",\"displayName\":\"Mallory\",\"password\":\"mallory-password-1\"}");
                assertThat(register.path("ok").asBoolean()).as(register.toString()).isFalse();
                JsonNode login = client.login("admin", ADMIN_PASSWORD);
                assertThat(login.path("ok").asBoolean()).as(login.toString()).isTrue();
                assertThat(login.path("data").path("user").path("roles").toString()).contains("admin");
            }
            server.awaitOutput("Parley server ready");
        }
    }

    @Test
    @DisplayName("with an empty plugins folder and no admin, a server logs no ERROR and says how to create an admin")
    void warnsAboutAMissingAdminAndLogsNoError(@TempDir Path dir) throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("db").resolve("parley");
        try (ParleyProcess server = ParleyProcess.start(Map.of(),
                serverArgs(dir, ParleyProcess.freePort(), ParleyProcess.freePort(), db))) {
            server.awaitOutput("Parley server ready");
            List<String> err = server.err();
            assertThat(err).anyMatch(l -> l.startsWith("parley: WARNING: no admin user exists")
                    && l.contains("PARLEY_ADMIN_PASSWORD") && l.contains("parley users add admin --role admin --password --db " + db));
            assertThat(err).anyMatch(l -> l.contains("[WARN]") && l.contains("no admin user exists"));
            assertThat(server.stop()).isZero();
            assertThat(server.out()).noneMatch(l -> l.contains("ERROR"));
            assertThat(server.err()).noneMatch(l -> l.contains("ERROR") || l.contains("Exception"));
        }
        // The command the warning gives works, and then the warning is gone.
        ParleyProcess added = ParleyProcess.run(Map.of(), "users", "add", "admin", "--role", "admin",
                "--password=" + ADMIN_PASSWORD, "--db", db);
        assertThat(added.exitCode()).as(String.join("\n", added.err())).isZero();
        try (ParleyProcess server = ParleyProcess.start(Map.of(),
                serverArgs(dir, ParleyProcess.freePort(), ParleyProcess.freePort(), db))) {
            server.awaitOutput("Parley server ready");
            assertThat(server.err()).noneMatch(l -> l.contains("no admin user"));
            server.stop();
        }
    }

    @Test
    @DisplayName("SIGTERM with friends online closes cleanly: no warning, no stack trace, exit status 0")
    void cleanShutdownWithFriendsOnline(@TempDir Path dir) throws Exception {
        int tcpPort = ParleyProcess.freePort();
        String db = "jdbc:h2:file:" + dir.resolve("db").resolve("parley");
        try (ParleyProcess server = ParleyProcess.start(Map.of("PARLEY_ADMIN_PASSWORD", ADMIN_PASSWORD),
                serverArgs(dir, ParleyProcess.freePort(), tcpPort, db))) {
            server.awaitOutput("Parley server ready");
            List<String> names = List.of("alice", "bob", "carol", "dave", "erin", "frank");
            try (JsonLines admin = new JsonLines(tcpPort)) {
                assertThat(admin.login("admin", ADMIN_PASSWORD).path("ok").asBoolean()).isTrue();
                for (String name : names) {
                    JsonNode created = admin.call("admin.users.create", "{\"username\":\"" + name
                            + "\",\"displayName\":\"" + name + "\",\"password\":\"" + name + "-password-1\"}");
                    assertThat(created.path("ok").asBoolean()).as(created.toString()).isTrue();
                }
                for (int i = 0; i < names.size(); i++) {
                    for (int j = i + 1; j < names.size(); j++) {
                        assertThat(admin.call("admin.friends.add", "{\"username\":\"" + names.get(i)
                                + "\",\"friend\":\"" + names.get(j) + "\"}").path("ok").asBoolean()).isTrue();
                    }
                }
            }
            List<JsonLines> online = new ArrayList<>();
            try {
                for (String name : names) {
                    JsonLines client = new JsonLines(tcpPort);
                    online.add(client);
                    assertThat(client.login(name, name + "-password-1").path("ok").asBoolean()).isTrue();
                }
                assertThat(server.stop()).isZero();
                for (JsonLines client : online) {
                    JsonNode closing = client.awaitEvent("closing");
                    assertThat(closing).isNotNull();
                    assertThat(closing.path("data").path("reason").asText()).isEqualTo("server_shutdown");
                }
            } finally {
                for (JsonLines client : online) {
                    client.close();
                }
            }
            // The pumps may still be reading the last lines.
            try {
                await().atMost(Duration.ofSeconds(5)).until(() -> server.err().stream()
                        .anyMatch(l -> l.contains("Parley engine stopped")));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("no 'Parley engine stopped' in " + server.out() + server.err(), e);
            }
            List<String> output = new ArrayList<>(server.out());
            output.addAll(server.err());
            assertThat(output).noneMatch(l -> l.contains("WARN") || l.contains("ERROR") || l.contains("Exception")
                    || l.startsWith("\tat "));
        }
    }
}
