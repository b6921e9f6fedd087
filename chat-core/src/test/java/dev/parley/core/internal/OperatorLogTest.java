package dev.parley.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.ConversationId;
import dev.parley.api.NewMessage;
import dev.parley.api.UserId;
import dev.parley.core.MonitoringSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The operator's log lines: rate-limited close lines, and the writer's queue warning. */
class OperatorLogTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final RecordingLogger log = new RecordingLogger();

    @Test
    @DisplayName("close lines stop at the limit per minute, and the next minute's first line says how many were left out")
    void closeLinesAreRateLimited() {
        ConnectionLog connections = new ConnectionLog(MonitoringSettings.defaults().withCloseLogsPerMinute(2), now::get, log);
        for (int i = 0; i < 5; i++) {
            connections.closedByServer("idle_timeout", "tcp", "127.0.0.1:" + (5000 + i));
        }
        assertThat(log.lines).containsExactly(
                "INFO closed connection: reason=idle_timeout transport=tcp remote=127.0.0.1:5000",
                "INFO closed connection: reason=idle_timeout transport=tcp remote=127.0.0.1:5001");
        now.addAndGet(60_000);
        connections.closedByServer("slow_consumer", "websocket", "127.0.0.1:6000");
        assertThat(log.lines).last().isEqualTo("INFO closed connection: reason=slow_consumer transport=websocket "
                + "remote=127.0.0.1:6000 (3 more close lines were left out)");
    }

    @Test
    @DisplayName("a close-log rate of 0 writes no close lines")
    void zeroTurnsThemOff() {
        ConnectionLog connections = new ConnectionLog(MonitoringSettings.defaults().withCloseLogsPerMinute(0), now::get, log);
        connections.closedByServer("abusive", "tcp", "127.0.0.1:1");
        assertThat(log.lines).isEmpty();
    }

    @Test
    @DisplayName("a queue past the threshold is alarming, one under it is not")
    void queueThreshold() {
        ConnectionLog connections = new ConnectionLog(MonitoringSettings.defaults().withSessionQueueWarnPercent(50), now::get, log);
        assertThat(connections.queueAlarming(0.49)).isFalse();
        assertThat(connections.queueAlarming(0.5)).isTrue();
        connections.queueFilling(0.5, "websocket", "127.0.0.1:7000");
        assertThat(log.lines).containsExactly("WARN outbound queue 50% full: transport=websocket remote=127.0.0.1:7000");
    }

    @Test
    @DisplayName("the writer warns once when its queue crosses the threshold, and its gauge shows the depth")
    void writerQueueWarning() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EngineMetrics metrics = new EngineMetrics(registry, Clock.systemUTC());
        // Not started: nothing drains the queue, so its depth is exactly what was submitted.
        MessageWriter writer = new MessageWriter(null, 10, 5, java.time.Duration.ZERO, batch -> { }, metrics, 50, log);
        for (int i = 1; i <= 4; i++) {
            writer.submit(message(i), null);
        }
        assertThat(log.lines).isEmpty();
        writer.submit(message(5), null);
        writer.submit(message(6), null);
        assertThat(log.lines).containsExactly(
                "WARN the writer queue holds 5 of 10 messages: the store falls behind the senders");
        assertThat(registry.get("parley.writer.queue.depth").gauge().value()).isEqualTo(6);
        assertThat(writer.queueDepth()).isEqualTo(6);
    }

    private static NewMessage message(int i) {
        return new NewMessage(ConversationId.of(1), UserId.of(1), "c-" + i, dev.parley.api.MessageKind.TEXT, "text " + i,
                null, null, Instant.EPOCH);
    }

    @Test
    @DisplayName("at most the limit per minute is let through, and the gap is counted")
    void limiter() {
        LogLimiter limiter = new LogLimiter(3, now::get);
        assertThat(new long[] {limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire(),
                limiter.tryAcquire()}).containsExactly(0, 0, 0, -1, -1);
        now.addAndGet(60_000);
        assertThat(limiter.tryAcquire()).isEqualTo(2);
        assertThat(limiter.tryAcquire()).isZero();
    }

    @Test
    @DisplayName("the rate over the last minute counts whole seconds only, and forgets what is a minute old")
    void recentRate() {
        AtomicLong second = new AtomicLong(100);
        RecentRate rate = new RecentRate(second::get);
        rate.add(5);
        rate.add(1);
        assertThat(rate.lastMinute()).as("the current second has not ended").isZero();
        second.set(101);
        rate.add(6);
        assertThat(rate.lastMinute()).isEqualTo(6);
        second.set(130);
        assertThat(rate.lastMinute()).isEqualTo(12);
        assertThat(rate.perSecond()).isEqualTo(12 / 60.0);
        second.set(160);
        assertThat(rate.lastMinute()).as("seconds 100 to 159").isEqualTo(12);
        second.set(161);
        assertThat(rate.lastMinute()).as("second 100 is out of the window").isEqualTo(6);
        rate.add(2); // the slot of second 101, reused
        second.set(162);
        assertThat(rate.lastMinute()).as("seconds 102 to 161").isEqualTo(2);
    }
}
