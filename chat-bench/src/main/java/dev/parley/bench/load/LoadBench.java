package dev.parley.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load bench: Parley (in this JVM, on an H2 file) and the bare baselines, driven by one
 * open-loop {@link LoadClient} with the same workloads in the same run, interleaved rate by rate so
 * that a machine loaded by something else weighs on both sides alike. Prints Markdown tables and
 * writes JSON.
 *
 * <p>Run: {@code java -cp chat-bench/target/benchmarks.jar dev.parley.bench.load.LoadBench [--name=value ...]};
 * {@code --help} lists the options.
 */
public final class LoadBench {

    private final LoadOptions options;

    /** A bench with these settings. */
    public LoadBench(LoadOptions options) {
        this.options = options;
    }

    /** Runs every workload against Parley and the baselines, and returns what they did. */
    public BenchReport run() throws IOException, InterruptedException {
        Files.createDirectories(options.dataDir());
        Path h2 = options.dataDir().toAbsolutePath().resolve("parley-" + System.currentTimeMillis());
        List<RunResult> runs = new ArrayList<>();
        List<RampSummary> ramps = new ArrayList<>();
        List<IdleResult> idle = new ArrayList<>();
        List<DrainResult> drains = new ArrayList<>();
        try (LoadClient client = new LoadClient(options.clientThreads(), options.sourceAddresses());
             ParleyTarget parley = options.database().equals("mariadb")
                     ? ParleyTarget.onMariaDb(options.mysqlAdminUrl(), options.writerCommitInterval())
                    : ParleyTarget.onH2File(h2, options.writerCommitInterval());
             JettyRelayServer jetty = new JettyRelayServer();
             NettyLineRelayServer netty = new NettyLineRelayServer()) {
            WorkloadRunner runner = new WorkloadRunner(client, options.warmup(), options.measure(), options.drain());
            Map<Wire, LoadTarget> baselines = Map.of(Wire.WS, jetty, Wire.TCP, netty);
            if (options.warmupRound()) {
                warmJvm(runner, parley, baselines);
            }
            if (options.workloads().contains("pairs")) {
                ramps.addAll(ramp(runner, parley, baselines, runs));
            }
            if (options.workloads().contains("room")) {
                Workload room = Workload.room(options.roomMembers(), options.roomSenders(), options.roomRate());
                for (Wire wire : options.wires()) {
                    runs.add(report(runner.run(parley, wire, room)));
                    runs.add(report(runner.run(baselines.get(wire), wire, room)));
                }
            }
            if (options.workloads().contains("rooms")) {
                Workload rooms = Workload.rooms(options.rooms(), options.roomsSize(), options.roomsSenders(),
                        options.roomsRate());
                for (Wire wire : options.wires()) {
                    runs.add(report(runner.run(parley, wire, rooms)));
                    runs.add(report(runner.run(baselines.get(wire), wire, rooms)));
                }
            }
            if (options.workloads().contains("idle")) {
                for (Wire wire : options.wires()) {
                    for (LoadTarget target : List.of(parley, baselines.get(wire))) {
                        idle.add(report(runner.idle(target, wire, options.idleSessions(), options.clientProcesses(),
                                options.sourceAddresses())));
                    }
                }
            }
            if (options.workloads().contains("drain")) {
                for (Wire wire : options.wires()) {
                    for (LoadTarget target : List.of(parley, baselines.get(wire))) {
                        if (options.warmupRound()) {
                            // The same drain once uncounted, so that the sync path is compiled before it counts.
                            drain(runner, target, wire);
                        }
                        drains.add(report(drain(runner, target, wire)));
                    }
                }
            }
        }
        Map<String, Object> machine = BenchReport.thisMachine();
        machine.put("parleyDatabase", options.database());
        return new BenchReport(machine, runs, ramps, idle, drains);
    }

    /**
     * One run of each side at the lowest rate, not reported, so that the JIT has compiled Netty,
     * Jetty and Parley before the first counted run; otherwise whichever side runs first pays for it.
     */
    private void warmJvm(WorkloadRunner runner, LoadTarget parley, Map<Wire, LoadTarget> baselines)
            throws InterruptedException {
        Workload pairs = Workload.pairs(options.pairs(), options.rates().get(0));
        for (Wire wire : options.wires()) {
            runner.run(parley, wire, pairs);
            runner.run(baselines.get(wire), wire, pairs);
        }
    }

    /** The 1:1 ramp: each rate on every side, until a side misses the bound, which ends its ramp. */
    private List<RampSummary> ramp(WorkloadRunner runner, LoadTarget parley, Map<Wire, LoadTarget> baselines,
                                   List<RunResult> runs) throws InterruptedException {
        Map<String, Double> highest = new LinkedHashMap<>();
        Map<String, Boolean> going = new LinkedHashMap<>();
        double top = options.rates().get(options.rates().size() - 1);
        for (double rate : options.rates()) {
            Workload pairs = Workload.pairs(options.pairs(), rate);
            for (Wire wire : options.wires()) {
                for (LoadTarget target : List.of(parley, baselines.get(wire))) {
                    String key = target.name() + "/" + wire;
                    if (!going.getOrDefault(key, true)) {
                        continue;
                    }
                    RunResult result = report(runner.run(target, wire, pairs));
                    runs.add(result);
                    boolean met = result.meets(options.p99BoundMs());
                    going.put(key, met);
                    if (met) {
                        highest.put(key, rate);
                    }
                }
            }
        }
        List<RampSummary> summaries = new ArrayList<>();
        for (Wire wire : options.wires()) {
            String baseline = baselines.get(wire).name();
            double p = highest.getOrDefault("parley/" + wire, 0.0);
            double b = highest.getOrDefault(baseline + "/" + wire, 0.0);
            summaries.add(new RampSummary(wire.name(), baseline, options.p99BoundMs(), p, b, p == top, b == top));
        }
        return summaries;
    }

    private DrainResult drain(WorkloadRunner runner, LoadTarget target, Wire wire) throws InterruptedException {
        return runner.drain(target, wire, options.drainUsers(), options.drainMessages(), options.drainPage(),
                options.drainTimeout());
    }

    private static DrainResult report(DrainResult r) {
        System.err.printf("%s %s drain users=%d x %d: %.2f s to the last message, %.0f msg/s, per user p50=%.1f p99=%.1f ms, %d/%d received, %d of %d users complete%s%n",
                r.target(), r.wire(), r.users(), r.messagesPerUser(), r.seconds(), r.messagesPerSecond(), r.doneP50Ms(),
                r.doneP99Ms(), r.received(), r.expected(), r.usersComplete(), r.users(),
                (r.duplicates() > 0 ? ", " + r.duplicates() + " duplicates" : "")
                        + (r.usersUnfinished() > 0 ? ", " + r.usersUnfinished() + " unfinished" : "")
                        + (r.errors() > 0 ? ", " + r.errors() + " errors" : ""));
        return r;
    }

    private static IdleResult report(IdleResult r) {
        System.err.printf("%s %s idle sessions=%d: %.0f connects/s, %.2f KiB heap per session (%s), threads %d -> %d, "
                        + "%d files open%s%n", r.target(), r.wire(), r.sessions(), r.connectsPerSecond(), r.heapPerSessionKb(),
                r.serverOnly() ? "the server's end, the client in " + r.clientProcesses() + " other processes"
                        : "both ends", r.threadsBefore(), r.threadsAfter(), r.openFilesAfter(),
                r.serverSessions() < 0 ? "" : ", " + r.serverSessions() + " sessions open by the server's count");
        return r;
    }

    private static RunResult report(RunResult r) {
        System.err.printf("%s %s %s rate=%.0f conns=%d: p50=%.2f p99=%.2f ms, %d/%d delivered, server %.0f%% client %.0f%% CPU, server %.0f µs CPU %.1f KiB allocated per message%s%n",
                r.target(), r.wire(), r.workload(), r.rate(), r.connections(), r.p50Ms(), r.p99Ms(), r.delivered(),
                r.expected(), r.serverCpuPct(), r.clientCpuPct(), r.serverCpuUsPerMessage(), r.serverKbPerMessage(),
                (r.errors() > 0 ? ", " + r.errors() + " errors" : "")
                        + (r.disconnects() > 0 ? ", " + r.disconnects() + " connections cut" : ""));
        return r;
    }

    /** Runs the bench with {@code --name=value} options; prints the tables and writes the JSON file. */
    public static void main(String[] args) throws Exception {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(LoadOptions.usage());
            return;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        BenchReport report = new LoadBench(options).run();
        System.out.print(ReportTable.render(report));
        report.writeJson(options.json());
        System.out.println("\nJSON: " + options.json().toAbsolutePath());
        Path plot = options.json().resolveSibling("latency.png");
        if (LatencyPlot.write(report, options.p99BoundMs(), plot)) {
            System.out.println("Plot: " + plot.toAbsolutePath());
        }
        for (DrainResult drain : report.drains()) {
            if (!drain.complete()) {
                // A drained user missing a message, or given one twice, is a failure, not a figure.
                System.err.println("FAILED: the " + drain.target() + " drain over " + drain.wire() + " did not deliver "
                        + "every waiting message exactly once to every user: " + drain);
                System.exit(1);
            }
        }
    }
}
