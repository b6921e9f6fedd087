package dev.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A few seconds of the soak: runs take turns, samples are taken, the JSON and the plot are written; never how fast. */
class SoakBenchSmokeTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("a short soak runs pairs and a room over both wires, samples every half second, and writes JSON and a PNG")
    void shortSoak() throws Exception {
        SoakOptions options = SoakOptions.parse("--duration=6s", "--sample-every=500ms", "--run-length=1s", "--pairs=3",
                "--pair-rate=30", "--room-members=4", "--room-rate=10", "--source-addresses=2",
                "--json=" + dir.resolve("soak.json"), "--data-dir=" + dir.resolve("data"));

        SoakBench.Result result = new SoakBench(options).run();
        SoakBench.write(result, options.json());

        assertThat(result.runs()).isGreaterThanOrEqualTo(2);
        assertThat(result.sent()).isPositive();
        assertThat(result.delivered()).isPositive();
        assertThat(result.errors()).isZero();
        assertThat(result.disconnects()).isZero();
        assertThat(result.samples()).hasSizeGreaterThanOrEqualTo(6);
        for (SoakSample sample : result.samples()) {
            assertThat(sample.heapMb()).isPositive();
            assertThat(sample.threads()).isPositive();
            assertThat(sample.openFiles()).isPositive();
            assertThat(sample.writerQueue()).isNotNegative();
        }
        assertThat(result.samples().get(result.samples().size() - 1).delivered()).isEqualTo(result.delivered());
        assertThat(result.settled()).containsKeys("afterFirstRunHeapMb", "atEndHeapMb", "afterFirstRunThreads",
                "atEndOpenFiles", "atEndWriterQueue");
        JsonNode json = new ObjectMapper().readTree(options.json().toFile());
        assertThat(json.path("samples")).hasSize(result.samples().size());
        BufferedImage plot = ImageIO.read(dir.resolve("soak.png").toFile());
        assertThat(plot.getWidth()).isEqualTo(1000);
        assertThat(plot.getHeight()).isEqualTo(800);
    }

    @Test
    @DisplayName("a duration in minutes is read, and a bad option is named")
    void options() {
        assertThat(SoakOptions.parse("--duration=10m").duration()).hasMinutes(10);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SoakOptions.parse("--duratoin=1m"))
                .hasMessageContaining("unknown option '--duratoin=1m'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SoakOptions.parse("--pairs=0"))
                .hasMessageContaining("must be positive");
    }
}
