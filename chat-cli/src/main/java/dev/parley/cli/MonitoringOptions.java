package dev.parley.cli;

import dev.parley.core.MonitoringSettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The admin HTTP port ({@code /metrics}, {@code /health/live}, {@code /health/ready}) and the thresholds
 * of the operator's log lines, for {@code parley server}. See docs/operations.md.
 */
public final class MonitoringOptions {

    /**
     * Off unless given: a fixed default port would collide when two servers share a host (a cluster
     * tried out on one machine), and the metrics describe the server's traffic, which is for the
     * operator's network only. Turning it on is one flag, bound to the loopback unless told otherwise.
     */
    @Option(names = "--admin-port", paramLabel = "PORT",
            description = {"Port of the admin HTTP endpoints /metrics (Prometheus), /health/live and /health/ready,",
                    "such as 9464; none unless given. 0 picks a free port."})
    Integer adminPort;

    @Option(names = "--admin-host", defaultValue = "127.0.0.1",
            description = "Interface of the admin port (default: ${DEFAULT-VALUE}, this machine only).")
    String adminHost;

    @Option(names = "--shutdown-grace", defaultValue = "0s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = {"On SIGTERM, how long /health/ready answers 503 while the server still serves, before it",
                    "closes, so that a load balancer stops sending clients first (default: ${DEFAULT-VALUE})."})
    Duration shutdownGrace;

    @Option(names = "--close-log-rate", defaultValue = "60", paramLabel = "LINES",
            description = "Most INFO lines per minute about connections the server closes; 0 for none (default: ${DEFAULT-VALUE}).")
    int closeLogRate;

    @Option(names = "--writer-queue-warn", defaultValue = "80", paramLabel = "PERCENT",
            description = "WARN when the message writer's queue is this full, in percent (default: ${DEFAULT-VALUE}).")
    int writerQueueWarn;

    @Option(names = "--session-queue-warn", defaultValue = "80", paramLabel = "PERCENT",
            description = "WARN when a connection's outbound queue is this full, in percent (default: ${DEFAULT-VALUE}).")
    int sessionQueueWarn;

    /** The log thresholds as the engine takes them; fails with the option's name on a value out of range. */
    MonitoringSettings settings() {
        if (adminPort != null && (adminPort < 0 || adminPort > 65535)) {
            throw new CliException("--admin-port must be a port from 0 to 65535, not " + adminPort, 2, null);
        }
        if (shutdownGrace.isNegative()) {
            throw new CliException("--shutdown-grace must not be negative", 2, null);
        }
        if (closeLogRate < 0) {
            throw new CliException("--close-log-rate must be 0 or more, not " + closeLogRate, 2, null);
        }
        if (writerQueueWarn < 1 || writerQueueWarn > 100) {
            throw new CliException("--writer-queue-warn must be from 1 to 100, not " + writerQueueWarn, 2, null);
        }
        if (sessionQueueWarn < 1 || sessionQueueWarn > 100) {
            throw new CliException("--session-queue-warn must be from 1 to 100, not " + sessionQueueWarn, 2, null);
        }
        return new MonitoringSettings(closeLogRate, writerQueueWarn, sessionQueueWarn);
    }
}
