package dev.parley.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.spi.Connection;
import dev.parley.core.MonitoringSettings;
import dev.parley.core.internal.ConnectionLog;
import dev.parley.core.internal.RecordingLogger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A connection's queue crossing the threshold is reported once, and again only after it drained. */
class OutboundQueueWarningTest {

    /** A connection whose queue is as full as the test says, as a transport would report it. */
    private static final class FillingConnection implements Connection {
        volatile double fill;
        final List<String> sent = new ArrayList<>();

        @Override
        public String remoteAddress() {
            return "127.0.0.1:4242";
        }

        @Override
        public boolean send(String frame) {
            sent.add(frame);
            return true;
        }

        @Override
        public String transport() {
            return "websocket";
        }

        @Override
        public double queueFill() {
            return fill;
        }

        @Override
        public void close(String reason) {
        }
    }

    @Test
    @DisplayName("one WARN when the queue crosses 80%, none while it stays full, another after it drained below a quarter")
    void warnsOncePerFilling() {
        RecordingLogger log = new RecordingLogger();
        FillingConnection connection = new FillingConnection();
        Outbound out = new Outbound(connection, () -> { }, new ConnectionLog(MonitoringSettings.defaults(), () -> 0, log));
        connection.fill = 0.5;
        out.send("a");
        connection.fill = 0.85;
        out.send("b");
        out.send("c");
        connection.fill = 0.3;
        out.send("d");
        connection.fill = 0.9;
        out.send("e");
        assertThat(log.lines).containsExactly("WARN outbound queue 85% full: transport=websocket remote=127.0.0.1:4242");
        connection.fill = 0.1;
        out.send("f");
        connection.fill = 0.95;
        out.send("g");
        assertThat(log.lines).hasSize(2).last()
                .isEqualTo("WARN outbound queue 95% full: transport=websocket remote=127.0.0.1:4242");
        assertThat(connection.sent).containsExactly("a", "b", "c", "d", "e", "f", "g");
    }
}
