package dev.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {

    @Test
    @DisplayName("the writer commit interval defaults to the server's 2 ms, takes 0 ms to 1 s, and refuses more")
    void writerCommitInterval() {
        assertThat(LoadOptions.parse().writerCommitInterval()).isEqualTo(Duration.ofMillis(2));
        assertThat(LoadOptions.parse("--writer-commit-interval=10ms").writerCommitInterval())
                .isEqualTo(Duration.ofMillis(10));
        assertThat(LoadOptions.parse("--writer-commit-interval=0ms").writerCommitInterval()).isZero();
        assertThatThrownBy(() -> LoadOptions.parse("--writer-commit-interval=2s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("writer-commit-interval must be 0ms (no pacing) up to 1s");
    }
}
