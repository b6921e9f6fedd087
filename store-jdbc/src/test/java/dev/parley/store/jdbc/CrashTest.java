package dev.parley.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.api.Conversation;
import dev.parley.api.Message;
import dev.parley.api.NewUser;
import dev.parley.api.Role;
import dev.parley.api.User;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM with {@code kill -9} in the middle of a send loop and checks that every message it
 * acknowledged is in the database, on an H2 file and on MariaDB.
 */
class CrashTest {

    private static final int ACKS_BEFORE_KILL = 3000;

    @TempDir
    Path dir;

    @Test
    @DisplayName("on an H2 file, every message acked before kill -9 is stored, and the conversation stays gapless")
    void h2File() throws Exception {
        Path file = dir.resolve("crash");
        JdbcChatStoreBuilder builder = JdbcChatStore.builder().h2File(file);
        killMidLoopAndCheck(builder, "jdbc:h2:file:" + file.toAbsolutePath() + ";WRITE_DELAY=0;FILE_LOCK=FS", "", "");
    }

    @Test
    @DisplayName("on MariaDB, every message acked before kill -9 is stored, and the conversation stays gapless")
    void mariaDb() throws Exception {
        // The URL carries the account, so the child needs no user or password.
        killMidLoopAndCheck(TestDatabases.mariaDbBuilder(), TestMariaDb.url(), "", "");
    }

    private void killMidLoopAndCheck(JdbcChatStoreBuilder builder, String url, String user, String password)
            throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        User sender;
        Conversation group;
        // Set up, then close: an embedded H2 file is open in one process at a time.
        try (JdbcChatStore store = builder.build()) {
            store.start();
            sender = store.users().create(new NewUser("crash-" + tag, "Crash", Set.of(Role.USER), Instant.now()));
            group = store.conversations().createGroup("Crash " + tag, sender.id(), Instant.now());
        }

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingSender.class.getName(),
                url, user, password, Long.toString(sender.id().value()), Long.toString(group.id().value()), tag)
                .redirectError(dir.resolve("child.err").toFile())
                .start();
        List<String> acks = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("ACK ")) {
                        acks.add(line);
                    }
                }
            } catch (java.io.IOException e) {
                // The pipe breaks when the child dies; what was read is what was acked.
            }
        });
        reader.start();
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> acks.size() >= ACKS_BEFORE_KILL || !child.isAlive());
            assertThat(child.isAlive()).as("the sender is still sending; see " + dir.resolve("child.err")).isTrue();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);

        List<String> acked = new ArrayList<>(acks);
        try (JdbcChatStore store = builder.build()) {
            store.start();
            long maxAcked = 0;
            for (String line : acked) {
                String[] parts = line.split(" ");
                long seq = Long.parseLong(parts[1]);
                maxAcked = Math.max(maxAcked, seq);
                Optional<Message> stored = store.messages().findByClientMsgId(sender.id(), parts[2]);
                assertThat(stored).as(line).isPresent();
                assertThat(stored.get().seq()).as(line).isEqualTo(seq);
                assertThat(stored.get().text()).endsWith("\uD83D\uDC4D");
            }
            long lastSeq = store.messages().lastSeq(group.id());
            assertThat(lastSeq).isGreaterThanOrEqualTo(maxAcked).isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
            List<Long> seqs = new ArrayList<>();
            for (long after = 0; after < lastSeq; ) {
                List<Message> page = store.messages().after(group.id(), after, 1000);
                page.forEach(m -> seqs.add(m.seq()));
                after = page.get(page.size() - 1).seq();
            }
            assertThat(seqs).containsExactlyElementsOf(
                    LongStream.rangeClosed(1, lastSeq).boxed().collect(Collectors.toList()));
        }
    }
}
