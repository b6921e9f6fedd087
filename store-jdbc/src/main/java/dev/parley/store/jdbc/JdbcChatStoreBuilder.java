package dev.parley.store.jdbc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Builds a {@link JdbcChatStore}. Give it either the host's {@link DataSource} or a JDBC URL (with a
 * user and password), from which the store builds its own HikariCP pool:
 *
 * <pre>{@code
 * JdbcChatStore store = JdbcChatStore.builder()
 *         .url("jdbc:mysql://127.0.0.1:3306/parley")
 *         .user("parley")
 *         .password(secret)
 *         .build();
 * }</pre>
 *
 * <p>Supported databases are H2 2.x ({@code jdbc:h2:mem:...}, {@code jdbc:h2:file:...}; see
 * {@link #h2File(Path)}) and MySQL 8 / MariaDB 10.11+ ({@code jdbc:mysql://...} with MySQL
 * Connector/J). {@link #build()} checks the settings and fails with a message that names the
 * conflict. Not thread-safe; the store it builds is.
 */
public final class JdbcChatStoreBuilder {

    private DataSource dataSource;
    private String url;
    private String user;
    private String password;
    private int maximumPoolSize = 10;
    private boolean migrateOnStart = true;
    private Duration cacheExpiry = Duration.ofSeconds(5);
    private long cacheMaximumSize = 10_000;

    JdbcChatStoreBuilder() {
    }

    /**
     * Uses the host application's data source. The store never closes it. For MySQL, configure it
     * with {@code rewriteBatchedStatements=true}, or group commits are sent row by row.
     */
    public JdbcChatStoreBuilder dataSource(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        return this;
    }

    /**
     * Connects to this JDBC URL through a HikariCP pool the store owns. For MySQL and MariaDB the
     * store adds {@code rewriteBatchedStatements=true}, UTF-8 and {@code utf8mb4_bin} unless the URL
     * sets them. For H2 it asks for a page cache of 8 MB ({@code CACHE_SIZE=8192}, in KB) unless the
     * URL sets {@code CACHE_SIZE}: H2's own 64 MB made the collector's young pauses several times
     * longer under a steady stream of messages. A store whose reads (history, sync of long
     * conversations) outweigh its writes may want more.
     */
    public JdbcChatStoreBuilder url(String url) {
        this.url = Objects.requireNonNull(url, "url");
        return this;
    }

    /**
     * Uses an H2 database in a file, set up for durability: every commit is written to the file
     * before it returns ({@code WRITE_DELAY=0}), so that a process killed with {@code kill -9} loses no
     * acknowledged message. The file is locked with the operating system's lock ({@code FILE_LOCK=FS}),
     * which a killed process leaves behind at once, and H2's page cache is the store's default of
     * 8 MB (see {@link #url}).
     *
     * @param file the database file, without H2's {@code .mv.db} suffix
     */
    public JdbcChatStoreBuilder h2File(Path file) {
        return url("jdbc:h2:file:" + file.toAbsolutePath() + ";WRITE_DELAY=0;FILE_LOCK=FS");
    }

    /** The database user, for {@link #url}. */
    public JdbcChatStoreBuilder user(String user) {
        this.user = user;
        return this;
    }

    /** The database password, for {@link #url}. */
    public JdbcChatStoreBuilder password(String password) {
        this.password = password;
        return this;
    }

    /** The most connections the store's own pool opens; 10 by default. */
    public JdbcChatStoreBuilder maximumPoolSize(int maximumPoolSize) {
        this.maximumPoolSize = maximumPoolSize;
        return this;
    }

    /**
     * Whether {@code start()} applies pending schema migrations; true by default. With false, run
     * them with {@link JdbcChatStore#migrate()}, or with Flyway from the host's own deployment.
     */
    public JdbcChatStoreBuilder migrateOnStart(boolean migrateOnStart) {
        this.migrateOnStart = migrateOnStart;
        return this;
    }

    /**
     * How long a cached user, conversation, member list, friendship or block is kept; 5 seconds by default, and
     * {@link Duration#ZERO} turns caching off. Writes through this store invalidate its caches at
     * once; the expiry bounds how long a change made through another store on the same database
     * (another node) can go unseen.
     */
    public JdbcChatStoreBuilder cacheExpiry(Duration cacheExpiry) {
        this.cacheExpiry = Objects.requireNonNull(cacheExpiry, "cacheExpiry");
        return this;
    }

    /** The most entries each cache holds; 10,000 by default. */
    public JdbcChatStoreBuilder cacheMaximumSize(long cacheMaximumSize) {
        this.cacheMaximumSize = cacheMaximumSize;
        return this;
    }

    /**
     * Checks the settings and builds the store, not yet started.
     *
     * @throws IllegalStateException if both or neither of a data source and a URL are given, or a
     *                               size or duration is out of range
     */
    public JdbcChatStore build() {
        return new JdbcChatStore(settings(), meterRegistry);
    }

    /**
     * Reports the store's meters to this registry, normally the one the engine was given
     * ({@code ChatEngineBuilder#meterRegistry}): HikariCP's {@code hikaricp.connections.*} for the pool
     * the store opens (not for a host's own data source, which the host meters), and Caffeine's
     * {@code cache.*} for each of its caches, tagged {@code cache=parley.users.byId} and so on. None by
     * default.
     */
    public JdbcChatStoreBuilder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
        this.meterRegistry = Objects.requireNonNull(registry, "registry");
        return this;
    }

    private io.micrometer.core.instrument.MeterRegistry meterRegistry;

    JdbcSettings settings() {
        if (dataSource != null && url != null) {
            throw new IllegalStateException("give either a dataSource or a url, not both");
        }
        if (dataSource == null && url == null) {
            throw new IllegalStateException("a dataSource or a url is required");
        }
        if (url != null && !url.startsWith("jdbc:")) {
            throw new IllegalStateException("the url must be a JDBC URL starting with jdbc: but was " + url);
        }
        if (dataSource != null && (user != null || password != null)) {
            throw new IllegalStateException("user and password go with a url; a dataSource brings its own");
        }
        if (maximumPoolSize < 1) {
            throw new IllegalStateException("maximumPoolSize must be at least 1: " + maximumPoolSize);
        }
        if (cacheExpiry.isNegative()) {
            throw new IllegalStateException("cacheExpiry must not be negative: " + cacheExpiry);
        }
        if (cacheMaximumSize < 0) {
            throw new IllegalStateException("cacheMaximumSize must not be negative: " + cacheMaximumSize);
        }
        return new JdbcSettings(dataSource, url, user, password, maximumPoolSize, migrateOnStart, cacheExpiry,
                cacheMaximumSize);
    }
}
