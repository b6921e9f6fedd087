package dev.parley.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.parley.store.jdbc.JdbcChatStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Parley against Parley, in one run, by the 1:1 ramp of {@link LoadBench}:
 * <ul>
 *   <li>{@code cluster}: two nodes on one database and Redis ({@link ClusterTarget}, every message
 *   crossing from node A to node B) against one node ({@link ParleyTarget}), on each of the wires;</li>
 *   <li>{@code mqtt}: one node's MQTT listener (native topics, QoS 1) against its TCP listener.</li>
 * </ul>
 *
 * <p>Run: {@code java -cp chat-bench/target/benchmarks.jar dev.parley.bench.load.CompareBench
 * [--compare=cluster,mqtt] [--redis-url=redis://127.0.0.1:6379] [--compare-json=...] [LoadBench options]};
 * of LoadBench's options it uses pairs, rates, p99-bound-ms, warmup, measure, drain, warmup-round,
 * client-threads, source-addresses, data-dir, database, mysql-admin-url, and wires (ws, tcp) for the
 * cluster comparison.
 */
public final class CompareBench {

    /** Its own options with their defaults; every other option goes to {@link LoadOptions}. */
    static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("compare", "cluster,mqtt");
        DEFAULTS.put("redis-url", "redis://127.0.0.1:6379");
        DEFAULTS.put("compare-json", "target/bench-load/compare.json");
    }

    private final LoadOptions options;
    private final List<String> compare;
    private final String redisUrl;

    CompareBench(LoadOptions options, List<String> compare, String redisUrl) {
        for (String what : compare) {
            if (!what.equals("cluster") && !what.equals("mqtt")) {
                throw new IllegalArgumentException("unknown comparison '" + what + "': cluster or mqtt");
            }
        }
        this.options = options;
        this.compare = List.copyOf(compare);
        this.redisUrl = redisUrl;
    }

    /** Parses {@code --name=value} arguments: its own, then LoadBench's. */
    static CompareBench parse(String... args) {
        Map<String, String> own = new LinkedHashMap<>(DEFAULTS);
        List<String> rest = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = arg.startsWith("--") && eq > 2 ? arg.substring(2, eq) : null;
            if (name != null && own.containsKey(name)) {
                own.put(name, arg.substring(eq + 1));
            } else {
                rest.add(arg);
            }
        }
        List<String> compare = Arrays.stream(own.get("compare").split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        return new CompareBench(LoadOptions.parse(rest.toArray(String[]::new)), compare, own.get("redis-url"));
    }

    /** Runs the comparisons asked for, in that order. */
    List<Comparison> run() throws IOException, InterruptedException {
        Files.createDirectories(options.dataDir());
        long stamp = System.currentTimeMillis();
        List<Comparison> comparisons = new ArrayList<>();
        try (LoadClient client = new LoadClient(options.clientThreads(), options.sourceAddresses());
             ParleyTarget single = options.database().equals("mariadb")
                     ? ParleyTarget.onMariaDb(options.mysqlAdminUrl())
                     : ParleyTarget.onH2File(options.dataDir().toAbsolutePath().resolve("parley-" + stamp))) {
            WorkloadRunner runner = new WorkloadRunner(client, options.warmup(), options.measure(), options.drain());
            RampComparison ramp = new RampComparison(runner, options.pairs(), options.rates(), options.p99BoundMs());
            for (String what : compare) {
                if (what.equals("cluster")) {
                    try (ClusterTarget cluster = cluster(stamp)) {
                        for (Wire wire : options.wires()) {
                            RampComparison.Side one = new RampComparison.Side(single, wire);
                            RampComparison.Side two = new RampComparison.Side(cluster, wire);
                            if (options.warmupRound()) {
                                ramp.warm(one, two);
                            }
                            comparisons.add(ramp.compare("cross-node", one, two));
                        }
                    }
                } else {
                    RampComparison.Side tcp = new RampComparison.Side(single, Wire.TCP);
                    RampComparison.Side mqtt = new RampComparison.Side(single, Wire.MQTT);
                    if (options.warmupRound()) {
                        ramp.warm(tcp, mqtt);
                    }
                    comparisons.add(ramp.compare("mqtt", tcp, mqtt));
                }
            }
        }
        return comparisons;
    }

    /** Two nodes on a database of their own, of the kind the options name, and the Redis. */
    private ClusterTarget cluster(long stamp) {
        if (options.database().equals("mariadb")) {
            String admin = options.mysqlAdminUrl();
            String database = "parley_bench_cluster_" + stamp;
            execute(admin, "CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
            String url = admin.replaceFirst("/\\?", "/" + database + "?");
            if (url.equals(admin)) {
                throw new IllegalArgumentException("the admin URL needs a path, as in jdbc:mysql://host:3306/?user=root");
            }
            Supplier<JdbcChatStore> stores = () -> JdbcChatStore.builder().url(url).build();
            return new ClusterTarget(stores, redisUrl, () -> execute(admin, "DROP DATABASE IF EXISTS " + database));
        }
        Path file = options.dataDir().toAbsolutePath().resolve("cluster-" + stamp);
        return new ClusterTarget(() -> JdbcChatStore.builder().h2File(file).build(), redisUrl, () -> { });
    }

    private static void execute(String adminUrl, String sql) {
        try (Connection connection = DriverManager.getConnection(adminUrl);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("MariaDB at " + adminUrl + " refused: " + sql, e);
        }
    }

    /** The comparisons as Markdown: every run, then the highest rates and their ratio. */
    static String render(List<Comparison> comparisons) {
        StringBuilder out = new StringBuilder();
        out.append("| comparison | side | rate msg/s | p50 / p99 ms | delivered / expected | server CPU % | "
                + "server µs CPU per message |\n|---|---|---|---|---|---|---|\n");
        for (Comparison c : comparisons) {
            for (RunResult r : c.runs()) {
                out.append("| ").append(c.name()).append(" | ").append(r.target()).append('/').append(r.wire())
                        .append(" | ").append(f("%,.0f", r.rate())).append(" | ")
                        .append(f("%.2f", r.p50Ms())).append(" / ").append(f("%.2f", r.p99Ms())).append(" | ")
                        .append(r.delivered()).append(" / ").append(r.expected()).append(" | ")
                        .append(f("%.0f", r.serverCpuPct())).append(" | ").append(f("%.0f", r.serverCpuUsPerMessage()))
                        .append(" |\n");
            }
        }
        out.append("\n| highest 1:1 rate with p99 < bound | baseline | candidate | candidate / baseline | "
                + "highest rate with every message delivered: baseline / candidate | candidate / baseline |\n"
                + "|---|---|---|---|---|---|\n");
        for (Comparison c : comparisons) {
            out.append("| ").append(c.name()).append(", p99 < ").append(f("%.0f", c.boundMs())).append(" ms | ")
                    .append(c.baseline()).append(' ').append(highest(c.baselineHighest(), c.baselineAtTop()))
                    .append(" | ").append(c.candidate()).append(' ')
                    .append(highest(c.candidateHighest(), c.candidateAtTop())).append(" | ")
                    .append(Double.isNaN(c.ratio()) ? "n/a" : f("%.2f", c.ratio())).append(" | ")
                    .append(highest(c.baselineSustained(), c.baselineSustained() == top(c))).append(" / ")
                    .append(highest(c.candidateSustained(), c.candidateSustained() == top(c))).append(" | ")
                    .append(Double.isNaN(c.sustainedRatio()) ? "n/a" : f("%.2f", c.sustainedRatio())).append(" |\n");
        }
        return out.toString();
    }

    /** The ramp's top rate: a side sustained there may sustain more. */
    private static double top(Comparison c) {
        return c.runs().stream().mapToDouble(RunResult::rate).max().orElse(0);
    }

    private static String highest(double rate, boolean atTop) {
        return rate == 0 ? "none" : (atTop ? "≥ " : "") + f("%,.0f", rate);
    }

    private static String f(String format, double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
    }

    /** Runs the comparisons; prints the tables and writes the JSON file. */
    public static void main(String[] args) throws Exception {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            StringBuilder usage = new StringBuilder("CompareBench options (--name=value), with their defaults:\n");
            DEFAULTS.forEach((name, value) -> usage.append("  --").append(name).append('=').append(value).append('\n'));
            System.out.print(usage.append("and of LoadBench's ").append(LoadOptions.usage()));
            return;
        }
        CompareBench bench;
        Path json = Path.of(DEFAULTS.get("compare-json"));
        try {
            bench = parse(args);
            for (String arg : args) {
                if (arg.startsWith("--compare-json=")) {
                    json = Path.of(arg.substring("--compare-json=".length()));
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        List<Comparison> comparisons = bench.run();
        System.out.println("machine: " + BenchReport.thisMachine() + ", database " + bench.options.database() + "\n");
        System.out.print(render(comparisons));
        Path parent = json.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), comparisons);
        System.out.println("\nJSON: " + json.toAbsolutePath());
    }
}
