package dev.parley.cluster.redis;

import dev.parley.api.UserId;

/**
 * Where a cluster keeps its state in Redis, all under one prefix:
 * <ul>
 *   <li>{@code <prefix>:bus}, the one pub/sub channel of every {@link BusMessage};</li>
 *   <li>{@code <prefix>:presence:<userId>}, a sorted set of the nodes the user is online on, each
 *       scored by the time (epoch milliseconds) its entry expires unless the node's heartbeat renews it;</li>
 *   <li>{@code <prefix>:nodes}, a sorted set of the live nodes, scored the same way;</li>
 *   <li>{@code <prefix>:node:<nodeId>}, the set of user ids online on that node, rewritten by each heartbeat.</li>
 * </ul>
 */
record RedisKeys(String prefix) {

    String channel() {
        return prefix + ":bus";
    }

    String presence(UserId user) {
        return prefix + ":presence:" + user.value();
    }

    String nodes() {
        return prefix + ":nodes";
    }

    String node(String nodeId) {
        return prefix + ":node:" + nodeId;
    }
}
