package dev.parley.store.jdbc;

import dev.parley.api.spi.BlobStore;
import dev.parley.api.spi.ChatStore;
import dev.parley.api.spi.ConversationStore;
import dev.parley.api.spi.DeviceStore;
import dev.parley.api.spi.FriendStore;
import dev.parley.api.spi.InvitationStore;
import dev.parley.api.spi.MessageStore;
import dev.parley.api.spi.TokenStore;
import dev.parley.api.spi.UserStore;
import javax.sql.DataSource;

/**
 * A {@link ChatStore} on a relational database through Jdbi 3: H2 2.x embedded (in memory or in a
 * file) and MySQL 8 / MariaDB 10.11+. Flyway creates and migrates the schema.
 *
 * <p>Messages are appended with group commit: {@link MessageStore#appendAll} stores a whole batch in
 * one transaction with JDBC batch inserts, assigning each message the next seq of its conversation
 * from a counter row that the transaction locks, so that seqs stay unique and gapless across threads
 * and across engines that share the database. Users, conversations and member lists are cached with
 * Caffeine; see {@link JdbcChatStoreBuilder#cacheExpiry}.
 *
 * <pre>{@code
 * JdbcChatStore store = JdbcChatStore.builder().h2File(Path.of("data/parley")).build();
 * ChatEngine engine = ChatEngine.builder().store(store).blobStore(store.blobStore()).build().start();
 * }</pre>
 *
 * <p>Thread-safe. {@link #start()} opens the pool and migrates (unless turned off);
 * {@link #close()} closes a pool the store opened itself, never the host's data source.
 */
public final class JdbcChatStore implements ChatStore {

    private final Database database;
    private final JdbcUserStore users;
    private final JdbcTokenStore tokens;
    private final JdbcFriendStore friends;
    private final JdbcConversationStore conversations;
    private final JdbcInvitationStore invitations;
    private final JdbcMessageStore messages;
    private final JdbcDeviceStore devices;
    private final JdbcChangeLog changes;
    private final JdbcBlobStore blobs;
    private boolean started;

    /** @param registry where the pool's and the caches' meters go, or null for none */
    JdbcChatStore(JdbcSettings settings, io.micrometer.core.instrument.MeterRegistry registry) {
        this.database = new Database(settings, registry);
        Caches caches = new Caches(settings.cacheExpiry(), settings.cacheMaximumSize(), registry);
        this.users = new JdbcUserStore(database, caches);
        this.tokens = new JdbcTokenStore(database);
        this.friends = new JdbcFriendStore(database, caches);
        this.conversations = new JdbcConversationStore(database, caches);
        this.invitations = new JdbcInvitationStore(database);
        this.messages = new JdbcMessageStore(database);
        this.devices = new JdbcDeviceStore(database);
        this.changes = new JdbcChangeLog(database);
        this.blobs = new JdbcBlobStore(database);
    }

    /** A builder for a store on a data source or a JDBC URL. */
    public static JdbcChatStoreBuilder builder() {
        return new JdbcChatStoreBuilder();
    }

    @Override
    public String id() {
        return "jdbc";
    }

    /** Opens the pool and, unless the builder turned it off, applies pending migrations. */
    @Override
    public synchronized void start() {
        if (!started) {
            database.acquire();
            started = true;
        }
    }

    /**
     * Applies pending schema migrations now, for hosts that build the store with
     * {@code migrateOnStart(false)}. Opens the database for the duration if the store is not started.
     */
    public void migrate() {
        database.acquire();
        try {
            database.migrate();
        } finally {
            database.release();
        }
    }

    /** Closes the pool if the store opened it. Safe to call more than once, or without a start. */
    @Override
    public synchronized void close() {
        if (started) {
            started = false;
            database.release();
        }
    }

    /**
     * A {@link BlobStore} that keeps attachments in this store's database, sharing its pool. It has a
     * lifecycle of its own: the pool stays open until both it and this store are closed.
     */
    public JdbcBlobStore blobStore() {
        return blobs;
    }

    /**
     * Checks that the database answers: borrows a connection and validates it within two seconds.
     *
     * @throws dev.parley.api.StoreException if it does not
     */
    @Override
    public void ping() {
        database.ping();
    }

    /** The data source in use while the store is started, or null; for tools and tests. */
    public DataSource dataSource() {
        return database.dataSource();
    }

    @Override
    public UserStore users() {
        return users;
    }

    @Override
    public TokenStore tokens() {
        return tokens;
    }

    @Override
    public FriendStore friends() {
        return friends;
    }

    @Override
    public ConversationStore conversations() {
        return conversations;
    }

    @Override
    public InvitationStore invitations() {
        return invitations;
    }

    @Override
    public MessageStore messages() {
        return messages;
    }

    @Override
    public dev.parley.api.spi.ChangeLog changes() {
        return changes;
    }

    @Override
    public DeviceStore devices() {
        return devices;
    }
}
