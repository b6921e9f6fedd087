package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./parley bench}: the launcher script runs the load generator of chat-bench, options passed through. */
class ParleyBenchScriptIT {

    @Test
    @DisplayName("./parley bench runs a short 1:1 workload against Parley and bare Netty and prints the table, the JSON and the latency plot")
    void benchThroughTheScript(@TempDir Path dir) throws Exception {
        Path script = Path.of("..", "parley").toAbsolutePath().normalize();
        Path json = dir.resolve("results.json");
        Process bench = new ProcessBuilder("sh", script.toString(), "bench", "--workloads=pairs", "--wires=tcp",
                "--pairs=2", "--rates=20", "--warmup=200ms", "--measure=1s", "--drain=5s", "--warmup-round=false",
                "--source-addresses=1", "--json=" + json, "--data-dir=" + dir.resolve("data"))
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        String out = new String(bench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bench.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(bench.exitValue()).as(out).isZero();

        assertThat(out).contains("| pairs | TCP | 4 | 20 |", "netty");
        JsonNode results = JsonLines.JSON.readTree(json.toFile());
        assertThat(results.path("runs")).extracting(r -> r.path("target").asText() + "/" + r.path("wire").asText())
                .containsExactlyInAnyOrder("parley/TCP", "netty/TCP");
        for (JsonNode run : results.path("runs")) {
            assertThat(run.path("sent").asLong()).isPositive();
            assertThat(run.path("delivered").asLong()).isEqualTo(run.path("expected").asLong());
        }
        Path plot = dir.resolve("latency.png");
        assertThat(out).contains("Plot: " + plot.toAbsolutePath());
        BufferedImage image = ImageIO.read(plot.toFile());
        assertThat(image).as("a PNG that decodes").isNotNull();
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isEqualTo(600);
    }
}
