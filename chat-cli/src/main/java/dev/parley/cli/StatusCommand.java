package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code parley status}: one screen about a running server, over its admin protocol ({@code admin.status}). */
@Command(name = "status",
        description = {"Show a running server's version, uptime, sessions by transport, messages per second over the",
                "last minute, message writer queue and store pool; --json prints the admin.status answer as one line."},
        footer = {"", "Examples:", "  parley status --server ws://localhost:8080/chat",
                "  PARLEY_ADMIN_PASSWORD=change-me parley status --server ws://db1:8080/chat --json"})
final class StatusCommand implements Callable<Integer> {

    @Mixin
    ServerOptions server;

    @Mixin
    Output output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode status;
        try (AdminSession session = AdminSession.open(server)) {
            status = session.call("admin.status", Map.of());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json) {
            out.println(status.toString());
        } else {
            print(out, status);
        }
        out.flush();
        return 0;
    }

    static void print(PrintWriter out, JsonNode status) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Version", status.path("version").asText()});
        rows.add(new String[] {"Up", uptime(status.path("uptimeSeconds").asLong())
                + " (since " + status.path("startedAt").asText() + ")"});
        List<String> byTransport = new ArrayList<>();
        status.path("sessions").fields().forEachRemaining(e -> byTransport.add(e.getKey() + " " + e.getValue().asLong()));
        rows.add(new String[] {"Sessions", status.path("sessionsTotal").asLong()
                + (byTransport.isEmpty() ? "" : " (" + String.join(", ", byTransport) + ")")});
        rows.add(new String[] {"Messages/s", status.path("messagesPerSecond").asText() + " over the last minute"});
        JsonNode writer = status.path("writer");
        rows.add(new String[] {"Writer queue", writer.path("queueDepth").asLong() + " of "
                + writer.path("queueCapacity").asLong() + " waiting for the store"});
        JsonNode store = status.path("store");
        JsonNode pool = store.path("pool");
        rows.add(new String[] {"Store", store.path("id").asText() + (pool.isObject()
                ? ", pool " + pool.path("active").asLong() + " active, " + pool.path("idle").asLong() + " idle, "
                + pool.path("pending").asLong() + " waiting, of " + pool.path("max").asLong()
                : ", no pool")});
        for (String[] row : rows) {
            out.printf("%-13s %s%n", row[0] + ":", row[1]);
        }
    }

    /** Such as {@code 3d 4h 05m}, {@code 2h 03m 10s} or {@code 42s}. */
    static String uptime(long seconds) {
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3600;
        long minutes = seconds % 3600 / 60;
        long secs = seconds % 60;
        if (days > 0) {
            return String.format("%dd %dh %02dm", days, hours, minutes);
        }
        if (hours > 0) {
            return String.format("%dh %02dm %02ds", hours, minutes, secs);
        }
        return minutes > 0 ? String.format("%dm %02ds", minutes, secs) : secs + "s";
    }
}
