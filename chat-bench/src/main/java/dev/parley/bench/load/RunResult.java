package dev.parley.bench.load;

/**
 * The figures of one run of one workload against one target over one wire. Latencies are end to
 * end, from a message's intended send time to the recipient's {@code message} event, in
 * milliseconds. CPU is a percentage of one core over the measurement window.
 *
 * @param target          the server's name
 * @param wire            {@code WS} or {@code TCP}
 * @param workload        {@code pairs}, {@code room} or {@code rooms}
 * @param connections     connections open during the run
 * @param senders         connections that sent
 * @param rate            messages per second offered, all senders together
 * @param sent            messages sent in the window
 * @param expected        deliveries expected: sent times the fan-out
 * @param delivered       deliveries received
 * @param deliveriesPerSecond delivered over the window's length
 * @param p50Ms           median latency
 * @param p99Ms           99th percentile
 * @param p999Ms          99.9th percentile
 * @param maxMs           the worst
 * @param sendLagP99Ms    how far behind its schedule the client sent, 99th percentile
 * @param clientCpuPct    CPU of the client's event-loop threads
 * @param serverCpuPct    CPU of the rest of the process: the server, its GC and JIT
 * @param serverCpuUsPerMessage that CPU over the messages sent in the window, in microseconds
 * @param serverKbPerMessage heap allocated by every thread but the client's during the window, over the
 *                        messages sent in it, in KiB (the server's garbage per message)
 * @param errors          error responses
 * @param disconnects     connections that the server cut (or that failed) during the run, such as a
 *                        slow consumer's
 * @param connectsPerSecond connections set up (with login or join) per second before the run
 * @param clientSaturated whether the client could not keep its schedule (its threads near a full
 *                        core each, or a send-lag p99 over 5 ms)
 * @param serverSaturated whether the server fell behind: over 1% of the deliveries missing after the
 *                        drain, or its CPU near all the cores the client leaves it
 * @param writerCommitMeanMs the engine's mean store commit time over the window, from its
 *                        {@code parley.writer.commit.latency} timer; NaN for a baseline
 * @param writerCommitP99Ms the bucket bound under which 99% of the window's commits fell; NaN for a baseline
 * @param writerCommitMaxMs the bucket bound under which all of the window's commits fell, so the longest
 *                        commit is at most this; NaN for a baseline
 * @param writerBatchMean messages per commit over the window, from {@code parley.writer.batch.size}; NaN for a baseline
 */
public record RunResult(String target, String wire, String workload, int connections, int senders, double rate,
                        long sent, long expected, long delivered, double deliveriesPerSecond,
                        double p50Ms, double p99Ms, double p999Ms, double maxMs, double sendLagP99Ms,
                        double clientCpuPct, double serverCpuPct, double serverCpuUsPerMessage,
                        double serverKbPerMessage, long errors, long disconnects, double connectsPerSecond,
                        boolean clientSaturated, boolean serverSaturated, double writerCommitMeanMs,
                        double writerCommitP99Ms, double writerCommitMaxMs, double writerBatchMean) {

    /** Whether this run met the latency bound: every delivery arrived, no connection was cut, p99 under {@code ms}. */
    public boolean meets(double ms) {
        return delivered >= expected && expected > 0 && disconnects == 0 && p99Ms < ms;
    }
}
