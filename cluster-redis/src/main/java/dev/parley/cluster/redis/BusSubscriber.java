package dev.parley.cluster.redis;

import dev.parley.api.UserId;
import dev.parley.core.fanout.FanOut;
import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.Tuple;

/**
 * The thread that listens on the bus with a connection of its own, and hands other nodes' messages to
 * this node's sessions and to its {@link RemotePresence}. Each time it subscribes (at start, and again
 * after the connection broke) it first reloads the whole registry from Redis, since it may have missed
 * presence changes while it was away. A message this node sent itself is ignored, except that its own
 * heartbeats coming back prove the subscription alive. Thread-safe.
 */
final class BusSubscriber {

    private static final Logger LOG = LoggerFactory.getLogger(BusSubscriber.class);

    private final HostAndPort address;
    private final JedisClientConfig config;
    private final RedisClient redis;
    private final RedisKeys keys;
    private final BusCodec codec;
    private final String nodeId;
    private final long ttlMillis;
    private final FanOut local;
    private final RemotePresence remote;
    private final Backoff backoff;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Jedis connection;
    private volatile long ownHeartbeatSeen = System.currentTimeMillis();

    BusSubscriber(URI uri, JedisClientConfig config, RedisClient redis, RedisKeys keys, BusCodec codec,
                  RedisCluster settings, FanOut local, RemotePresence remote) {
        this.address = new HostAndPort(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort());
        this.config = config;
        this.redis = redis;
        this.keys = keys;
        this.codec = codec;
        this.nodeId = settings.nodeId();
        this.ttlMillis = settings.presenceTtl().toMillis();
        this.local = local;
        this.remote = remote;
        this.backoff = new Backoff(settings.maxBackoff());
        this.thread = new Thread(this::run, "parley-redis-subscribe");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** When this node last heard its own heartbeat on the bus, in epoch milliseconds. */
    long ownHeartbeatSeen() {
        return ownHeartbeatSeen;
    }

    /** Drops the connection, so that the thread subscribes again: for a subscription that went silent. */
    void reconnect() {
        Jedis current = connection;
        if (current != null) {
            LOG.warn("node {} has not heard its own heartbeat on the bus; subscribing again", nodeId);
            current.close();
        }
    }

    void close() {
        running = false;
        Jedis current = connection;
        if (current != null) {
            current.close();
        }
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        boolean failing = false;
        while (running) {
            try (Jedis jedis = new Jedis(address, config)) {
                connection = jedis;
                if (!running) {
                    return;
                }
                jedis.subscribe(new Listener(), keys.channel());
            } catch (JedisException | IllegalStateException e) {
                if (!running) {
                    return;
                }
                if (!failing) {
                    failing = true;
                    LOG.warn("node {} lost its subscription to the Redis bus ({}); other nodes' events reach its "
                            + "clients when they sync, until it subscribes again", nodeId, e.getMessage());
                }
                if (!backoff.pause()) {
                    return;
                }
                continue;
            } finally {
                connection = null;
            }
            failing = false;
        }
    }

    private final class Listener extends JedisPubSub {

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            backoff.reset();
            ownHeartbeatSeen = System.currentTimeMillis();
            try {
                reloadAll();
            } catch (JedisException first) {
                // After an outage the pool may still hold a dead connection, which the failure discarded.
                try {
                    reloadAll();
                } catch (JedisException e) {
                    // The other nodes' heartbeats fill it in, each within a third of its TTL.
                    LOG.warn("node {} could not read the presence registry", nodeId, e);
                }
            }
            LOG.info("node {} is on the Redis bus {}", nodeId, channel);
        }

        @Override
        public void onMessage(String channel, String text) {
            try {
                handle(codec.decode(text));
            } catch (RuntimeException e) {
                // One bad message must not end the subscription.
                LOG.warn("node {} could not handle a bus message", nodeId, e);
            }
        }
    }

    private void handle(BusMessage message) {
        long now = System.currentTimeMillis();
        if (message.origin().equals(nodeId)) {
            if (message instanceof BusMessage.Heartbeat) {
                ownHeartbeatSeen = now;
            }
            return;
        }
        String origin = message.origin();
        if (message instanceof BusMessage.Heartbeat beat) {
            boolean known = remote.knows(origin);
            remote.alive(origin, now + beat.ttlMillis());
            if (beat.reload() || !known) {
                remote.replace(origin, usersOn(origin));
            }
            return;
        }
        remote.alive(origin, now + ttlMillis);
        if (message instanceof BusMessage.Delivery delivery) {
            local.deliver(delivery.recipients(), delivery.event());
        } else if (message instanceof BusMessage.PresenceChange change) {
            if (change.online()) {
                remote.online(origin, change.user());
            } else {
                remote.offline(origin, change.user());
            }
        } else if (message instanceof BusMessage.CloseUser close) {
            local.closeAll(close.user(), close.reason());
        } else if (message instanceof BusMessage.CloseToken close) {
            local.closeWithToken(close.tokenHash(), close.reason());
        } else if (message instanceof BusMessage.NodeLeft) {
            remote.left(origin);
        }
    }

    /** Replaces everything this node knew of the others with the registry's live nodes and their users. */
    private void reloadAll() {
        long now = System.currentTimeMillis();
        Map<String, Long> until = new HashMap<>();
        Map<String, Set<UserId>> users = new HashMap<>();
        for (Tuple node : redis.zrangeByScoreWithScores(keys.nodes(), now, Double.POSITIVE_INFINITY)) {
            String id = node.getElement();
            if (!id.equals(nodeId)) {
                until.put(id, (long) node.getScore());
                users.put(id, usersOn(id));
            }
        }
        // Only once everything was read: a failed read leaves what this node knew.
        remote.clear();
        until.forEach(remote::alive);
        users.forEach(remote::replace);
    }

    private Set<UserId> usersOn(String node) {
        Set<UserId> users = new HashSet<>();
        for (String id : redis.smembers(keys.node(node))) {
            users.add(UserId.of(Long.parseLong(id)));
        }
        return users;
    }
}
