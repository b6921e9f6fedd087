package dev.parley.cluster.redis;

import dev.parley.api.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The one thread that writes to Redis: bus messages and the presence registry, in the order they were
 * queued, pipelined in batches. Callers only {@link #offer} into a bounded queue, so no engine thread
 * ever waits on Redis. While Redis cannot be reached, what is queued is dropped (clients on other nodes
 * catch up by syncing), and the thread tries again with a growing backoff; once Redis answers, it
 * queues a heartbeat that tells the other nodes to reload this node's users. Thread-safe.
 */
final class BusPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(BusPublisher.class);
    private static final int BATCH = 256;

    private final RedisClient redis;
    private final RedisKeys keys;
    private final BusCodec codec;
    private final String nodeId;
    private final long ttlMillis;
    private final Set<UserId> localUsers;
    private final BlockingQueue<BusMessage> queue;
    private final Backoff backoff;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean down;
    private volatile long heartbeatWritten;

    BusPublisher(RedisClient redis, RedisKeys keys, BusCodec codec, RedisCluster settings, Set<UserId> localUsers) {
        this.redis = redis;
        this.keys = keys;
        this.codec = codec;
        this.nodeId = settings.nodeId();
        this.ttlMillis = settings.presenceTtl().toMillis();
        this.localUsers = localUsers;
        this.queue = new ArrayBlockingQueue<>(settings.publishQueue());
        this.backoff = new Backoff(settings.maxBackoff());
        this.thread = new Thread(this::run, "parley-redis-publish");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues a message without blocking; drops it if the queue is full. */
    void offer(BusMessage message) {
        if (!queue.offer(message)) {
            if (dropped.getAndIncrement() % 10_000 == 0) {
                LOG.warn("the Redis publish queue is full; dropping bus messages (clients on other nodes catch up "
                        + "by syncing)");
            }
        }
    }

    /** How many messages were dropped, because the queue was full or Redis could not be reached. */
    long dropped() {
        return dropped.get();
    }

    /** When a heartbeat last reached Redis, in epoch milliseconds; 0 before the first. */
    long heartbeatWritten() {
        return heartbeatWritten;
    }

    /** Writes what is queued, then stops, waiting at most this long. */
    void close(long waitMillis) {
        running = false;
        try {
            thread.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }

    /** Stops at once, dropping what is queued, as if the process had died. */
    void abandon() {
        running = false;
        queue.clear();
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<BusMessage> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                BusMessage first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                return;
            } catch (JedisException e) {
                unreachable(batch.size(), e);
                if (!running || !backoff.pause()) {
                    return;
                }
            } catch (RuntimeException e) {
                // A message that cannot be encoded must not stop the bus.
                LOG.error("could not publish {} bus messages", batch.size(), e);
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<BusMessage> batch) {
        long now = System.currentTimeMillis();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (BusMessage message : batch) {
                write(pipeline, message, now);
            }
            pipeline.sync();
        }
        if (batch.stream().anyMatch(BusMessage.Heartbeat.class::isInstance)) {
            heartbeatWritten = now;
        }
        if (down) {
            down = false;
            backoff.reset();
            LOG.info("Redis is reachable again; node {} rejoins the cluster", nodeId);
            offer(new BusMessage.Heartbeat(nodeId, ttlMillis, true));
        }
    }

    private void write(AbstractPipeline pipeline, BusMessage message, long now) {
        if (message instanceof BusMessage.PresenceChange change) {
            String key = keys.presence(change.user());
            String user = Long.toString(change.user().value());
            if (change.online()) {
                pipeline.zadd(key, now + ttlMillis, nodeId);
                pipeline.pexpire(key, 2 * ttlMillis);
                pipeline.sadd(keys.node(nodeId), user);
            } else {
                pipeline.zrem(key, nodeId);
                pipeline.srem(keys.node(nodeId), user);
            }
        } else if (message instanceof BusMessage.Heartbeat) {
            refreshRegistry(pipeline, now);
        } else if (message instanceof BusMessage.NodeLeft) {
            pipeline.zrem(keys.nodes(), nodeId);
            pipeline.del(keys.node(nodeId));
        }
        pipeline.publish(keys.channel(), codec.encode(message));
    }

    /** Renews this node and each of its users in the registry, and rewrites its set of users. */
    private void refreshRegistry(AbstractPipeline pipeline, long now) {
        long until = now + ttlMillis;
        pipeline.zadd(keys.nodes(), until, nodeId);
        pipeline.zremrangeByScore(keys.nodes(), Double.NEGATIVE_INFINITY, now);
        String nodeKey = keys.node(nodeId);
        pipeline.del(nodeKey);
        List<String> users = new ArrayList<>();
        for (UserId user : localUsers) {
            String key = keys.presence(user);
            pipeline.zadd(key, until, nodeId);
            pipeline.pexpire(key, 2 * ttlMillis);
            users.add(Long.toString(user.value()));
        }
        if (!users.isEmpty()) {
            pipeline.sadd(nodeKey, users.toArray(String[]::new));
        }
        pipeline.pexpire(nodeKey, 2 * ttlMillis);
    }

    private void unreachable(int lost, JedisException e) {
        int queued = queue.size();
        queue.clear();
        dropped.addAndGet(lost + queued);
        if (!down) {
            down = true;
            LOG.warn("Redis cannot be reached ({}); node {} keeps serving its own sessions, and drops bus messages "
                    + "until Redis is back", e.getMessage(), nodeId);
        }
    }
}
