package dev.parley.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak: a bounded mixed load on Parley (an H2 file, in this JVM) for a fixed time, 1:1 pairs and a
 * room taking turns over WebSocket and TCP, every run connecting its members afresh and closing them
 * after, while a sampler records the heap, the threads, the open files and the writer queue every few
 * seconds. It ends with the heap after a full collection, the threads and the files, each against the
 * same figure after the first run, and a PNG of the samples: a leak shows as a rising floor.
 *
 * <p>Run: {@code java -Xmx1g -cp chat-bench/target/benchmarks.jar dev.parley.bench.load.SoakBench
 * --duration=10m}; {@code --help} lists the options.
 */
public final class SoakBench {

    private final SoakOptions options;

    /** A soak with these settings. */
    public SoakBench(SoakOptions options) {
        this.options = options;
    }

    /** What a soak found: its samples and the before and after figures. */
    public record Result(List<SoakSample> samples, Map<String, Object> settled, long runs, long sent, long delivered,
                         long errors, long disconnects, List<HeapHistogram.Growth> heapGrowth) {
    }

    /** Runs the soak to its end and returns what it sampled. */
    public Result run() throws IOException, InterruptedException {
        Files.createDirectories(options.dataDir());
        Path h2 = options.dataDir().toAbsolutePath().resolve("soak-" + System.currentTimeMillis());
        List<SoakSample> samples = new CopyOnWriteArrayList<>();
        AtomicLong delivered = new AtomicLong();
        long sent = 0;
        long errors = 0;
        long disconnects = 0;
        long runs = 0;
        Map<String, Object> settled = new LinkedHashMap<>();
        HeapHistogram afterFirstRun = null;
        List<HeapHistogram.Growth> heapGrowth = List.of();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "soak-sampler");
            thread.setDaemon(true);
            return thread;
        });
        try (LoadClient client = new LoadClient(1, options.sourceAddresses());
             ParleyTarget parley = ParleyTarget.onH2File(h2)) {
            WorkloadRunner runner = new WorkloadRunner(client, Duration.ZERO, options.runLength(), Duration.ofSeconds(5));
            List<Workload> turns = List.of(Workload.pairs(options.pairs(), options.pairRate()),
                    Workload.room(options.roomMembers(), Math.min(5, options.roomMembers()), options.roomRate()));
            long start = System.nanoTime();
            long end = start + options.duration().toNanos();
            sampler.scheduleAtFixedRate(() -> samples.add(sample(start, parley, delivered.get())), 0,
                    options.sampleEvery().toMillis(), TimeUnit.MILLISECONDS);
            while (System.nanoTime() < end) {
                for (Wire wire : List.of(Wire.WS, Wire.TCP)) {
                    for (Workload workload : turns) {
                        if (System.nanoTime() >= end) {
                            break;
                        }
                        RunResult result = runner.run(parley, wire, workload);
                        runs++;
                        sent += result.sent();
                        delivered.addAndGet(result.delivered());
                        errors += result.errors();
                        disconnects += result.disconnects();
                        if (runs == 1) {
                            settled.putAll(settledFigures("afterFirstRun", parley));
                            afterFirstRun = HeapHistogram.take();
                        }
                    }
                }
            }
            sampler.shutdown();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
            samples.add(sample(start, parley, delivered.get()));
            settled.putAll(settledFigures("atEnd", parley));
            if (afterFirstRun != null) {
                heapGrowth = afterFirstRun.grownBy(HeapHistogram.take(), 15);
            }
        } finally {
            sampler.shutdownNow();
        }
        return new Result(List.copyOf(samples), settled, runs, sent, delivered.get(), errors, disconnects, heapGrowth);
    }

    private static Map<String, Object> settledFigures(String when, ParleyTarget parley) throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put(when + "HeapMb", mb(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()));
        figures.put(when + "Threads", ManagementFactory.getThreadMXBean().getThreadCount());
        figures.put(when + "OpenFiles", openFiles());
        figures.put(when + "WriterQueue", parley.writerQueueDepth());
        return figures;
    }

    private static SoakSample sample(long start, ParleyTarget parley, long delivered) {
        return new SoakSample(Math.round((System.nanoTime() - start) / 1e8) / 10.0,
                mb(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()),
                ManagementFactory.getThreadMXBean().getThreadCount(), openFiles(), parley.writerQueueDepth(), delivered);
    }

    private static double mb(long bytes) {
        return Math.round(bytes / 1024.0 / 1024.0 * 10) / 10.0;
    }

    /** The open file descriptors of this process, as Linux lists them; -1 elsewhere. */
    private static int openFiles() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    /** Writes the result as JSON, and the samples as a PNG beside it. */
    static void write(Result result, Path json) throws IOException {
        Path parent = json.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), result);
        SoakPlot.write(result.samples(), json.resolveSibling("soak.png"));
    }

    /** Runs the soak with {@code --name=value} options; prints the figures and writes JSON and a PNG. */
    public static void main(String[] args) throws Exception {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(SoakOptions.usage());
            return;
        }
        SoakOptions options;
        try {
            options = SoakOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Result result = new SoakBench(options).run();
        List<String> lines = new ArrayList<>();
        lines.add("| figure | after the first run | at the end |");
        lines.add("|---|---|---|");
        for (String figure : List.of("HeapMb", "Threads", "OpenFiles", "WriterQueue")) {
            lines.add("| " + figure + " | " + result.settled().get("afterFirstRun" + figure) + " | "
                    + result.settled().get("atEnd" + figure) + " |");
        }
        lines.forEach(System.out::println);
        System.out.printf("%n%d runs, %d messages sent, %d delivered, %d errors, %d connections cut, %d samples%n",
                result.runs(), result.sent(), result.delivered(), result.errors(), result.disconnects(),
                result.samples().size());
        if (!result.heapGrowth().isEmpty()) {
            System.out.println("\n| class that grew most, after the first run to the end | instances | KiB |");
            System.out.println("|---|---|---|");
            result.heapGrowth().forEach(g -> System.out.printf("| %s | %+d | %+.1f |%n", g.className(), g.instances(),
                    g.bytes() / 1024.0));
        }
        write(result, options.json());
        System.out.println("JSON: " + options.json().toAbsolutePath());
        System.out.println("Plot: " + options.json().resolveSibling("soak.png").toAbsolutePath());
    }
}
