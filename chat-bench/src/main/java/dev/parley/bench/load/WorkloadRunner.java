package dev.parley.bench.load;

import io.netty.channel.EventLoop;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one workload at one rate against one target: connects its members, sends open-loop through a
 * warm-up and a measurement window, waits for the deliveries to drain, and closes the connections.
 */
public final class WorkloadRunner {

    private static final AtomicLong RUNS = new AtomicLong(System.currentTimeMillis());
    private static final double NANOS_PER_MS = 1_000_000.0;

    private final LoadClient client;
    private final Duration warmup;
    private final Duration measure;
    private final Duration drain;

    /**
     * @param warmup  sending before the window, not counted
     * @param measure the window whose messages count
     * @param drain   how long to wait after the window for the last deliveries
     */
    public WorkloadRunner(LoadClient client, Duration warmup, Duration measure, Duration drain) {
        this.client = client;
        this.warmup = warmup;
        this.measure = measure;
        this.drain = drain;
    }

    /** One run; the target's fixture for the workload's size is created on first use. */
    public RunResult run(LoadTarget target, Wire wire, Workload workload) throws InterruptedException {
        List<Member> members = members(target, workload);
        long connectStart = System.nanoTime();
        List<LoadConnection> connections = client.connect(target, wire, members, "r" + RUNS.incrementAndGet());
        double connectsPerSecond = members.size() / ((System.nanoTime() - connectStart) / 1e9);
        try {
            return measure(target, wire, workload, connections, connectsPerSecond);
        } finally {
            LoadClient.closeAll(connections);
        }
    }

    private static List<Member> members(LoadTarget target, Workload workload) {
        switch (workload.name()) {
            case "pairs":
                return target.pairs(workload.senders());
            case "rooms":
                return target.rooms(workload.groups(), workload.groupSize());
            default:
                return target.room(workload.connections());
        }
    }

    /**
     * The offline drain: {@code users} users, each with {@code messages} messages stored while it was
     * offline (the target's fixture), connect at once, at most 64 connects in flight, and catch up
     * (with {@code sync} requests of at most {@code syncLimit} messages per conversation, 0 for the
     * server's page size, against Parley). Waits until every user has finished, or {@code timeout}
     * from the first connect, then closes the connections.
     */
    public DrainResult drain(LoadTarget target, Wire wire, int users, int messages, int syncLimit, Duration timeout)
            throws InterruptedException {
        long made = System.nanoTime();
        List<Member> members = target.drain(users, messages);
        long start = System.nanoTime();
        if (start - made > 1_000_000_000L) {
            // Made on first use only; said so that a slow start is not taken for a slow drain.
            System.err.printf("%s drain fixture %d x %d made in %.1f s%n", target.name(), users, messages,
                    (start - made) / 1e9);
        }
        client.startDrain(start);
        long cpu0 = processCpuNanos();
        long client0 = client.cpuNanos();
        List<LoadConnection> connections = client.connect(target, wire, members, "r" + RUNS.incrementAndGet(),
                syncLimit);
        double connectsPerSecond = members.size() / ((System.nanoTime() - start) / 1e9);
        try {
            long deadline = start + timeout.toNanos();
            LoopStats stats = client.snapshot();
            while (stats.drainComplete + stats.drainWrong < users && System.nanoTime() < deadline) {
                Thread.sleep(20);
                stats = client.snapshot();
            }
            long elapsed = System.nanoTime() - start;
            double processCpu = processCpuNanos() - cpu0;
            double clientCpu = client.cpuNanos() - client0;
            long finished = stats.drainComplete + stats.drainWrong;
            double seconds = (finished == 0 ? elapsed : stats.drainLastAt - start) / 1e9;
            return new DrainResult(target.name(), wire.name(), users, messages, members.get(0).syncs() ? syncLimit : 0,
                    stats.drainSyncs, (long) users * messages, stats.drainMessages, stats.drainDuplicates,
                    stats.drainComplete, stats.drainWrong, users - finished, roundMicros(seconds),
                    round(stats.drainMessages / seconds), drainMs(stats.drainDone, 50), drainMs(stats.drainDone, 99),
                    drainMs(stats.drainOwn, 50), drainMs(stats.drainOwn, 99), round(connectsPerSecond),
                    round(100.0 * Math.max(0, processCpu - clientCpu) / elapsed), round(100.0 * clientCpu / elapsed),
                    stats.errors, stats.disconnects);
        } finally {
            LoadClient.closeAll(connections);
        }
    }

    private static double drainMs(org.HdrHistogram.Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN
                : round2(histogram.getValueAtPercentile(percentile) / NANOS_PER_MS);
    }

    /**
     * The idle workload with this JVM's load client: after a full collection, connects {@code sessions}
     * (the members of {@code sessions / 2} pairs, each logging in with its token), collects again and
     * measures what the sessions hold, both ends of each connection, then closes them.
     */
    public IdleResult idle(LoadTarget target, Wire wire, int sessions) throws InterruptedException {
        checkOpenFiles(target, 2L * sessions, "both ends of " + sessions + " sessions in this JVM; "
                + "--client-processes=N keeps the client's ends in other processes");
        List<Member> members = target.pairs(sessions / 2);
        long heapBefore = heapAfterFullGc();
        int threadsBefore = threadsOf(target);
        long connectStart = System.nanoTime();
        List<LoadConnection> connections = client.connect(target, wire, members, "r" + RUNS.incrementAndGet());
        double connectsPerSecond = members.size() / ((System.nanoTime() - connectStart) / 1e9);
        try {
            long heapAfter = heapAfterFullGc();
            int threadsAfter = threadsOf(target);
            return new IdleResult(target.name(), wire.name(), connections.size(), 0, round(connectsPerSecond),
                    round(Math.max(0, heapAfter - heapBefore) / 1024.0 / connections.size()), threadsBefore,
                    threadsAfter, openFiles(), target.sessionsOpen());
        } finally {
            LoadClient.closeAll(connections);
        }
    }

    /**
     * The idle workload with its client side in {@code processes} child JVMs ({@link ClientProcesses}),
     * each spreading its connections over {@code sourceAddresses} 127.0.0.x addresses: the sessions are
     * the target's {@linkplain LoadTarget#idle idle fixture}, and the heap and the threads measured with
     * every session held are the server's alone, since this process holds only the server's end of each
     * connection. Connects per second run from telling the children to connect (once they have started)
     * until the last of them has every session logged in. After closing, waits until the server has let
     * go of the connections' files, so that the next run has them.
     */
    public IdleResult idle(LoadTarget target, Wire wire, int sessions, int processes, int sourceAddresses)
            throws InterruptedException, IOException {
        if (processes == 0) {
            return idle(target, wire, sessions);
        }
        checkOpenFiles(target, sessions, "the server's ends of " + sessions + " sessions");
        List<Member> members = target.idle(sessions);
        long filesBefore = openFiles();
        try (ClientProcesses clients = ClientProcesses.start(target, wire, members, processes, sourceAddresses)) {
            long heapBefore = heapAfterFullGc();
            HeapHistogram classesBefore = HeapHistogram.take();
            int threadsBefore = threadsOf(target);
            long connectStart = System.nanoTime();
            int held = clients.connect();
            double connectsPerSecond = held / ((System.nanoTime() - connectStart) / 1e9);
            long heapAfter = heapAfterFullGc();
            int threadsAfter = threadsOf(target);
            printClassesPerSession(target, wire, classesBefore.grownBy(HeapHistogram.take(), 16), held);
            return new IdleResult(target.name(), wire.name(), held, processes, round(connectsPerSecond),
                    round(Math.max(0, heapAfter - heapBefore) / 1024.0 / held), threadsBefore, threadsAfter,
                    openFiles(), target.sessionsOpen());
        } finally {
            awaitOpenFiles(filesBefore + 64, Duration.ofSeconds(60));
        }
    }

    /**
     * Prints the classes whose live objects grew the most while the sessions connected, in bytes and
     * instances per session: where a session's heap goes, on the server's end alone.
     */
    private static void printClassesPerSession(LoadTarget target, Wire wire, List<HeapHistogram.Growth> growth,
                                               int sessions) {
        StringBuilder text = new StringBuilder();
        for (HeapHistogram.Growth g : growth) {
            text.append(String.format("%n  %6.0f B %5.2f x %s", g.bytes() / (double) sessions,
                    g.instances() / (double) sessions, g.className()));
        }
        System.err.printf("%s %s idle: the heap per session by class (the most grown, after a full GC):%s%n",
                target.name(), wire.name(), text);
    }

    /** Fails, saying why, if this process cannot open {@code more} files besides those it has open. */
    private static void checkOpenFiles(LoadTarget target, long more, String what) {
        long max = maxOpenFiles();
        long open = openFiles();
        if (max > 0 && open >= 0 && open + more > max) {
            throw new IllegalArgumentException("the idle workload against " + target.name() + " needs " + more
                    + " more open files (" + what + ") than the " + (max - open) + " left of this process's limit of "
                    + max + " (ulimit -n)");
        }
    }

    /** Waits until this process has at most {@code files} files open, or {@code timeout} has passed. */
    private static void awaitOpenFiles(long files, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long open;
        while ((open = openFiles()) > files && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (open > files) {
            System.err.printf("this process still has %d files open, %d more than before the idle run%n", open,
                    open - files);
        }
    }

    /** This process's limit of open files ({@code ulimit -n}), or -1 where the JVM does not say. */
    static long maxOpenFiles() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            return os.getMaxFileDescriptorCount();
        }
        return -1;
    }

    /** This process's open files, or -1 where the JVM does not say. */
    static long openFiles() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            return os.getOpenFileDescriptorCount();
        }
        return -1;
    }

    /** The live threads of the target, by the prefix of their names. */
    private static int threadsOf(LoadTarget target) {
        int count = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(target.threadPrefix())) {
                count++;
            }
        }
        return count;
    }

    /** The heap in use after a full collection (G1 runs System.gc() as one), settled by a second. */
    private static long heapAfterFullGc() throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private RunResult measure(LoadTarget target, Wire wire, Workload workload, List<LoadConnection> connections,
                              double connectsPerSecond) throws InterruptedException {
        Map<EventLoop, SendSchedule> schedules = new LinkedHashMap<>();
        for (int i = 0; i < workload.senders(); i++) {
            // The first of each pair sends; in a room, the first members; in many rooms, the first of each.
            LoadConnection sender = connections.get(workload.senderIndex(i));
            schedules.computeIfAbsent(sender.channel().eventLoop(), SendSchedule::new).add(sender);
        }
        long start = System.nanoTime() + 50_000_000L;
        long from = start + warmup.toNanos();
        long to = from + measure.toNanos();
        client.startWindow(from, to);
        double perSender = workload.rate() / workload.senders();
        schedules.values().forEach(s -> s.start(perSender, start, to));

        sleepUntil(from);
        WriterStats writer0 = target.writerStats();
        long cpu0 = processCpuNanos();
        long client0 = client.cpuNanos();
        long allocated0 = allocatedBytes();
        long clientAllocated0 = client.allocatedBytes();
        sleepUntil(to);
        WriterStats writer1 = target.writerStats();
        long cpu1 = processCpuNanos();
        long client1 = client.cpuNanos();
        long allocated1 = allocatedBytes();
        long clientAllocated1 = client.allocatedBytes();
        long serverAllocated = Math.max(0, (allocated1 - allocated0) - (clientAllocated1 - clientAllocated0));

        LoopStats stats = client.snapshot();
        long deadline = System.nanoTime() + drain.toNanos();
        while (stats.delivered < stats.sent * workload.fanout() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            stats = client.snapshot();
        }
        WriterStats.Window writer = writer0 == null ? WriterStats.Window.NONE : writer1.since(writer0);
        return result(target, wire, workload, stats, cpu1 - cpu0, client1 - client0, serverAllocated, connectsPerSecond,
                writer);
    }

    private RunResult result(LoadTarget target, Wire wire, Workload workload, LoopStats stats, long processCpu,
                             long clientCpu, long serverAllocated, double connectsPerSecond, WriterStats.Window writer) {
        double window = measure.toNanos();
        double clientPct = 100.0 * clientCpu / window;
        double serverPct = 100.0 * Math.max(0, processCpu - clientCpu) / window;
        long sent = Math.max(1, stats.sent);
        double serverCpuUsPerMessage = Math.max(0, processCpu - clientCpu) / 1000.0 / sent;
        double serverKbPerMessage = serverAllocated / 1024.0 / sent;
        long expected = stats.sent * workload.fanout();
        double sendLagP99 = stats.sendLag.getValueAtPercentile(99) / NANOS_PER_MS;
        boolean clientSaturated = clientPct >= 90.0 * client.threads() || sendLagP99 > 5.0;
        int serverCores = Math.max(1, Runtime.getRuntime().availableProcessors() - client.threads());
        boolean serverSaturated = stats.delivered < expected * 0.99 || serverPct >= 90.0 * serverCores;
        return new RunResult(target.name(), wire.name(), workload.name(), workload.connections(), workload.senders(),
                workload.rate(), stats.sent, expected, stats.delivered, stats.delivered / (window / 1e9),
                ms(stats, 50), ms(stats, 99), ms(stats, 99.9), stats.latency.getMaxValue() / NANOS_PER_MS, sendLagP99,
                round(clientPct), round(serverPct), round(serverCpuUsPerMessage), round(serverKbPerMessage), stats.errors, stats.disconnects, round(connectsPerSecond), clientSaturated,
                serverSaturated, round2(writer.commitMeanMs()), round2(writer.commitP99Ms()), round2(writer.commitMaxMs()),
                round2(writer.batchMean()));
    }

    /** Two decimals; NaN, a baseline's missing writer figure, stays NaN. */
    /**
     * Seconds to the microsecond: a bare relay drains the smoke test's few messages in milliseconds,
     * which two decimals would round to 0, and the report's ratio divides by it.
     */
    private static double roundMicros(double seconds) {
        return Math.round(seconds * 1e6) / 1e6;
    }

    private static double round2(double value) {
        return Double.isNaN(value) ? value : Math.round(value * 100) / 100.0;
    }

    private static double ms(LoopStats stats, double percentile) {
        return stats.latency.getTotalCount() == 0 ? Double.NaN
                : stats.latency.getValueAtPercentile(percentile) / NANOS_PER_MS;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    /**
     * Bytes allocated so far by every live thread of the process. Threads that ended during the
     * window are missed, which only ever lowers the figure.
     */
    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads) {
            long total = 0;
            for (long allocated : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
                total += Math.max(0, allocated);
            }
            return total;
        }
        return 0;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000), 0);
        }
    }
}
