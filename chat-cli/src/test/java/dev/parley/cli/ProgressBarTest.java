package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The progress bar, on a clock the test moves by hand. */
class ProgressBarTest {

    private final StringWriter err = new StringWriter();
    private final AtomicLong clock = new AtomicLong();

    private ProgressBar bar(boolean terminal) {
        return new ProgressBar(new PrintWriter(err), "Exporting", terminal, clock::get);
    }

    @Test
    @DisplayName("a short run draws nothing")
    void shortRun() {
        try (ProgressBar bar = bar(true)) {
            for (int i = 1; i <= 1000; i++) {
                bar.update(i, 1000);
            }
        }
        assertThat(err.toString()).isEmpty();
    }

    @Test
    @DisplayName("a long run redraws one line in place at most ten times a second, and ends it when done")
    void longRun() {
        try (ProgressBar bar = bar(true)) {
            bar.update(1, 200);
            clock.set(ProgressBar.DELAY_NANOS);
            bar.update(50, 200);
            bar.update(51, 200);
            clock.addAndGet(100_000_000L);
            bar.update(100, 200);
            bar.update(200, 200);
        }
        String drawn = err.toString();
        assertThat(drawn).doesNotContain("51/200");
        assertThat(drawn.split("\r", -1)).hasSize(4);
        assertThat(drawn).startsWith("\rExporting [#######-----------------------] 25% 50/200 rows")
                .contains("\rExporting [###############---------------] 50% 100/200 rows")
                .endsWith("\rExporting [##############################] 100% 200/200 rows" + System.lineSeparator());
    }

    @Test
    @DisplayName("outside a terminal nothing is drawn, however long it takes")
    void notATerminal() {
        try (ProgressBar bar = bar(false)) {
            clock.set(10 * ProgressBar.DELAY_NANOS);
            bar.update(5, 10);
        }
        assertThat(err.toString()).isEmpty();
    }
}
