package dev.parley.core;

/**
 * The thresholds of the engine's operator log lines (see docs/operations.md). Immutable; start from
 * {@link #defaults()} and change what you need with the {@code with...} methods.
 *
 * @param closeLogsPerMinute     how many "connection closed by the server" INFO lines the engine writes
 *                               per minute at most; past that it counts the lines it left out and says
 *                               how many in the next line it writes. 0 turns the lines off.
 * @param writerQueueWarnPercent how full, in percent of its capacity, the writer's queue may get before
 *                               a WARN line says so (once, until it drains below half of that)
 * @param sessionQueueWarnPercent how full, in percent, a connection's outbound queue may get before a WARN
 *                               line names the connection (once per connection, and rate-limited like
 *                               the close lines)
 */
public record MonitoringSettings(int closeLogsPerMinute, int writerQueueWarnPercent, int sessionQueueWarnPercent) {

    /** Checks the ranges: lines per minute at least 0, percentages from 1 to 100. */
    public MonitoringSettings {
        if (closeLogsPerMinute < 0) {
            throw new IllegalArgumentException("closeLogsPerMinute is 0 or more, not " + closeLogsPerMinute);
        }
        if (writerQueueWarnPercent < 1 || writerQueueWarnPercent > 100) {
            throw new IllegalArgumentException("writerQueueWarnPercent is from 1 to 100, not " + writerQueueWarnPercent);
        }
        if (sessionQueueWarnPercent < 1 || sessionQueueWarnPercent > 100) {
            throw new IllegalArgumentException("sessionQueueWarnPercent is from 1 to 100, not " + sessionQueueWarnPercent);
        }
    }

    /** The defaults: 60 close lines a minute, and a warning at 80% of the writer's or a session's queue. */
    public static MonitoringSettings defaults() {
        return new MonitoringSettings(60, 80, 80);
    }

    /** Returns a copy with another cap on close lines per minute. */
    public MonitoringSettings withCloseLogsPerMinute(int value) {
        return new MonitoringSettings(value, writerQueueWarnPercent, sessionQueueWarnPercent);
    }

    /** Returns a copy with another writer-queue warning threshold. */
    public MonitoringSettings withWriterQueueWarnPercent(int value) {
        return new MonitoringSettings(closeLogsPerMinute, value, sessionQueueWarnPercent);
    }

    /** Returns a copy with another session-queue warning threshold. */
    public MonitoringSettings withSessionQueueWarnPercent(int value) {
        return new MonitoringSettings(closeLogsPerMinute, writerQueueWarnPercent, value);
    }
}
