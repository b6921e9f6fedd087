package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --json} option and the two ways of printing: aligned tables for people, JSON lines for scripts. */
public final class Output {

    @Option(names = "--json", description = "Print JSON, one object per line, for scripts.")
    boolean json;

    /**
     * Prints the outcome of a command that changes one thing: the sentence for people, or with
     * {@code --json} one JSON object made of the given name-value pairs, for scripts.
     */
    void done(PrintWriter out, String sentence, Object... fields) {
        if (!json) {
            out.println(sentence);
            return;
        }
        com.fasterxml.jackson.databind.node.ObjectNode node =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < fields.length; i += 2) {
            node.putPOJO((String) fields[i], fields[i + 1]);
        }
        out.println(node.toString());
    }

    /** Prints rows of users as a table, or as JSON lines. */
    void users(PrintWriter out, List<JsonNode> users) {
        if (json) {
            users.forEach(u -> out.println(u.toString()));
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "USERNAME", "DISPLAY NAME", "ROLES", "ENABLED"});
        for (JsonNode user : users) {
            List<String> roles = new ArrayList<>();
            user.path("roles").forEach(r -> roles.add(r.asText()));
            rows.add(new String[] {user.path("id").asText(), user.path("username").asText(),
                    user.path("displayName").asText(), String.join(",", roles),
                    user.path("enabled").asBoolean() ? "yes" : "no"});
        }
        table(out, rows);
    }

    /** Prints a table with a header row, columns padded to their widest cell. */
    static void table(PrintWriter out, List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].codePointCount(0, row[i].length()));
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - row[i].codePointCount(0, row[i].length()) + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
