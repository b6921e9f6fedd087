package dev.parley.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.api.RateLimitedException;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    @Test
    @DisplayName("a key is refused once its burst is used up, and other keys are not")
    void perKey() {
        Throttle throttle = new Throttle("attempts", 2, 1, Duration.ofMinutes(1), 100);
        throttle.acquire("a");
        throttle.acquire("a");
        throttle.check("b");
        assertThatThrownBy(() -> throttle.check("a")).isInstanceOf(RateLimitedException.class)
                .hasMessageStartingWith("too many attempts; try again in ");
        throttle.acquire("b");
    }

    @Test
    @DisplayName("however many keys are invented, at most the maximum number of buckets is kept")
    void boundedKeys() {
        Throttle throttle = new Throttle("attempts", 10, 1, Duration.ofMinutes(1), 1_000);
        for (int i = 0; i < 50_000; i++) {
            throttle.acquire("account-" + i);
        }
        assertThat(throttle.keys()).isLessThanOrEqualTo(1_000);
    }

    @Test
    @DisplayName("checking a key that has never failed keeps no bucket for it")
    void checkKeepsNothing() {
        Throttle throttle = new Throttle("attempts", 10, 1, Duration.ofMinutes(1), 1_000);
        for (int i = 0; i < 5_000; i++) {
            throttle.check("account-" + i);
        }
        assertThat(throttle.keys()).isZero();
    }
}
