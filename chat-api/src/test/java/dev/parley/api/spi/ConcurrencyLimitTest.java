package dev.parley.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitTest {

    @Test
    @DisplayName("a key holds at most the maximum, and other keys are counted apart")
    void perKey() {
        ConcurrencyLimit limit = new ConcurrencyLimit(2);
        assertThat(limit.tryAcquire("a")).isTrue();
        assertThat(limit.tryAcquire("a")).isTrue();
        assertThat(limit.tryAcquire("a")).isFalse();
        assertThat(limit.tryAcquire("b")).isTrue();
        assertThat(limit.held("a")).isEqualTo(2);
        limit.release("a");
        assertThat(limit.tryAcquire("a")).isTrue();
        assertThatThrownBy(() -> new ConcurrencyLimit(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("threads racing to acquire and release never exceed the maximum nor lose a count")
    void racing() throws Exception {
        ConcurrencyLimit limit = new ConcurrencyLimit(3);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 20_000; i++) {
                    if (limit.tryAcquire("10.0.0.1")) {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        inside.decrementAndGet();
                        limit.release("10.0.0.1");
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(most.get()).isBetween(1, 3);
        assertThat(limit.held("10.0.0.1")).isZero();
        assertThat(limit.tryAcquire("10.0.0.1")).isTrue();
    }
}
