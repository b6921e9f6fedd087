package dev.parley.cluster.redis;

import dev.parley.api.UserId;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which users are online on which other nodes, as this node has heard on the bus and read from the
 * registry in Redis, kept in memory so that {@code isOnline} never waits on the network (the writer
 * thread asks it for every member of every conversation it commits to). A node counts until its last
 * sign of life is older than its TTL: so the users of a node that died go offline after the TTL, and
 * so do those of every other node while this one hears nothing from Redis. Thread-safe.
 */
final class RemotePresence {

    /** Until when each node counts, in this node's milliseconds. */
    private final Map<String, Long> nodeUntil = new ConcurrentHashMap<>();
    private final Map<UserId, Set<String>> nodesOf = new ConcurrentHashMap<>();

    /** The node is alive for this much longer. */
    void alive(String node, long until) {
        nodeUntil.merge(node, until, Math::max);
    }

    void online(String node, UserId user) {
        nodesOf.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(node);
    }

    void offline(String node, UserId user) {
        nodesOf.computeIfPresent(user, (u, nodes) -> {
            nodes.remove(node);
            return nodes.isEmpty() ? null : nodes;
        });
    }

    /** Whether this node has heard of the node, alive or not yet pruned. */
    boolean knows(String node) {
        return nodeUntil.containsKey(node);
    }

    /** The node's users are exactly these now. */
    void replace(String node, Set<UserId> users) {
        for (UserId user : nodesOf.keySet()) {
            if (!users.contains(user)) {
                offline(node, user);
            }
        }
        for (UserId user : users) {
            online(node, user);
        }
    }

    /** Forgets everything, before a reload from the registry. */
    void clear() {
        nodeUntil.clear();
        nodesOf.clear();
    }

    /** The node left in order: forget it and its users. */
    void left(String node) {
        nodeUntil.remove(node);
        for (UserId user : nodesOf.keySet()) {
            offline(node, user);
        }
    }

    /** Whether the user is online on a node that is still alive at {@code now}. */
    boolean isOnline(UserId user, long now) {
        Set<String> nodes = nodesOf.get(user);
        if (nodes == null) {
            return false;
        }
        for (String node : nodes) {
            Long until = nodeUntil.get(node);
            if (until != null && until > now) {
                return true;
            }
        }
        return false;
    }

    /** Forgets the nodes dead at {@code now} and their users, so that the maps do not grow forever. */
    void prune(long now) {
        nodeUntil.forEach((node, until) -> {
            if (until <= now && nodeUntil.remove(node, until)) {
                for (UserId user : nodesOf.keySet()) {
                    offline(node, user);
                }
            }
        });
    }
}
