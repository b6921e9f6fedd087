package dev.parley.cli;

import dev.parley.cluster.redis.RedisCluster;
import dev.parley.core.ChatEngineBuilder;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code parley server}'s cluster options: without {@code --cluster} the server is a single node.
 * Each option is also a {@code PARLEY_*} variable and a config-file key (see {@link ConfigDefaults});
 * the defaults are {@link RedisCluster}'s, which {@code ClusterOptionsTest} checks.
 */
final class ClusterOptions {

    @Option(names = "--cluster", paramLabel = "URI",
            description = {"Join the other nodes on this --db through this Redis (default: none, a single node):",
                    "redis://[:password@]host:port[/db]",
                    "or rediss:// for TLS; a password belongs in PARLEY_CLUSTER, not the config file."})
    String uri;

    @Option(names = "--cluster-node-id", paramLabel = "ID",
            description = "This node's name on the bus, unique in the cluster (default: random).")
    String nodeId;

    @Option(names = "--cluster-prefix", defaultValue = RedisCluster.DEFAULT_PREFIX, paramLabel = "PREFIX",
            description = "Prefix of the Redis channel and keys; nodes with the same prefix form one cluster "
                    + "(default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--cluster-presence-ttl", defaultValue = "30s", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long the users of a node that stopped answering stay online for the others "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration presenceTtl;

    /** The cluster these options name, or null without {@code --cluster}. */
    RedisCluster cluster() {
        if (uri == null || uri.isBlank()) {
            return null;
        }
        try {
            RedisCluster cluster = RedisCluster.at(uri).withPrefix(prefix).withPresenceTtl(presenceTtl);
            return nodeId == null ? cluster : cluster.withNodeId(nodeId);
        } catch (IllegalArgumentException e) {
            throw new CliException("--cluster: " + e.getMessage().replace(uri, redacted(uri)));
        }
    }

    /** Puts the engine on the cluster, if there is one. */
    void applyTo(ChatEngineBuilder builder) {
        RedisCluster cluster = cluster();
        if (cluster != null) {
            builder.fanOut(cluster.fanOut());
        }
    }

    /** The URI without its password, for messages. */
    private static String redacted(String uri) {
        return uri.replaceAll("//([^@/]*)@", "//***@");
    }
}
