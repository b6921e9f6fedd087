package dev.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs both comparisons for a moment at a low rate over real connections, on the local Redis
 * ({@code PARLEY_TEST_REDIS_URL} to change it): messages flow from node A to node B of a two-node
 * cluster (the recipients are on node B alone, so every delivery crossed Redis), and over MQTT's
 * native topics; never how fast.
 */
class CompareBenchSmokeTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("the cross-node and the MQTT comparisons run both their sides; every message is delivered and timed")
    void bothComparisonsFlow() throws Exception {
        String redis = System.getenv().getOrDefault("PARLEY_TEST_REDIS_URL", "redis://127.0.0.1:6379");
        CompareBench bench = CompareBench.parse("--compare=cluster,mqtt", "--redis-url=" + redis, "--wires=tcp",
                "--pairs=3", "--rates=40", "--warmup=300ms", "--measure=1s", "--drain=10s", "--warmup-round=false",
                "--source-addresses=2", "--data-dir=" + dir.resolve("data"));

        List<Comparison> comparisons = bench.run();

        assertThat(comparisons).extracting(c -> c.name() + ": " + c.baseline() + " vs " + c.candidate())
                .containsExactly("cross-node: parley/TCP vs cluster/TCP", "mqtt: parley/TCP vs parley/MQTT");
        for (Comparison comparison : comparisons) {
            assertThat(comparison.runs()).hasSize(2);
            assertThat(comparison.baselineSustained()).as(comparison.name() + " baseline delivered all at 40/s")
                    .isEqualTo(40);
            assertThat(comparison.candidateSustained()).as(comparison.name() + " candidate delivered all at 40/s")
                    .isEqualTo(40);
            for (RunResult run : comparison.runs()) {
                String name = comparison.name() + " " + run.target() + "/" + run.wire();
                assertThat(run.sent()).as(name + " sent").isPositive();
                assertThat(run.delivered()).as(name + " delivered").isEqualTo(run.expected()).isEqualTo(run.sent());
                assertThat(run.errors()).as(name + " errors").isZero();
                assertThat(run.disconnects()).as(name + " connections cut").isZero();
                assertThat(run.p50Ms()).as(name + " p50").isPositive();
            }
        }
        assertThat(CompareBench.render(comparisons)).contains("| cross-node | cluster/TCP | 40 |",
                "| mqtt | parley/MQTT | 40 |", "| mqtt, p99 < 20 ms | parley/TCP ");
    }

    @Test
    @DisplayName("an unknown comparison, and MQTT among LoadBench's wires, are refused")
    void badOptions() {
        assertThatThrownBy(() -> CompareBench.parse("--compare=xmpp")).hasMessageContaining("unknown comparison 'xmpp'");
        assertThatThrownBy(() -> LoadOptions.parse("--wires=mqtt")).hasMessageContaining("CompareBench");
    }
}
