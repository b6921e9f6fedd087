package dev.parley.cluster.redis;

import dev.parley.api.UserId;
import dev.parley.api.event.ChatEvent;
import dev.parley.core.ChatSession;
import dev.parley.core.SessionRegistry;
import dev.parley.core.fanout.FanOut;
import dev.parley.core.fanout.LocalFanOut;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * A fan-out that joins several engines on one store into a cluster over Redis. Each event reaches this
 * node's sessions at once, as {@link LocalFanOut} would, and is then published on the bus for the
 * other nodes, which hand it to their own sessions (the session skipped by
 * {@link #deliver(Collection, ChatEvent, ChatSession)} is one of the origin's, so the others skip none).
 * Revocations cross the same way. A presence registry in Redis, renewed by each node's heartbeat every
 * third of the {@linkplain RedisCluster#withPresenceTtl TTL}, says which users are online where;
 * {@link #isOnline} answers from this node's memory of it, so push skips users online on another node
 * without asking Redis.
 *
 * <p>Nothing the engine calls waits on Redis: outgoing messages go to a bounded queue written by one
 * thread. When Redis is unreachable the node keeps serving its own sessions, drops what it would have
 * published, and tries again with a growing backoff; clients of other nodes catch up on what they
 * missed by syncing, as after any gap. Create it through {@link RedisCluster#fanOut()}. Thread-safe.
 */
public final class RedisFanOut implements FanOut {

    private static final Logger LOG = LoggerFactory.getLogger(RedisFanOut.class);

    private final RedisCluster settings;
    private final String nodeId;
    private final LocalFanOut local;
    private final RemotePresence remote = new RemotePresence();
    private final Set<UserId> localUsers = ConcurrentHashMap.newKeySet();
    private final RedisClient redis;
    private final BusPublisher publisher;
    private final BusSubscriber subscriber;
    private final ScheduledExecutorService heartbeat;

    RedisFanOut(SessionRegistry sessions, RedisCluster settings) {
        this.settings = settings;
        this.nodeId = settings.nodeId();
        this.local = new LocalFanOut(sessions);
        URI uri = settings.uri();
        JedisClientConfig config = clientConfig(uri, nodeId);
        RedisKeys keys = new RedisKeys(settings.prefix());
        BusCodec codec = new BusCodec();
        this.redis = RedisClient.builder().hostAndPort(JedisURIHelper.getHostAndPort(uri)).clientConfig(config).build();
        this.publisher = new BusPublisher(redis, keys, codec, settings, localUsers);
        this.subscriber = new BusSubscriber(uri, config, redis, keys, codec, settings, local, remote);
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "parley-redis-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
    }

    private static JedisClientConfig clientConfig(URI uri, String nodeId) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(2_000)
                .socketTimeoutMillis(2_000)
                .clientName("parley-" + nodeId)
                // RESP2 on every connection: the subscriber's plain Jedis connection speaks no other, and
                // nothing here needs RESP3.
                .protocol(RedisProtocol.RESP2)
                .ssl(JedisURIHelper.isRedisSSLScheme(uri))
                .user(JedisURIHelper.getUser(uri))
                .password(JedisURIHelper.getPassword(uri));
        if (JedisURIHelper.hasDbIndex(uri)) {
            config.database(JedisURIHelper.getDBIndex(uri));
        }
        return config.build();
    }

    @Override
    public String id() {
        return "redis";
    }

    /** Starts the threads; does not wait for Redis, which may come later. */
    @Override
    public void start() {
        publisher.start();
        subscriber.start();
        publisher.offer(new BusMessage.Heartbeat(nodeId, ttlMillis(), true));
        long period = Math.max(1, ttlMillis() / 3);
        heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
        LOG.info("node {} joins the cluster at {}", nodeId, settings);
    }

    private void beat() {
        long now = System.currentTimeMillis();
        publisher.offer(new BusMessage.Heartbeat(nodeId, ttlMillis(), false));
        remote.prune(now);
        // Heartbeats that reached Redis a TTL after the last one this node heard: its subscription is
        // open but deaf. While Redis is out of reach nothing is written, and nothing is concluded.
        if (publisher.heartbeatWritten() - subscriber.ownHeartbeatSeen() > ttlMillis()) {
            subscriber.reconnect();
        }
    }

    private long ttlMillis() {
        return settings.presenceTtl().toMillis();
    }

    @Override
    public void deliver(Collection<UserId> recipients, ChatEvent event) {
        local.deliver(recipients, event);
        publisher.offer(new BusMessage.Delivery(nodeId, List.copyOf(recipients), event));
    }

    @Override
    public void deliver(Collection<UserId> recipients, ChatEvent event, ChatSession except) {
        local.deliver(recipients, event, except);
        publisher.offer(new BusMessage.Delivery(nodeId, List.copyOf(recipients), event));
    }

    @Override
    public boolean isOnline(UserId user) {
        return local.isOnline(user) || remote.isOnline(user, System.currentTimeMillis());
    }

    @Override
    public boolean localPresenceChanged(UserId user, boolean online) {
        if (online) {
            localUsers.add(user);
        } else {
            localUsers.remove(user);
        }
        publisher.offer(new BusMessage.PresenceChange(nodeId, user, online));
        return !remote.isOnline(user, System.currentTimeMillis());
    }

    @Override
    public void closeAll(UserId user, String reason) {
        local.closeAll(user, reason);
        publisher.offer(new BusMessage.CloseUser(nodeId, user, reason));
    }

    @Override
    public void closeWithToken(String tokenHash, String reason) {
        local.closeWithToken(tokenHash, reason);
        publisher.offer(new BusMessage.CloseToken(nodeId, tokenHash, reason));
    }

    /** How many bus messages this node dropped because Redis was unreachable or its queue was full. */
    public long droppedMessages() {
        return publisher.dropped();
    }

    /** This node's id on the bus. */
    public String nodeId() {
        return nodeId;
    }

    /**
     * Stops as a process killed with SIGKILL would, for tests: no goodbye, no registry clean-up, so the
     * other nodes see its users go offline only once its presence TTL has passed. The local sessions
     * are left as they are.
     */
    void crash() {
        heartbeat.shutdownNow();
        publisher.abandon();
        subscriber.close();
        redis.close();
    }

    /**
     * Leaves the cluster in order: the engine has closed its sessions, so the registry is told, the
     * other nodes hear that this one left, and then the connections close.
     */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        publisher.offer(new BusMessage.NodeLeft(nodeId));
        publisher.close(2_000);
        subscriber.close();
        redis.close();
        LOG.info("node {} left the cluster", nodeId);
    }
}
