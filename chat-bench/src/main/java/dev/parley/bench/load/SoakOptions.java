package dev.parley.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The soak's settings, from {@code --name=value} arguments; every one has a default, listed by
 * {@link #usage()}.
 *
 * @param duration        how long the soak runs
 * @param sampleEvery     how often the heap, threads, open files and writer queue are sampled
 * @param runLength       how long each run sends before its members disconnect and the next connects
 * @param pairs           1:1 pairs in the pairs runs
 * @param pairRate        messages per second over all pairs
 * @param roomMembers     members of the room in the room runs (five of them send)
 * @param roomRate        messages per second into the room
 * @param sourceAddresses connections spread over 127.0.0.1 to 127.0.0.N
 * @param json            where the samples go; the PNG goes beside it as {@code soak.png}
 * @param dataDir         where the H2 file is created, afresh each soak
 */
public record SoakOptions(Duration duration, Duration sampleEvery, Duration runLength, int pairs, double pairRate,
                          int roomMembers, double roomRate, int sourceAddresses, Path json, Path dataDir) {

    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("duration", "10m");
        DEFAULTS.put("sample-every", "5s");
        DEFAULTS.put("run-length", "30s");
        DEFAULTS.put("pairs", "100");
        DEFAULTS.put("pair-rate", "500");
        DEFAULTS.put("room-members", "100");
        DEFAULTS.put("room-rate", "20");
        DEFAULTS.put("source-addresses", "4");
        DEFAULTS.put("json", "target/bench-soak/soak.json");
        DEFAULTS.put("data-dir", "target/bench-soak");
    }

    /** Checks the settings. */
    public SoakOptions {
        if (duration.isNegative() || duration.isZero() || sampleEvery.isNegative() || sampleEvery.isZero()
                || runLength.isNegative() || runLength.isZero()) {
            throw new IllegalArgumentException("duration, sample-every and run-length must be positive");
        }
        if (pairs < 1 || pairRate <= 0 || roomMembers < 2 || roomRate <= 0 || sourceAddresses < 1
                || sourceAddresses > 254) {
            throw new IllegalArgumentException("pairs, rates and room-members must be positive (a room has at least 2 "
                    + "members), source-addresses 1 to 254");
        }
    }

    /** Parses {@code --name=value} arguments over the defaults; an unknown name or a bad value fails. */
    public static SoakOptions parse(String... args) {
        Map<String, String> values = LoadOptions.named(DEFAULTS, args, usage());
        try {
            return new SoakOptions(LoadOptions.duration(values.get("duration")), LoadOptions.duration(values.get("sample-every")),
                    LoadOptions.duration(values.get("run-length")), Integer.parseInt(values.get("pairs")),
                    Double.parseDouble(values.get("pair-rate")), Integer.parseInt(values.get("room-members")),
                    Double.parseDouble(values.get("room-rate")), Integer.parseInt(values.get("source-addresses")),
                    Path.of(values.get("json")), Path.of(values.get("data-dir")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad option value: " + e.getMessage() + "\n" + usage(), e);
        }
    }

    /** Every option with its default. */
    public static String usage() {
        StringBuilder text = new StringBuilder("SoakBench options (--name=value), with their defaults:\n");
        DEFAULTS.forEach((name, value) -> text.append("  --").append(name).append('=').append(value).append('\n'));
        return text.toString();
    }
}
