package dev.parley.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.api.ChatException;
import dev.parley.api.StoreException;
import dev.parley.api.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database that the store's parts share: the connection pool (the host's, or a HikariCP pool
 * built from a URL), its Jdbi, its dialect and its migrations.
 *
 * <p>The chat store and its blob store each {@link #acquire()} the database when they start and
 * {@link #release()} it when they close; the pool is opened by the first and closed with the last.
 * A host's own {@code DataSource} is never closed. Thread-safe.
 */
final class Database {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** Milliseconds an H2 statement waits for a row lock, instead of H2's default of one second. */
    private static final int H2_LOCK_TIMEOUT_MS = 30_000;
    /** The H2 page cache this store asks for unless the URL sets {@code CACHE_SIZE}: 8 MB. */
    static final int H2_CACHE_SIZE_KB = 8192;

    private final JdbcSettings settings;
    private int users;
    private DataSource dataSource;
    private HikariDataSource ownPool;
    /** Where the pool's own HikariCP meters go, or null. */
    private final io.micrometer.core.instrument.MeterRegistry registry;
    private volatile Jdbi jdbi;
    private volatile Dialect dialect;

    Database(JdbcSettings settings, io.micrometer.core.instrument.MeterRegistry registry) {
        this.settings = settings;
        this.registry = registry;
    }

    /** Borrows a connection and checks it is valid, for readiness checks. */
    void ping() {
        DataSource current = dataSource();
        if (current == null) {
            throw new StoreException("the JDBC store is not started");
        }
        try (Connection connection = current.getConnection()) {
            if (!connection.isValid(2)) {
                throw new StoreException("the database did not answer within 2 s");
            }
        } catch (SQLException e) {
            throw new StoreException("the database did not answer: " + e.getMessage(), e);
        }
    }

    /** Opens the pool if this is the first user, and migrates the schema if so configured. */
    synchronized void acquire() {
        if (users == 0) {
            open();
            try {
                if (settings.migrateOnStart()) {
                    migrate();
                }
            } catch (RuntimeException e) {
                closePool();
                throw e;
            }
        }
        users++;
    }

    /** Closes the pool when the last user lets go. */
    synchronized void release() {
        if (users == 0) {
            return;
        }
        users--;
        if (users == 0) {
            closePool();
        }
    }

    /** Applies the pending Flyway migrations of this database's dialect. */
    synchronized void migrate() {
        requireOpen();
        try {
            JdbcSchema.flyway(dataSource, dialect).migrate();
        } catch (RuntimeException e) {
            throw new StoreException("could not migrate the database schema", e);
        }
    }

    /**
     * The exception for a database failure: unavailable, so that the client may retry, when the
     * database cannot be reached; otherwise internal.
     */
    static StoreException failed(Exception cause) {
        return SqlStates.isUnreachable(cause)
                ? new StoreUnavailableException("the database cannot be reached; retry later", cause)
                : new StoreException("the database failed", cause);
    }

    /** Runs work on a handle in autocommit mode, turning database failures into {@link StoreException}. */
    <T> T withHandle(HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi().withHandle(work);
        } catch (JdbiException e) {
            throw failed(e);
        }
    }

    /**
     * Runs one insert in autocommit mode; returns false instead of failing when the row would break a
     * unique key, which is how the stores say "already there" for blocks, invitations and the like.
     */
    boolean insertUnlessDuplicate(HandleCallback<?, RuntimeException> insert) {
        try {
            withHandle(insert);
            return true;
        } catch (StoreException e) {
            if (SqlStates.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Runs work in one transaction, committed when it returns and rolled back when it throws.
     * Database failures become {@link StoreException}; {@link ChatException}s pass through.
     */
    <T> T inTransaction(HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi().inTransaction(work);
        } catch (JdbiException e) {
            throw failed(e);
        }
    }

    /** Runs work in a transaction, retrying it a few times when it loses a unique key or lock race. */
    <T> T inTransactionRetrying(HandleCallback<T, RuntimeException> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return inTransaction(work);
            } catch (StoreException e) {
                boolean retry = SqlStates.isUniqueViolation(e) || SqlStates.isRetryable(e);
                if (!retry || attempt == 5) {
                    throw e;
                }
                LOG.debug("transaction lost a race, retrying (attempt {})", attempt, e);
            }
        }
    }

    Dialect dialect() {
        requireOpen();
        return dialect;
    }

    /** The data source, for {@link JdbcChatStore#dataSource()}; null while closed. */
    synchronized DataSource dataSource() {
        return dataSource;
    }

    private Jdbi jdbi() {
        Jdbi current = jdbi;
        if (current == null) {
            throw new IllegalStateException("the JDBC store is not started");
        }
        return current;
    }

    private void requireOpen() {
        if (jdbi == null) {
            throw new IllegalStateException("the JDBC store is not started");
        }
    }

    private void open() {
        if (settings.dataSource() != null) {
            dataSource = settings.dataSource();
        } else {
            ownPool = new HikariDataSource(poolConfig());
            dataSource = ownPool;
        }
        try (Connection connection = dataSource.getConnection()) {
            dialect = Dialect.of(connection.getMetaData().getDatabaseProductName());
            if (dialect == Dialect.H2) {
                prepareH2(connection);
            }
        } catch (SQLException e) {
            closePool();
            throw new StoreException("could not connect to the database", e);
        }
        jdbi = Jdbi.create(dataSource);
    }

    /**
     * Makes an H2 file database durable: with H2's default write delay of 500 ms, a commit may sit
     * in memory and be lost if the process is killed. WRITE_DELAY 0 makes every commit write the
     * MVStore chunk to the file before it returns. A longer default lock timeout lets appends queue
     * on a conversation's counter row under load instead of failing after H2's one second.
     */
    private static void prepareH2(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET WRITE_DELAY 0");
            statement.execute("SET DEFAULT_LOCK_TIMEOUT " + H2_LOCK_TIMEOUT_MS);
            statement.execute("SET LOCK_TIMEOUT " + H2_LOCK_TIMEOUT_MS);
        } catch (SQLException e) {
            // Needs admin rights; a host that opened H2 as a plain user configures it itself.
            LOG.warn("could not set H2's WRITE_DELAY and lock timeout; set them in the database URL", e);
        }
    }

    private HikariConfig poolConfig() {
        HikariConfig config = new HikariConfig();
        String url = settings.url();
        config.setJdbcUrl(url);
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maximumPoolSize());
        config.setPoolName("parley-jdbc");
        if (registry != null) {
            // HikariCP's own meters, hikaricp.connections.* tagged pool=parley-jdbc.
            config.setMetricsTrackerFactory(new com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory(registry));
        }
        if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
            // Group commit depends on batches reaching the server as multi-row INSERTs.
            putIfAbsent(config, url, "rewriteBatchedStatements", "true");
            putIfAbsent(config, url, "characterEncoding", "UTF-8");
            putIfAbsent(config, url, "connectionCollation", "utf8mb4_bin");
            putIfAbsent(config, url, "cachePrepStmts", "true");
            putIfAbsent(config, url, "prepStmtCacheSize", "250");
            putIfAbsent(config, url, "prepStmtCacheSqlLimit", "2048");
            putIfAbsent(config, url, "useLocalSessionState", "true");
        } else if (url.startsWith("jdbc:h2:")) {
            config.setConnectionInitSql("SET LOCK_TIMEOUT " + H2_LOCK_TIMEOUT_MS);
            // H2's own default page cache is 64 MB. Each commit puts the pages it rewrote into that
            // cache, and the collector scans the cache's old entries for those new pages at every
            // young collection: with 64 MB those scans paused the process for 30 to 60 ms every few
            // seconds under a steady stream of messages (docs/benchmarks.md).
            if (!url.toUpperCase(java.util.Locale.ROOT).contains("CACHE_SIZE=")) {
                config.addDataSourceProperty("CACHE_SIZE", String.valueOf(H2_CACHE_SIZE_KB));
            }
        }
        return config;
    }

    /** Sets a driver property unless the URL already sets it, so that the host's choice wins. */
    private static void putIfAbsent(HikariConfig config, String url, String key, String value) {
        if (!url.contains(key + "=")) {
            config.addDataSourceProperty(key, value);
        }
    }

    private void closePool() {
        jdbi = null;
        if (ownPool != null) {
            ownPool.close();
            ownPool = null;
        }
        dataSource = null;
    }
}
