package dev.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The class histogram of this very JVM names the class of objects that were made and kept. */
class HeapHistogramTest {

    /** A class nothing else in the JVM makes. */
    private static final class Kept {
        @SuppressWarnings("unused")
        private final long value;

        Kept(long value) {
            this.value = value;
        }
    }

    @Test
    void theClassOfTheObjectsKeptBetweenTwoHistogramsHasGrownMost() {
        HeapHistogram before = HeapHistogram.take();
        List<Kept> kept = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            kept.add(new Kept(i));
        }
        List<HeapHistogram.Growth> growth = before.grownBy(HeapHistogram.take(), 5);
        assertThat(kept).hasSize(200_000);
        assertThat(growth).first().satisfies(top -> {
            assertThat(top.className()).isEqualTo(Kept.class.getName());
            assertThat(top.instances()).isEqualTo(200_000);
            assertThat(top.bytes()).isGreaterThanOrEqualTo(200_000L * 16);
        });
    }

    @Test
    void readsTheCommandsRowsAndSkipsItsHeaderAndTotal() {
        HeapHistogram before = HeapHistogram.parse("""
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:            10            400  [B (java.base@17)
                   2:             5            120  java.lang.String (java.base@17)
                Total            15            520
                """);
        HeapHistogram after = HeapHistogram.parse("""
                   1:            30           1200  [B (java.base@17)
                   2:             4             96  java.lang.String (java.base@17)
                   3:             2             32  dev.parley.Example
                """);
        assertThat(before.grownBy(after, 3)).containsExactly(new HeapHistogram.Growth("[B", 20, 800),
                new HeapHistogram.Growth("dev.parley.Example", 2, 32), new HeapHistogram.Growth("java.lang.String", -1, -24));
    }
}
