package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.cluster.redis.RedisCluster;
import dev.parley.core.ChatEngine;
import dev.parley.core.ChatEngineBuilder;
import dev.parley.store.jdbc.JdbcChatStore;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import redis.clients.jedis.RedisClient;

/** {@code parley server}'s cluster options, from flags and from the environment, onto the real Redis. */
class ClusterOptionsTest {

    private static ClusterOptions parse(Map<String, String> environment, String... args) {
        CommandLine commandLine = new CommandLine(new Parley());
        commandLine.setDefaultValueProvider(new ConfigDefaults(null, environment));
        String[] all = new String[args.length + 1];
        all[0] = "server";
        System.arraycopy(args, 0, all, 1, args.length);
        return ((ServerCommand) commandLine.parseArgs(all).subcommand().commandSpec().userObject()).cluster;
    }

    @Test
    @DisplayName("without --cluster the server is a single node, and the defaults are the library's")
    void noClusterByDefault() {
        ClusterOptions options = parse(Map.of());
        assertThat(options.cluster()).isNull();
        assertThat(options.prefix).isEqualTo(RedisCluster.DEFAULT_PREFIX);
        assertThat(options.presenceTtl).isEqualTo(RedisCluster.DEFAULT_PRESENCE_TTL);
    }

    @Test
    @DisplayName("PARLEY_CLUSTER puts the engine on Redis: the node shows in the cluster's registry")
    void environmentJoinsTheCluster() {
        String prefix = "parley-cli-test-" + UUID.randomUUID();
        ClusterOptions options = parse(Map.of("PARLEY_CLUSTER", "redis://127.0.0.1:6379"),
                "--cluster-prefix", prefix, "--cluster-node-id", "cli-node", "--cluster-presence-ttl", "3s");
        ChatEngineBuilder builder = ChatEngine.builder()
                .store(JdbcChatStore.builder().url("jdbc:h2:mem:cluster-" + UUID.randomUUID()).build());
        options.applyTo(builder);
        try (RedisClient redis = RedisClient.create("redis://127.0.0.1:6379")) {
            try (ChatEngine engine = builder.build().start()) {
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                        .until(() -> redis.zrange(prefix + ":nodes", 0, -1).contains("cli-node"));
            }
            // Closed in order: the node has left the registry.
            assertThat(redis.zrange(prefix + ":nodes", 0, -1)).doesNotContain("cli-node");
        }
    }

    @Test
    @DisplayName("a --cluster that is not a Redis URI is refused, naming the option and hiding a password")
    void badUri() {
        assertThatThrownBy(() -> parse(Map.of(), "--cluster", "http://:hunter2@host:6379").cluster())
                .isInstanceOf(CliException.class)
                .hasMessageContaining("--cluster")
                .hasMessageNotContaining("hunter2");
    }
}
