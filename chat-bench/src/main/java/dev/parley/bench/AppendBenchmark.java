package dev.parley.bench;

import dev.parley.api.Conversation;
import dev.parley.api.ConversationId;
import dev.parley.api.MessageKind;
import dev.parley.api.NewMessage;
import dev.parley.api.NewUser;
import dev.parley.api.Role;
import dev.parley.api.UserId;
import dev.parley.api.spi.AppendResult;
import dev.parley.store.jdbc.JdbcChatStore;
import dev.parley.store.jdbc.JdbcChatStoreBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Persisted messages per second through {@code JdbcChatStore.messages().appendAll}, in batches of
 * 512 like the engine's writer thread, beside a baseline with nothing of Parley in it: raw JDBC batch
 * inserts of the same rows into a table of the same shape (same columns, same unique keys), one
 * commit per batch, through the same pool. Each operation is one persisted message.
 *
 * <p>Databases: {@code h2-file} (a new H2 file under {@code target/bench-h2}, with the store's
 * durability settings) and {@code mariadb} (the URL, user and password in the system properties
 * {@code parley.bench.mysql.url}, {@code .user} and {@code .password}; by default the test
 * database that .ci/run creates).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class AppendBenchmark {

    /** Messages per batch: the engine's default writer batch size. */
    public static final int BATCH = 512;

    private static final Instant T0 = Instant.parse("2030-01-01T09:00:00Z");
    private static final String RAW_TABLE = "bench_raw_messages";
    private static final String RAW_INSERT = "INSERT INTO " + RAW_TABLE + " (conversation_id, seq, sender_id, "
            + "client_msg_id, kind, text, created_at, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, FALSE)";

    /** Which database: {@code h2-file} or {@code mariadb}. */
    @Param({"h2-file", "mariadb"})
    public String database;

    /** How many conversations the messages of a batch are spread over. */
    @Param({"100"})
    public int conversations;

    private JdbcChatStore store;
    private DataSource dataSource;
    private UserId sender;
    private final List<ConversationId> targets = new ArrayList<>();
    private final Map<ConversationId, Integer> indexOf = new HashMap<>();
    private long[] rawSeqs;
    private String run;
    private long counter;

    @Setup(Level.Trial)
    public void open() throws Exception {
        run = UUID.randomUUID().toString().substring(0, 8);
        store = builder().build();
        store.start();
        dataSource = store.dataSource();
        sender = store.users().create(new NewUser("bench-" + run, "Bench", Set.of(Role.USER), T0)).id();
        for (int i = 0; i < conversations; i++) {
            Conversation group = store.conversations().createGroup("Bench " + i, sender, T0);
            indexOf.put(group.id(), targets.size());
            targets.add(group.id());
        }
        rawSeqs = new long[conversations];
        createRawTable();
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE " + RAW_TABLE);
        }
        store.close();
    }

    /** Parley: one appendAll of 512 messages, one transaction with seqs, dedup and batch insert. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<AppendResult> parleyAppendAll() {
        return store.messages().appendAll(nextBatch());
    }

    /** The baseline: the same 512 rows as one raw JDBC batch insert and one commit. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int[] rawJdbcBatch() throws SQLException {
        List<NewMessage> batch = nextBatch();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(RAW_INSERT)) {
                for (NewMessage m : batch) {
                    int conversation = indexOf.get(m.conversationId());
                    insert.setLong(1, m.conversationId().value());
                    insert.setLong(2, ++rawSeqs[conversation]);
                    insert.setLong(3, m.senderId().value());
                    insert.setString(4, m.clientMsgId());
                    insert.setString(5, m.kind().name());
                    insert.setString(6, m.text());
                    insert.setLong(7, m.createdAt().getEpochSecond() * 1_000_000L);
                    insert.addBatch();
                }
                int[] counts = insert.executeBatch();
                connection.commit();
                return counts;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private List<NewMessage> nextBatch() {
        List<NewMessage> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            long n = counter++;
            ConversationId conversation = targets.get((int) (n % targets.size()));
            batch.add(new NewMessage(conversation, sender, run + "-" + n, MessageKind.TEXT,
                    "message " + n + " from the benchmark \uD83D\uDC4D \u4F60\u597D", null, null, T0));
        }
        return batch;
    }

    private JdbcChatStoreBuilder builder() throws IOException {
        if (database.equals("h2-file")) {
            Path dir = Path.of(System.getProperty("parley.bench.h2.dir", "target/bench-h2")).toAbsolutePath();
            if (Files.exists(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                }
            }
            Files.createDirectories(dir);
            return JdbcChatStore.builder().h2File(dir.resolve("parley-bench"));
        }
        if (database.equals("mariadb")) {
            return JdbcChatStore.builder()
                    .url(System.getProperty("parley.bench.mysql.url", "jdbc:mysql://127.0.0.1:3306/parley_test"))
                    .user(System.getProperty("parley.bench.mysql.user", "parley"))
                    .password(System.getProperty("parley.bench.mysql.password", "parley"));
        }
        throw new IllegalArgumentException("unknown database: " + database);
    }

    /** A table of the same shape as Parley's messages table: the same columns and unique keys. */
    private void createRawTable() throws SQLException {
        boolean mysql = database.equals("mariadb");
        String text = mysql ? "MEDIUMTEXT" : "VARCHAR(1048576)";
        String options = mysql ? " ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin" : "";
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + RAW_TABLE);
            statement.execute("CREATE TABLE " + RAW_TABLE + " ("
                    + "id BIGINT NOT NULL AUTO_INCREMENT, conversation_id BIGINT NOT NULL, seq BIGINT NOT NULL, "
                    + "sender_id BIGINT NOT NULL, client_msg_id VARCHAR(255) NULL, kind VARCHAR(16) NOT NULL, "
                    + "text " + text + " NULL, attachment_id VARCHAR(64) NULL, attachment_mime_type VARCHAR(255) NULL, "
                    + "attachment_size BIGINT NULL, attachment_name VARCHAR(1024) NULL, attachment_width INT NULL, "
                    + "attachment_height INT NULL, attachment_duration_ms INT NULL, reply_to BIGINT NULL, "
                    + "created_at BIGINT NOT NULL, edited_at BIGINT NULL, deleted BOOLEAN NOT NULL DEFAULT FALSE, "
                    + "PRIMARY KEY (id), CONSTRAINT uq_raw_seq UNIQUE (conversation_id, seq), "
                    + "CONSTRAINT uq_raw_client UNIQUE (client_msg_id, sender_id))" + options);
        }
    }
}
