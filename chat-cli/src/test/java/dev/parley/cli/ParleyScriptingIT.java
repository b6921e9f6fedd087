package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar as scripts use it: prompts off standard output, JSON wherever --json is given, errors that name things. */
class ParleyScriptingIT {

    /** Runs a command that must succeed and print exactly one JSON object on standard output. */
    private static JsonNode json(String input, String... args) throws Exception {
        ParleyProcess run = ParleyProcess.runWithInput(Map.of(), input, args);
        assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isZero();
        List<String> out = run.out();
        assertThat(out).as(String.join(" ", args)).hasSize(1);
        return JsonLines.JSON.readTree(out.get(0));
    }

    @Test
    @DisplayName("a prompted password stays off standard output, and every --json command prints JSON")
    void jsonForScripts(@TempDir Path dir) throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("parley");
        ParleyProcess added = ParleyProcess.runWithInput(Map.of(), "alice-password-1\n", "users", "add", "alice",
                "--password", "--json", "--db", db);
        assertThat(added.exitCode()).as(String.join("\n", added.err())).isZero();
        assertThat(added.out()).hasSize(1);
        assertThat(JsonLines.JSON.readTree(added.out().get(0)).path("username").asText()).isEqualTo("alice");
        assertThat(added.err()).anyMatch(l -> l.contains("Password for alice:"));

        json(null, "users", "add", "bob", "--password=bob-password-1", "--json", "--db", db);
        JsonNode friends = json(null, "friends", "add", "alice", "bob", "--json", "--db", db);
        assertThat(friends.path("friends").asBoolean()).isTrue();
        assertThat(json(null, "friends", "remove", "alice", "bob", "--json", "--db", db).path("friends").asBoolean())
                .isFalse();
        long group = json(null, "groups", "create", "Club", "--owner", "alice", "--json", "--db", db).path("id").asLong();
        JsonNode member = json(null, "groups", "add", Long.toString(group), "bob", "--json", "--db", db);
        assertThat(member.path("group").asLong()).isEqualTo(group);
        assertThat(member.path("member").asBoolean()).isTrue();
        assertThat(json(null, "groups", "remove", Long.toString(group), "bob", "--json", "--db", db)
                .path("member").asBoolean()).isFalse();
        assertThat(json("bob-password-2\n", "users", "passwd", "bob", "--password", "--json", "--db", db)
                .path("passwordChanged").asBoolean()).isTrue();
        assertThat(json(null, "tokens", "revoke", "bob", "--json", "--db", db).path("username").asText())
                .isEqualTo("bob");
        assertThat(json(null, "users", "delete", "bob", "--json", "--db", db).path("deleted").asBoolean()).isTrue();

        ParleyProcess missing = ParleyProcess.run(Map.of(), "users", "show", "erin", "--db", db);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).anyMatch(l -> l.equals("parley: no such user: erin (not_found)"));
    }

    @Test
    @DisplayName("errors name the database host that cannot be reached and the H2 file a server holds")
    void databaseErrorsNameTheThing(@TempDir Path dir) throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        ParleyProcess unreachable = ParleyProcess.run(Map.of(), "users", "list", "--db",
                "jdbc:mysql://127.0.0.1:" + closed + "/parley?connectTimeout=2000");
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.err()).anyMatch(l -> l.startsWith("parley: cannot reach the database server at 127.0.0.1:"
                + closed));

        String db = "jdbc:h2:file:" + dir.resolve("parley");
        try (ParleyProcess server = ParleyProcess.start(Map.of("PARLEY_ADMIN_PASSWORD", "admin-password-1"), "server",
                "--host", "127.0.0.1", "--port", Integer.toString(ParleyProcess.freePort()), "--no-tcp", "--db", db,
                "--data", dir.resolve("data").toString())) {
            server.awaitOutput("Parley server ready");
            ParleyProcess locked = ParleyProcess.run(Map.of(), "users", "list", "--db", db);
            assertThat(locked.exitCode()).isEqualTo(1);
            assertThat(locked.err()).anyMatch(l -> l.startsWith("parley: the database " + db + " is in use")
                    && l.contains("stop the server or use --server"));
            server.stop();
        }
    }
}
