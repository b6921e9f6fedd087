package dev.parley.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.api.AttachmentId;
import dev.parley.api.ChatException;
import dev.parley.api.NewUser;
import dev.parley.api.Role;
import dev.parley.api.User;
import dev.parley.core.ChatEngine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** JdbcBackup on H2 and on MariaDB, with data written by the real engine. */
class JdbcBackupTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of("H2", (Supplier<JdbcChatStore>) TestDatabases::freshH2Memory),
                Arguments.of("MariaDB", (Supplier<JdbcChatStore>) TestDatabases::freshMariaDb));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    @DisplayName("an export imported into an empty database exports again byte for byte, and ids continue where they were")
    void roundTrip(String name, Supplier<JdbcChatStore> fresh) throws Exception {
        byte[] plain;
        byte[] full;
        try (JdbcChatStore source = fresh.get()) {
            SampleChat.populate(source);
            source.start();
            plain = export(source, BackupOptions.defaults());
            full = export(source, BackupOptions.withCredentials());
            assertSameBytes(export(source, BackupOptions.defaults()), plain);
        }
        List<JsonNode> lines = lines(full);
        JsonNode header = lines.get(0);
        assertThat(header.path("format").asText()).isEqualTo("parley-backup");
        assertThat(header.path("formatVersion").asInt()).isEqualTo(1);
        assertThat(header.path("schemaVersion").asText()).isEqualTo("5");
        assertThat(rowsOf(lines, "messages")).hasSize(35);
        assertThat(rowsOf(lines, "users")).extracting(u -> u.path("username").asText())
                .containsExactly("alice", "bob", "carol", "dave", "erin");
        assertThat(rowsOf(lines, "blobs")).singleElement().satisfies(b -> assertThat(
                java.util.Base64.getDecoder().decode(b.path("content").asText())).isEqualTo(SampleChat.IMAGE));
        long nextUserId = nextId(header, "users");
        assertThat(nextUserId).as("frank was deleted, but his id stays taken").isEqualTo(7);

        try (JdbcChatStore target = fresh.get()) {
            target.start();
            BackupSummary summary = JdbcBackup.of(target).importFrom(new ByteArrayInputStream(full), BackupProgress.NONE);
            assertThat(summary.rows()).isEqualTo(lines.size() - 1);
            assertSameBytes(export(target, BackupOptions.withCredentials()), full);
            assertSameBytes(export(target, BackupOptions.defaults()), plain);

            User grace = target.users().create(new NewUser("grace", "Grace", Set.of(Role.USER), Instant.now()));
            assertThat(grace.id().value()).isEqualTo(nextUserId);
            assertThat(target.conversations().createGroup("New", grace.id(), Instant.now()).id().value())
                    .isEqualTo(nextId(header, "conversations"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    @DisplayName("password hashes go into a backup only when asked for, and session tokens never")
    void credentials(String name, Supplier<JdbcChatStore> fresh) throws Exception {
        byte[] plain;
        byte[] full;
        try (JdbcChatStore source = fresh.get()) {
            SampleChat.populate(source);
            source.start();
            plain = export(source, BackupOptions.defaults());
            full = export(source, BackupOptions.withCredentials());
        }
        String plainText = new String(plain, StandardCharsets.UTF_8);
        assertThat(plainText).doesNotContain("password_hash").doesNotContain("\"table\":\"credentials\"")
                .doesNotContain("$argon2").doesNotContain("session_tokens").doesNotContain("token_hash");
        assertThat(lines(plain).get(0).path("credentials").asBoolean()).isFalse();
        String fullText = new String(full, StandardCharsets.UTF_8);
        assertThat(rowsOf(lines(full), "credentials")).hasSize(5)
                .allSatisfy(c -> assertThat(c.path("password_hash").asText()).startsWith("$argon2id$"));
        assertThat(fullText).contains("\"display_name\":\"Bob 🐢\"").doesNotContain("session_tokens").doesNotContain("token_hash");

        try (JdbcChatStore target = imported(fresh, plain);
             ChatEngine engine = ChatEngine.builder().store(target).blobStore(target.blobStore()).build().start()) {
            assertThatThrownBy(() -> engine.auth().loginWithPassword("bob", SampleChat.PASSWORD))
                    .isInstanceOf(ChatException.class);
        }
        try (JdbcChatStore target = imported(fresh, full);
             ChatEngine engine = ChatEngine.builder().store(target).blobStore(target.blobStore()).build().start()) {
            assertThat(engine.auth().loginWithPassword("bob", SampleChat.PASSWORD).user().username()).isEqualTo("bob");
            AttachmentId image = AttachmentId.of(rowsOf(lines(full), "blobs").get(0).path("id").asText());
            try (InputStream bytes = target.blobStore().open(image).orElseThrow()) {
                assertThat(bytes.readAllBytes()).isEqualTo(SampleChat.IMAGE);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    @DisplayName("an import into a database that is not empty is refused and changes nothing")
    void refusesNonEmpty(String name, Supplier<JdbcChatStore> fresh) {
        byte[] backup;
        try (JdbcChatStore source = fresh.get()) {
            SampleChat.populate(source);
            source.start();
            backup = export(source, BackupOptions.withCredentials());
        }
        try (JdbcChatStore target = fresh.get()) {
            target.start();
            target.users().create(new NewUser("zoe", "Zoe", Set.of(Role.USER), Instant.now()));
            byte[] before = export(target, BackupOptions.withCredentials());
            assertThatThrownBy(() -> JdbcBackup.of(target).importFrom(new ByteArrayInputStream(backup), BackupProgress.NONE))
                    .isInstanceOf(BackupException.class)
                    .hasMessage("the database is not empty (table users has 1 rows); import only into an empty database");
            assertSameBytes(export(target, BackupOptions.withCredentials()), before);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    @DisplayName("every table of the schema is in a backup, or left out on purpose")
    void coversTheSchema(String name, Supplier<JdbcChatStore> fresh) throws Exception {
        try (JdbcChatStore store = fresh.get()) {
            store.start();
            Set<String> tables = new HashSet<>();
            try (Connection connection = store.dataSource().getConnection();
                 ResultSet rs = connection.getMetaData().getTables(connection.getCatalog(), null, "%",
                         new String[] {"TABLE"})) {
                while (rs.next()) {
                    String schema = rs.getString("TABLE_SCHEM");
                    if (schema == null || !schema.equalsIgnoreCase("INFORMATION_SCHEMA")) {
                        tables.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
                    }
                }
            }
            Set<String> known = new HashSet<>(BackupTable.NEVER_EXPORTED);
            BackupTable.ALL.forEach(t -> known.add(t.name()));
            known.add(JdbcSchema.HISTORY_TABLE);
            assertThat(tables).isEqualTo(known);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    @DisplayName("a backup from H2 imports into this database and exports again byte for byte")
    void movesBetweenDatabases(String name, Supplier<JdbcChatStore> fresh) {
        byte[] fromH2;
        try (JdbcChatStore h2 = TestDatabases.freshH2Memory()) {
            SampleChat.populate(h2);
            h2.start();
            fromH2 = export(h2, BackupOptions.withCredentials());
        }
        try (JdbcChatStore target = fresh.get()) {
            target.start();
            JdbcBackup.of(target).importFrom(new ByteArrayInputStream(fromH2), BackupProgress.NONE);
            assertSameBytes(export(target, BackupOptions.withCredentials()), fromH2);
        }
    }

    @Test
    @DisplayName("a file of another format version, not a backup, or cut short is refused with a clear message and imports nothing")
    void badFiles() throws Exception {
        byte[] backup;
        try (JdbcChatStore source = TestDatabases.freshH2Memory()) {
            SampleChat.populate(source);
            source.start();
            backup = export(source, BackupOptions.withCredentials());
        }
        String text = new String(backup, StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
        String otherVersion = text.replaceFirst("\"formatVersion\":1,", "\"formatVersion\":2,");
        String otherSchema = text.replaceFirst("\"schemaVersion\":\"5\"", "\"schemaVersion\":\"99\"");
        String cutShort = text.substring(0, text.lastIndexOf('\n', text.length() - 2) + 1);
        String brokenLine = text.replace(lines[5], lines[5].substring(0, 20));
        String wrongType = text.replace("\"username\":\"bob\"", "\"username\":42");

        try (JdbcChatStore target = TestDatabases.freshH2Memory()) {
            target.start();
            JdbcBackup backups = JdbcBackup.of(target);
            assertThatThrownBy(() -> backups.importFrom(stream(otherVersion), BackupProgress.NONE))
                    .isInstanceOf(BackupException.class).hasMessage(
                            "the backup has format version 2, but this version of Parley reads only format version 1");
            assertThatThrownBy(() -> backups.importFrom(stream(otherSchema), BackupProgress.NONE))
                    .isInstanceOf(BackupException.class)
                    .hasMessage("the backup is of schema version 99 but the database is at version 5");
            assertThatThrownBy(() -> backups.importFrom(stream("hello\n"), BackupProgress.NONE))
                    .isInstanceOf(BackupException.class).hasMessageStartingWith("line 1 of the backup is not JSON");
            assertThatThrownBy(() -> backups.importFrom(stream("{\"name\":\"x\"}\n"), BackupProgress.NONE))
                    .isInstanceOf(BackupException.class).hasMessageStartingWith("not a Parley backup");
            assertThatThrownBy(() -> backups.importFrom(stream(""), BackupProgress.NONE))
                    .isInstanceOf(BackupException.class).hasMessage("the backup is empty");
            assertThatThrownBy(() -> backups.importFrom(stream(cutShort), BackupProgress.NONE))
                    .isInstanceOf(BackupException.class).hasMessageContaining("table blobs has 0 rows but its header says 1");
            assertThatThrownBy(() -> backups.importFrom(stream(brokenLine), BackupProgress.NONE))
                    .isInstanceOf(BackupException.class).hasMessageStartingWith("line 6 of the backup is not JSON");
            assertThatThrownBy(() -> backups.importFrom(stream(wrongType), BackupProgress.NONE))
                    .isInstanceOf(BackupException.class)
                    .hasMessageEndingWith("does not fit table users: column username needs a string");

            backups.importFrom(new ByteArrayInputStream(backup), BackupProgress.NONE);
            assertSameBytes(export(target, BackupOptions.withCredentials()), backup);
        }
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A store on a fresh database into which the backup was imported; closed, to be started by an engine. */
    private static JdbcChatStore imported(Supplier<JdbcChatStore> fresh, byte[] backup) {
        JdbcChatStore store = fresh.get();
        store.start();
        JdbcBackup.of(store).importFrom(new ByteArrayInputStream(backup), BackupProgress.NONE);
        store.close();
        return store;
    }

    /** Compares as text first, for a readable difference, then byte for byte. */
    static void assertSameBytes(byte[] actual, byte[] expected) {
        assertThat(new String(actual, StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(actual).isEqualTo(expected);
    }

    static byte[] export(JdbcChatStore store, BackupOptions options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Long> progress = new ArrayList<>();
        BackupSummary summary = JdbcBackup.of(store).exportTo(out, options, (done, total) -> {
            assertThat(done).isLessThanOrEqualTo(total);
            progress.add(done);
        });
        assertThat(progress).isSorted().last().isEqualTo(summary.rows());
        return out.toByteArray();
    }

    static List<JsonNode> lines(byte[] backup) throws Exception {
        String text = new String(backup, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    static List<JsonNode> rowsOf(List<JsonNode> lines, String table) {
        return lines.stream().skip(1).filter(l -> l.path("table").asText().equals(table)).map(l -> l.path("row")).toList();
    }

    private static long nextId(JsonNode header, String table) {
        for (JsonNode t : header.path("tables")) {
            if (t.path("name").asText().equals(table)) {
                return t.path("nextId").asLong();
            }
        }
        throw new AssertionError("no table " + table + " in " + header);
    }
}
