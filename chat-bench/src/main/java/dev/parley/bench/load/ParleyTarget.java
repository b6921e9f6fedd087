package dev.parley.bench.load;

import dev.parley.api.ConversationId;
import dev.parley.api.MessageDraft;
import dev.parley.api.MessageKind;
import dev.parley.api.NewMessage;
import dev.parley.api.Role;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.ChatEngine;
import dev.parley.core.ChatEngineBuilder;
import dev.parley.core.RateLimits;
import dev.parley.store.jdbc.JdbcChatStore;
import dev.parley.transport.mqtt.MqttTransport;
import dev.parley.transport.tcp.TcpTransport;
import dev.parley.transport.websocket.WebSocketTransport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parley in this JVM: a {@link ChatEngine} on an H2 file (or a new MariaDB database) through store-jdbc, with a WebSocket, a
 * TCP and an MQTT listener on loopback, as {@code parley server} runs it, except for the bench's settings: a
 * cheap password hash (the fixture logs each user in once, through the engine, to get a token, and
 * the load connections log in with that token, which takes no hash), and rate and connection limits
 * above what the load needs.
 *
 * <p>The fixture is made through the engine's services on the database, never over the wire.
 */
public final class ParleyTarget implements LoadTarget {

    private static final String PASSWORD = "bench password";
    /** Messages per transaction when the drain's fixture stores its backlog. */
    private static final int DRAIN_BATCH = 2_000;
    /**
     * Live sessions one user may hold here ({@code RateLimits.sessionsPerUser}, 20 by default), so that
     * the idle fixture logs in one user per this many sessions: 19 password logins for 19,000 sessions.
     */
    static final int SESSIONS_PER_USER = 1_000;
    /**
     * Connections one address may hold here ({@code RateLimits.connectionsPerAddress}, 200 by
     * default): every load connection comes from one of a few 127.0.0.x addresses.
     */
    static final int CONNECTIONS_PER_ADDRESS = 100_000;

    private final ChatEngine engine;
    private final WebSocketTransport webSocket;
    private final TcpTransport tcp;
    private final MqttTransport mqtt;
    private final Map<Integer, List<Member>> pairs = new HashMap<>();
    private final Map<Integer, List<Member>> rooms = new HashMap<>();
    private final Map<String, List<Member>> roomSets = new HashMap<>();
    private final Map<String, List<Member>> drains = new HashMap<>();
    private final Map<Integer, List<Member>> idle = new HashMap<>();
    private final JdbcChatStore store;

    private final Runnable dropDatabase;
    /** The engine's meters, as {@code parley server} keeps them, read for the writer's figures. */
    private final io.micrometer.prometheusmetrics.PrometheusMeterRegistry meters =
            new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);

    /** Starts Parley on a new H2 database at {@code h2File} (a path without H2's {@code .mv.db}). */
    public static ParleyTarget onH2File(Path h2File) {
        return onH2File(h2File, ChatEngineBuilder.DEFAULT_COMMIT_INTERVAL);
    }

    /** As {@link #onH2File(Path)}, its writer committing at most once per {@code commitInterval}. */
    public static ParleyTarget onH2File(Path h2File, Duration commitInterval) {
        return new ParleyTarget(JdbcChatStore.builder().h2File(h2File).build(), () -> { }, commitInterval);
    }

    /**
     * Starts Parley on a new database of the MariaDB (or MySQL) server that {@code adminUrl} reaches
     * with an account that may create databases (such as {@code jdbc:mysql://127.0.0.1:3306/?user=root});
     * the database is dropped when the target closes.
     */
    public static ParleyTarget onMariaDb(String adminUrl) {
        return onMariaDb(adminUrl, ChatEngineBuilder.DEFAULT_COMMIT_INTERVAL);
    }

    /** As {@link #onMariaDb(String)}, its writer committing at most once per {@code commitInterval}. */
    public static ParleyTarget onMariaDb(String adminUrl, Duration commitInterval) {
        String database = "parley_bench_" + System.currentTimeMillis();
        execute(adminUrl, "CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        int path = adminUrl.indexOf('/', adminUrl.indexOf("//") + 2);
        int query = adminUrl.indexOf('?');
        if (path < 0 || (query >= 0 && query < path)) {
            throw new IllegalArgumentException("the admin URL needs a path, as in jdbc:mysql://host:3306/?user=root");
        }
        String url = adminUrl.substring(0, path + 1) + database + (query < 0 ? "" : adminUrl.substring(query));
        return new ParleyTarget(JdbcChatStore.builder().url(url).build(),
                () -> execute(adminUrl, "DROP DATABASE IF EXISTS " + database), commitInterval);
    }

    private static void execute(String adminUrl, String sql) {
        try (Connection connection = DriverManager.getConnection(adminUrl);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("MariaDB at " + adminUrl + " refused: " + sql, e);
        }
    }

    private ParleyTarget(JdbcChatStore store, Runnable dropDatabase, Duration commitInterval) {
        this.dropDatabase = dropDatabase;
        this.store = store;
        webSocket = WebSocketTransport.builder().host("127.0.0.1").port(0).idleTimeout(Duration.ofMinutes(10)).build();
        tcp = TcpTransport.builder().host("127.0.0.1").port(0).idleTimeout(Duration.ofMinutes(10)).build();
        mqtt = MqttTransport.builder().host("127.0.0.1").port(0).ioThreads(1).idleTimeout(Duration.ofMinutes(10)).build();
        engine = ChatEngine.builder()
                .store(store)
                .passwordHasher(new Argon2idPasswordHasher(1024, 1, 1))
                .rateLimits(RateLimits.defaults().withSends(1_000_000, 1_000_000).withConnections(SESSIONS_PER_USER,
                        CONNECTIONS_PER_ADDRESS))
                .transport(webSocket)
                .transport(tcp)
                .transport(mqtt)
                .meterRegistry(meters)
                .commitInterval(commitInterval)
                .build().start();
    }

    /** Messages accepted and waiting for the store now, for the soak's samples. */
    public int writerQueueDepth() {
        return engine.writerQueueDepth();
    }

    @Override
    public long sessionsOpen() {
        return engine.sessionsByTransport().values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public WriterStats writerStats() {
        return WriterStats.read(meters);
    }

    @Override
    public String name() {
        return "parley";
    }

    @Override
    public String threadPrefix() {
        return "parley-";
    }

    @Override
    public List<Wire> wires() {
        return List.of(Wire.WS, Wire.TCP, Wire.MQTT);
    }

    @Override
    public int port(Wire wire) {
        return wire == Wire.WS ? webSocket.port() : wire == Wire.MQTT ? mqtt.port() : tcp.port();
    }

    @Override
    public synchronized List<Member> pairs(int count) {
        return pairs.computeIfAbsent(count, n -> {
            List<Member> members = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                UserId a = user("p" + n + "-" + i + "a");
                UserId b = user("p" + n + "-" + i + "b");
                engine.friends().request(a, b);
                engine.friends().accept(b, a);
                ConversationId direct = engine.messages().sendDirect(a, b, MessageDraft.text("hello")).message()
                        .conversationId();
                members.add(new Member(login("p" + n + "-" + i + "a"), direct.value()));
                members.add(new Member(login("p" + n + "-" + i + "b"), direct.value()));
            }
            return members;
        });
    }

    /**
     * The idle sessions: one user per {@link #SESSIONS_PER_USER} sessions, each logged in once with
     * its password (the only hashes the fixture takes), and its token shared by all of its sessions,
     * each of which logs in with it. The users have no friends, so a session opening tells no one.
     */
    @Override
    public synchronized List<Member> idle(int sessions) {
        return idle.computeIfAbsent(sessions, n -> {
            List<Member> members = new ArrayList<>();
            for (int u = 0; members.size() < n; u++) {
                String name = "i" + n + "-" + u;
                user(name);
                Member member = new Member(login(name), 0);
                for (int s = 0; s < SESSIONS_PER_USER && members.size() < n; s++) {
                    members.add(member);
                }
            }
            return members;
        });
    }

    @Override
    public synchronized List<Member> room(int count) {
        return rooms.computeIfAbsent(count, n -> {
            List<String> names = new ArrayList<>();
            List<UserId> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                names.add("r" + n + "-" + i);
                ids.add(user(names.get(i)));
            }
            long room = engine.conversations().createGroupAsAdmin(ids.get(0), "room of " + n, ids).id().value();
            List<Member> members = new ArrayList<>();
            for (String name : names) {
                members.add(new Member(login(name), room));
            }
            return members;
        });
    }

    @Override
    public synchronized List<Member> rooms(int count, int size) {
        return roomSets.computeIfAbsent(count + "x" + size, key -> {
            List<Member> members = new ArrayList<>();
            for (int r = 0; r < count; r++) {
                List<String> names = new ArrayList<>();
                List<UserId> ids = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    names.add("g" + key + "-" + r + "-" + i);
                    ids.add(user(names.get(i)));
                }
                long room = engine.conversations().createGroupAsAdmin(ids.get(0), "room " + r, ids).id().value();
                for (String name : names) {
                    members.add(new Member(login(name), room));
                }
            }
            return members;
        });
    }

    /**
     * The drain's fixture: for each of {@code users} users a sender of its own (who never connects),
     * their friendship and their direct conversation, whose first message goes through the engine
     * (which creates the conversation) and the other {@code messages - 1} straight into the store, in
     * batches through {@code MessageStore.appendAll} (one transaction each), as the engine's writer
     * stores them. The users are offline throughout, so nothing is delivered live.
     */
    @Override
    public synchronized List<Member> drain(int users, int messages) {
        return drains.computeIfAbsent(users + "x" + messages, key -> {
            List<Member> members = new ArrayList<>();
            List<NewMessage> batch = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                String name = "d" + key + "-" + i;
                UserId recipient = user(name);
                UserId sender = user(name + "s");
                engine.friends().request(sender, recipient);
                engine.friends().accept(recipient, sender);
                ConversationId direct = engine.messages().sendDirect(sender, recipient, MessageDraft.text("waiting 1"))
                        .message().conversationId();
                Instant now = Instant.now();
                for (int m = 2; m <= messages; m++) {
                    batch.add(new NewMessage(direct, sender, name + "-" + m, MessageKind.TEXT, "waiting " + m, null,
                            null, now));
                }
                if (batch.size() >= DRAIN_BATCH || i == users - 1) {
                    appendAll(batch);
                    batch.clear();
                }
                members.add(new Member(login(name), direct.value(), messages, true));
            }
            return members;
        });
    }

    private void appendAll(List<NewMessage> batch) {
        if (!batch.isEmpty()) {
            store.messages().appendAll(batch);
        }
    }

    private UserId user(String username) {
        User user = engine.users().create(username, username, PASSWORD, Set.of(Role.USER));
        return user.id();
    }

    private String login(String username) {
        String token = engine.auth().loginWithPassword(username, PASSWORD).token();
        return "{\"id\":\"login\",\"op\":\"login\",\"data\":{\"scheme\":\"token\",\"token\":\"" + token + "\"}}";
    }

    @Override
    public void close() {
        try {
            engine.close();
        } finally {
            dropDatabase.run();
        }
    }
}
