package dev.parley.core.internal;

import dev.parley.core.MonitoringSettings;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's lines about connections, on the {@code parley.connections} logger: one INFO line per
 * connection the server closes, and a WARN line when a connection's outbound queue fills up. Each line
 * names the reason, the transport and the peer's address, and nothing a client sent: no text, no
 * token, no username. Both kinds are rate-limited, and a line after a gap says how many were held back.
 * Thread-safe.
 */
public final class ConnectionLog {

    private final Logger log;
    private final LogLimiter closes;
    private final LogLimiter queues;
    private final double queueWarnFill;

    /** Lines under these settings, timed by this clock (milliseconds). */
    public ConnectionLog(MonitoringSettings settings, LongSupplier nowMillis) {
        this(settings, nowMillis, LoggerFactory.getLogger("parley.connections"));
    }

    /** Lines to this logger instead of {@code parley.connections}, for tests. */
    public ConnectionLog(MonitoringSettings settings, LongSupplier nowMillis, Logger log) {
        this.log = log;
        this.closes = new LogLimiter(settings.closeLogsPerMinute(), nowMillis);
        this.queues = new LogLimiter(settings.closeLogsPerMinute(), nowMillis);
        this.queueWarnFill = settings.sessionQueueWarnPercent() / 100.0;
    }

    /** The server closed a connection for this reason. */
    public void closedByServer(String reason, String transport, String remoteAddress) {
        if (!log.isInfoEnabled()) {
            return;
        }
        long held = closes.tryAcquire();
        if (held == 0) {
            log.info("closed connection: reason={} transport={} remote={}", reason, transport, remoteAddress);
        } else if (held > 0) {
            log.info("closed connection: reason={} transport={} remote={} ({} more close lines were left out)",
                    reason, transport, remoteAddress, held);
        }
    }

    /** Whether a queue this full should be warned about. */
    public boolean queueAlarming(double fill) {
        return fill >= queueWarnFill;
    }

    /** A connection's outbound queue is this full, past the threshold. */
    public void queueFilling(double fill, String transport, String remoteAddress) {
        long held = queues.tryAcquire();
        if (held >= 0) {
            log.warn("outbound queue {}% full: transport={} remote={}{}", Math.round(fill * 100), transport,
                    remoteAddress, held > 0 ? " (" + held + " more queue lines were left out)" : "");
        }
    }
}
