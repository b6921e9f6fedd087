package dev.parley.cluster.redis;

import dev.parley.core.fanout.FanOutFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The settings of a Redis cluster bus, and the {@link FanOutFactory} that puts an engine on it:
 *
 * <pre>{@code
 * ChatEngine engine = ChatEngine.builder()
 *         .store(sharedStore)
 *         .fanOut(RedisCluster.at("redis://redis.internal:6379").fanOut())
 *         .build().start();
 * }</pre>
 *
 * <p>Every node of one cluster uses the same Redis and the same {@linkplain #withPrefix prefix}, and
 * the same store. Immutable and thread-safe; each {@code with...} returns a copy.
 */
public final class RedisCluster {

    /** How long a node's presence entries live without a heartbeat, by default. */
    public static final Duration DEFAULT_PRESENCE_TTL = Duration.ofSeconds(30);
    /** How many outgoing bus messages wait for Redis before new ones are dropped, by default. */
    public static final int DEFAULT_PUBLISH_QUEUE = 10_000;
    /** The longest wait between two attempts to reach Redis again, by default. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
    /** The prefix of the channel and the keys, by default. */
    public static final String DEFAULT_PREFIX = "parley";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final URI uri;
    private final String prefix;
    private final String nodeId;
    private final Duration presenceTtl;
    private final int publishQueue;
    private final Duration maxBackoff;

    private RedisCluster(URI uri, String prefix, String nodeId, Duration presenceTtl, int publishQueue,
                         Duration maxBackoff) {
        this.uri = uri;
        this.prefix = prefix;
        this.nodeId = nodeId;
        this.presenceTtl = presenceTtl;
        this.publishQueue = publishQueue;
        this.maxBackoff = maxBackoff;
    }

    /**
     * A cluster on the Redis at this URI, {@code redis://[[user]:password@]host[:port][/database]}
     * ({@code rediss://} for TLS), with the default settings and a random node id.
     *
     * @throws IllegalArgumentException if the URI is not a Redis URI
     */
    public static RedisCluster at(String uri) {
        Objects.requireNonNull(uri, "uri");
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a Redis URI: " + uri, e);
        }
        if (!JedisURIHelper.isValid(parsed) || !(JedisURIHelper.isRedisScheme(parsed)
                || JedisURIHelper.isRedisSSLScheme(parsed))) {
            throw new IllegalArgumentException("not a Redis URI (redis://host:port or rediss://host:port): " + uri);
        }
        return new RedisCluster(parsed, DEFAULT_PREFIX, UUID.randomUUID().toString().substring(0, 8),
                DEFAULT_PRESENCE_TTL, DEFAULT_PUBLISH_QUEUE, DEFAULT_MAX_BACKOFF);
    }

    /**
     * Names the channel and the keys {@code <prefix>:bus}, {@code <prefix>:presence:<userId>}: nodes
     * with the same prefix form one cluster. {@value #DEFAULT_PREFIX} by default.
     */
    public RedisCluster withPrefix(String prefix) {
        return new RedisCluster(uri, checkName("prefix", prefix), nodeId, presenceTtl, publishQueue, maxBackoff);
    }

    /** Names this node on the bus and in the presence registry; unique per node, random by default. */
    public RedisCluster withNodeId(String nodeId) {
        return new RedisCluster(uri, prefix, checkName("node id", nodeId), presenceTtl, publishQueue, maxBackoff);
    }

    /**
     * How long this node's users stay online for the other nodes once it stops sending heartbeats,
     * which it sends every third of this: the time after which the users of a node that died go
     * offline. At least one second; {@link #DEFAULT_PRESENCE_TTL} by default.
     */
    public RedisCluster withPresenceTtl(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the presence TTL must be at least one second: " + ttl);
        }
        return new RedisCluster(uri, prefix, nodeId, ttl, publishQueue, maxBackoff);
    }

    /**
     * How many outgoing bus messages may wait for Redis; beyond that new ones are dropped (other nodes'
     * clients catch up by syncing). {@value #DEFAULT_PUBLISH_QUEUE} by default.
     */
    public RedisCluster withPublishQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the publish queue holds at least one message: " + capacity);
        }
        return new RedisCluster(uri, prefix, nodeId, presenceTtl, capacity, maxBackoff);
    }

    /** The longest wait between attempts to reach Redis again; {@link #DEFAULT_MAX_BACKOFF} by default. */
    public RedisCluster withMaxBackoff(Duration max) {
        Objects.requireNonNull(max, "max");
        if (max.isNegative() || max.isZero()) {
            throw new IllegalArgumentException("the backoff must be positive: " + max);
        }
        return new RedisCluster(uri, prefix, nodeId, presenceTtl, publishQueue, max);
    }

    /** The factory to give {@link dev.parley.core.ChatEngineBuilder#fanOut}. */
    public FanOutFactory fanOut() {
        return sessions -> new RedisFanOut(sessions, this);
    }

    URI uri() {
        return uri;
    }

    String prefix() {
        return prefix;
    }

    /** This node's id. */
    public String nodeId() {
        return nodeId;
    }

    Duration presenceTtl() {
        return presenceTtl;
    }

    int publishQueue() {
        return publishQueue;
    }

    Duration maxBackoff() {
        return maxBackoff;
    }

    private static String checkName(String what, String value) {
        Objects.requireNonNull(value, what);
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("a " + what + " is 1 to 64 characters of [A-Za-z0-9._:-]: " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        // Never the password of the URI.
        return "RedisCluster[" + uri.getHost() + ":" + uri.getPort() + ", prefix " + prefix + ", node " + nodeId + "]";
    }
}
