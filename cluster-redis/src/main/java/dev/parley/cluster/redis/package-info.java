/**
 * Several Parley nodes on one store, joined by Redis: {@link dev.parley.cluster.redis.RedisFanOut}
 * carries events and revocations between nodes over one pub/sub channel and keeps a global presence
 * registry, so that push skips users online on another node. Configure it with
 * {@link dev.parley.cluster.redis.RedisCluster}.
 */
package dev.parley.cluster.redis;
