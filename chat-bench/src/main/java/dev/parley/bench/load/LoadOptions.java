package dev.parley.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The load bench's settings, from {@code --name=value} arguments; each has a default, listed by
 * {@link #usage()}.
 */
public record LoadOptions(List<String> workloads, List<Wire> wires, int pairs, List<Double> rates, double p99BoundMs,
                          int roomMembers, int roomSenders, double roomRate, int rooms, int roomsSize, int roomsSenders,
                          double roomsRate, int idleSessions, int clientProcesses, int drainUsers, int drainMessages, int drainPage,
                          Duration drainTimeout, Duration warmup, Duration measure,
                          Duration drain, boolean warmupRound, int clientThreads, int sourceAddresses, Path json, Path dataDir,
                          String database, String mysqlAdminUrl, Duration writerCommitInterval) {

    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("workloads", "pairs,room,rooms,idle,drain");
        DEFAULTS.put("wires", "ws,tcp");
        DEFAULTS.put("pairs", "250");
        DEFAULTS.put("rates", "500,1000,2000,4000,8000");
        DEFAULTS.put("p99-bound-ms", "20");
        DEFAULTS.put("room-members", "500");
        DEFAULTS.put("room-senders", "10");
        DEFAULTS.put("room-rate", "100");
        DEFAULTS.put("rooms", "50");
        DEFAULTS.put("rooms-size", "10");
        DEFAULTS.put("rooms-senders", "2");
        DEFAULTS.put("rooms-rate", "500");
        DEFAULTS.put("idle-sessions", "2000");
        DEFAULTS.put("client-processes", "0");
        DEFAULTS.put("drain-users", "1000");
        DEFAULTS.put("drain-messages", "100");
        DEFAULTS.put("drain-page", "0");
        DEFAULTS.put("drain-timeout", "60s");
        DEFAULTS.put("warmup", "5s");
        DEFAULTS.put("measure", "5s");
        DEFAULTS.put("drain", "3s");
        DEFAULTS.put("warmup-round", "true");
        DEFAULTS.put("client-threads", "1");
        DEFAULTS.put("source-addresses", "8");
        DEFAULTS.put("json", "target/bench-load/results.json");
        DEFAULTS.put("data-dir", "target/bench-load");
        DEFAULTS.put("database", "h2");
        DEFAULTS.put("mysql-admin-url", "jdbc:mysql://127.0.0.1:3306/?user=root");
        DEFAULTS.put("writer-commit-interval", "2ms");
    }

    /** Parses {@code --name=value} arguments over the defaults; an unknown name or a bad value fails. */
    public static LoadOptions parse(String... args) {
        Map<String, String> values = named(DEFAULTS, args, usage());
        try {
            return new LoadOptions(list(values.get("workloads")),
                    list(values.get("wires")).stream().map(w -> Wire.valueOf(w.toUpperCase(Locale.ROOT))).toList(),
                    Integer.parseInt(values.get("pairs")),
                    list(values.get("rates")).stream().map(Double::valueOf).toList(),
                    Double.parseDouble(values.get("p99-bound-ms")),
                    Integer.parseInt(values.get("room-members")), Integer.parseInt(values.get("room-senders")),
                    Double.parseDouble(values.get("room-rate")), Integer.parseInt(values.get("rooms")),
                    Integer.parseInt(values.get("rooms-size")), Integer.parseInt(values.get("rooms-senders")),
                    Double.parseDouble(values.get("rooms-rate")), Integer.parseInt(values.get("idle-sessions")),
                    Integer.parseInt(values.get("client-processes")),
                    Integer.parseInt(values.get("drain-users")), Integer.parseInt(values.get("drain-messages")),
                    Integer.parseInt(values.get("drain-page")), duration(values.get("drain-timeout")),
                    duration(values.get("warmup")), duration(values.get("measure")), duration(values.get("drain")),
                    bool(values.get("warmup-round")),
                    Integer.parseInt(values.get("client-threads")), Integer.parseInt(values.get("source-addresses")),
                    Path.of(values.get("json")), Path.of(values.get("data-dir")), values.get("database"),
                    values.get("mysql-admin-url"), duration(values.get("writer-commit-interval")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad option value: " + e.getMessage() + "\n" + usage(), e);
        }
    }

    /** Validates the settings. */
    public LoadOptions {
        for (String workload : workloads) {
            if (!List.of("pairs", "room", "rooms", "idle", "drain").contains(workload)) {
                throw new IllegalArgumentException("unknown workload '" + workload
                        + "': pairs, room, rooms, idle or drain");
            }
        }
        if (wires.contains(Wire.MQTT)) {
            throw new IllegalArgumentException("wires are ws and tcp here: MQTT has no bare baseline, and CompareBench "
                    + "(--compare=mqtt) sets it beside TCP");
        }
        if (!database.equals("h2") && !database.equals("mariadb")) {
            throw new IllegalArgumentException("unknown database '" + database + "': h2 or mariadb");
        }
        if (pairs < 1 || roomMembers < 2 || roomSenders < 1 || roomSenders > roomMembers || clientThreads < 1
                || sourceAddresses < 1 || sourceAddresses > 254 || rates.isEmpty() || roomRate <= 0
                || idleSessions < 2 || idleSessions % 2 != 0) {
            throw new IllegalArgumentException("pairs, room sizes, rates and threads must be positive, "
                    + "room-senders at most room-members, source-addresses 1 to 254, idle-sessions even and at least 2");
        }
        if (clientProcesses < 0 || clientProcesses > idleSessions) {
            throw new IllegalArgumentException("client-processes must be 0 (the idle workload's client in this JVM) "
                    + "up to idle-sessions");
        }
        if (rooms < 1 || roomsSize < 2 || roomsSenders < 1 || roomsSenders > roomsSize || roomsRate <= 0) {
            throw new IllegalArgumentException("rooms, rooms-rate and rooms-senders must be positive, rooms-size at "
                    + "least 2, rooms-senders at most rooms-size");
        }
        if (drainUsers < 1 || drainMessages < 1 || drainPage < 0 || drainTimeout.isNegative() || drainTimeout.isZero()) {
            throw new IllegalArgumentException("drain-users, drain-messages and drain-timeout must be positive, "
                    + "drain-page 0 (the server's page size) or more");
        }
        if (writerCommitInterval.isNegative() || writerCommitInterval.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("writer-commit-interval must be 0ms (no pacing) up to 1s, as the server's");
        }
        rates = new ArrayList<>(rates).stream().sorted().toList();
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean bool(String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("'" + value + "' is neither true nor false");
        }
        return Boolean.parseBoolean(value);
    }

    /**
     * The {@code --name=value} arguments over the defaults, for this bench's options and the soak's;
     * an unknown name fails, with the usage.
     */
    static Map<String, String> named(Map<String, String> defaults, String[] args, String usage) {
        Map<String, String> values = new LinkedHashMap<>(defaults);
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = arg.startsWith("--") && eq > 2 ? arg.substring(2, eq) : null;
            if (name == null || !defaults.containsKey(name)) {
                throw new IllegalArgumentException("unknown option '" + arg + "'\n" + usage);
            }
            values.put(name, arg.substring(eq + 1));
        }
        return values;
    }

    /** {@code 500ms}, {@code 5s}, {@code 10m}, or a number of seconds. */
    static Duration duration(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("m")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000));
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(v.endsWith("s") ? v.substring(0, v.length() - 1) : v)
                * 1000));
    }

    /** Every option with its default. */
    public static String usage() {
        StringBuilder text = new StringBuilder("options (--name=value), with their defaults:\n");
        DEFAULTS.forEach((name, value) -> text.append("  --").append(name).append('=').append(value).append('\n'));
        return text.toString();
    }
}
