package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parley db} through the real jar, on H2 files: migrate, info, and an export/import round trip. */
class ParleyDbIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ADMIN = Map.of("PARLEY_ADMIN_PASSWORD", "admin-password-1");

    private static String h2(Path dir, String name) {
        return "jdbc:h2:file:" + dir.resolve(name).resolve("parley");
    }

    private static ParleyProcess ok(Map<String, String> environment, String... args) throws Exception {
        ParleyProcess run = ParleyProcess.run(environment, args);
        assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + String.join("\n", run.err())).isZero();
        return run;
    }

    private static void assertOneLineError(ParleyProcess run, String text) throws Exception {
        assertThat(run.exitCode()).isNotZero();
        List<String> problems = run.err().stream().filter(l -> l.startsWith("parley:")).toList();
        assertThat(problems).singleElement().asString().contains(text);
        assertThat(run.err()).noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception"));
    }

    @Test
    @DisplayName("db migrate and db info show the schema, before and after")
    void migrateAndInfo(@TempDir Path dir) throws Exception {
        String db = h2(dir, "fresh");
        ParleyProcess before = ok(Map.of(), "db", "info", "--db", db);
        assertThat(before.out().get(0)).isEqualTo("Schema version: none (5 pending; run 'parley db migrate')");
        assertThat(String.join("\n", before.out())).contains("VERSION").contains("Pending");

        assertThat(ok(Map.of(), "db", "migrate", "--db", db).out())
                .containsExactly("Migrated the schema from nothing to version 5.");
        assertThat(ok(Map.of(), "db", "migrate", "--db", db).out())
                .containsExactly("The schema is up to date at version 5.");

        ParleyProcess after = ok(Map.of(), "db", "info", "--db", db);
        assertThat(after.out().get(0)).isEqualTo("Schema version: 5");
        assertThat(after.out().get(2)).startsWith("1").contains("schema").contains("Success");
        JsonNode migration = JSON.readTree(ok(Map.of(), "db", "info", "--json", "--db", db).out().get(0));
        assertThat(migration.path("version").asText()).isEqualTo("1");
        assertThat(migration.path("applied").asBoolean()).isTrue();
        assertThat(migration.path("installedOn").asText()).isNotEmpty();
    }

    @Test
    @DisplayName("a database exported and imported into an empty one exports again byte for byte")
    void roundTrip(@TempDir Path dir) throws Exception {
        String source = h2(dir, "source");
        ok(ADMIN, "users", "add", "alice", "--display-name", "Alice 🧗", "--password=alice-password-1", "--role",
                "admin", "--db", source);
        ok(ADMIN, "users", "add", "bob", "--password=bob-password-1", "--db", source);
        ok(ADMIN, "users", "add", "carol", "--password=carol-password-1", "--db", source);
        ok(ADMIN, "users", "delete", "carol", "--db", source);
        int port = ParleyProcess.freePort();
        String server = "ws://127.0.0.1:" + port + "/chat";
        try (ParleyProcess running = ParleyProcess.start(ADMIN, "server", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--db", source, "--data", dir.resolve("data").toString())) {
            running.awaitOutput("Parley server ready");
            ok(ADMIN, "friends", "add", "alice", "bob", "--server", server);
            ok(ADMIN, "send", "--from", "alice", "--to", "bob", "Hi Bob 👋 — backed up?", "--server", server);
            ok(ADMIN, "send", "--from", "bob", "--to", "alice", "Twice 👩‍👩‍👧‍👦", "--server", server);
            running.stop();
        }

        Path plain = dir.resolve("plain.jsonl");
        Path full = dir.resolve("full.jsonl");
        ParleyProcess exported = ok(Map.of(), "db", "export", plain.toString(), "--db", source);
        assertThat(exported.out()).singleElement().asString().startsWith("Exported ").contains("schema version 5");
        assertThat(exported.err()).isEmpty();
        ok(Map.of(), "db", "export", full.toString(), "--include-credentials", "--db", source);
        String text = Files.readString(plain, StandardCharsets.UTF_8);
        assertThat(text).contains("\"username\":\"alice\"").contains("Hi Bob 👋 — backed up?")
                .contains("Twice 👩‍👩‍👧‍👦").doesNotContain("carol").doesNotContain("$argon2");
        assertThat(Files.readString(full, StandardCharsets.UTF_8)).contains("$argon2id$");

        String target = h2(dir, "target");
        ParleyProcess imported = ok(Map.of(), "db", "import", full.toString(), "--db", target);
        assertThat(imported.out()).singleElement().asString().startsWith("Imported ");
        Path again = dir.resolve("again.jsonl");
        ok(Map.of(), "db", "export", again.toString(), "--include-credentials", "--db", target);
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(full));
        Path againPlain = dir.resolve("again-plain.jsonl");
        ok(Map.of(), "db", "export", againPlain.toString(), "--db", target);
        assertThat(Files.readAllBytes(againPlain)).isEqualTo(Files.readAllBytes(plain));

        ParleyProcess users = ok(Map.of(), "users", "list", "--json", "--db", target);
        assertThat(users.out()).hasSize(3).anyMatch(l -> l.contains("\"displayName\":\"Alice 🧗\""));
        ParleyProcess added = ok(ADMIN, "users", "add", "dave", "--password=dave-password-1", "--json", "--db", target);
        assertThat(JSON.readTree(added.out().get(0)).path("id").asLong())
                .as("carol's id stays taken after the import").isEqualTo(5);
    }

    @Test
    @DisplayName("a missing file, a database that is not empty and a file of another format version are one-line errors")
    void errors(@TempDir Path dir) throws Exception {
        String source = h2(dir, "source");
        ok(ADMIN, "users", "add", "alice", "--password=alice-password-1", "--db", source);
        Path backup = dir.resolve("backup.jsonl");
        ok(Map.of(), "db", "export", backup.toString(), "--db", source);

        assertOneLineError(ParleyProcess.run(Map.of(), "db", "import", dir.resolve("nope.jsonl").toString(),
                "--db", h2(dir, "empty")), "no such file: ");
        assertOneLineError(ParleyProcess.run(Map.of(), "db", "import", backup.toString(), "--db", source),
                "the database is not empty (table users has 1 rows); import only into an empty database");
        assertThat(ok(Map.of(), "users", "list", "--json", "--db", source).out()).hasSize(1);

        Path future = dir.resolve("future.jsonl");
        Files.writeString(future, Files.readString(backup).replace("\"formatVersion\":1,", "\"formatVersion\":2,"));
        assertOneLineError(ParleyProcess.run(Map.of(), "db", "import", future.toString(), "--db", h2(dir, "other")),
                "the backup has format version 2, but this version of Parley reads only format version 1");
        assertOneLineError(ParleyProcess.run(Map.of(), "db", "export", dir.resolve("no/such/dir.jsonl").toString(),
                "--db", source), "no such directory");
    }
}
