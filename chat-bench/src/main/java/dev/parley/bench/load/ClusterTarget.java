package dev.parley.bench.load;

import dev.parley.api.ConversationId;
import dev.parley.api.MessageDraft;
import dev.parley.api.Role;
import dev.parley.api.UserId;
import dev.parley.cluster.redis.RedisCluster;
import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.ChatEngine;
import dev.parley.core.RateLimits;
import dev.parley.store.jdbc.JdbcChatStore;
import dev.parley.transport.tcp.TcpTransport;
import dev.parley.transport.websocket.WebSocketTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Two Parley nodes in this JVM, a cluster as {@code parley server --cluster} makes one: two engines,
 * each with its own store-jdbc pool on one database and its own WebSocket and TCP listeners, joined by
 * {@link RedisCluster} on one Redis (with a channel prefix of their own, so that a bench never hears
 * another). In the 1:1 workload the sender of each pair is on node A and its recipient on node B, so
 * every message crosses Redis: A commits it and acks it, and B hands it to the recipient once it comes
 * off the bus. Rooms are not offered.
 *
 * <p>Both nodes share this JVM's cores with each other and with the load client, so this measures what
 * crossing nodes costs a message, not what a second machine adds.
 */
public final class ClusterTarget implements LoadTarget {

    private static final String PASSWORD = "bench password";

    private final List<ChatEngine> engines = new ArrayList<>();
    private final List<WebSocketTransport> webSockets = new ArrayList<>();
    private final List<TcpTransport> tcps = new ArrayList<>();
    private final Map<Integer, List<Member>> pairs = new HashMap<>();
    private final Runnable dropDatabase;

    /**
     * Starts two nodes on the stores that {@code stores} makes (called once per node, on one database)
     * and the Redis at {@code redisUri}.
     *
     * @param dropDatabase run once both nodes are closed
     */
    public ClusterTarget(Supplier<JdbcChatStore> stores, String redisUri, Runnable dropDatabase) {
        this.dropDatabase = dropDatabase;
        RedisCluster cluster = RedisCluster.at(redisUri).withPrefix("parley-bench-" + UUID.randomUUID());
        try {
            for (String node : List.of("bench-a", "bench-b")) {
                WebSocketTransport webSocket = WebSocketTransport.builder().host("127.0.0.1").port(0)
                        .idleTimeout(Duration.ofMinutes(10)).build();
                TcpTransport tcp = TcpTransport.builder().host("127.0.0.1").port(0)
                        .idleTimeout(Duration.ofMinutes(10)).build();
                engines.add(ChatEngine.builder()
                        .store(stores.get())
                        .passwordHasher(new Argon2idPasswordHasher(1024, 1, 1))
                        .rateLimits(RateLimits.defaults().withSends(1_000_000, 1_000_000)
                                .withConnections(1_000, 100_000))
                        .fanOut(cluster.withNodeId(node).fanOut())
                        .transport(webSocket)
                        .transport(tcp)
                        .build().start());
                webSockets.add(webSocket);
                tcps.add(tcp);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public String threadPrefix() {
        return "parley-";
    }

    @Override
    public List<Wire> wires() {
        return List.of(Wire.WS, Wire.TCP);
    }

    /** Node A's port. */
    @Override
    public int port(Wire wire) {
        return port(wire, 0);
    }

    /** Even members (the senders of pairs) on node A, odd ones (their recipients) on node B. */
    @Override
    public int port(Wire wire, int member) {
        int node = member % 2;
        return wire == Wire.WS ? webSockets.get(node).port() : tcps.get(node).port();
    }

    @Override
    public synchronized List<Member> pairs(int count) {
        ChatEngine engine = engines.get(0);
        return pairs.computeIfAbsent(count, n -> {
            List<Member> members = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String a = "c" + n + "-" + i + "a";
                String b = "c" + n + "-" + i + "b";
                UserId aId = engine.users().create(a, a, PASSWORD, Set.of(Role.USER)).id();
                UserId bId = engine.users().create(b, b, PASSWORD, Set.of(Role.USER)).id();
                engine.friends().request(aId, bId);
                engine.friends().accept(bId, aId);
                ConversationId direct = engine.messages().sendDirect(aId, bId, MessageDraft.text("hello")).message()
                        .conversationId();
                members.add(new Member(login(engine, a), direct.value()));
                members.add(new Member(login(engine, b), direct.value()));
            }
            return members;
        });
    }

    /** Not offered: the cross-node comparison is 1:1. */
    @Override
    public List<Member> room(int members) {
        throw new UnsupportedOperationException("the cluster target runs the pairs workload only");
    }

    private static String login(ChatEngine engine, String username) {
        String token = engine.auth().loginWithPassword(username, PASSWORD).token();
        return "{\"id\":\"login\",\"op\":\"login\",\"data\":{\"scheme\":\"token\",\"token\":\"" + token + "\"}}";
    }

    @Override
    public void close() {
        try {
            engines.forEach(ChatEngine::close);
        } finally {
            dropDatabase.run();
        }
    }
}
