package dev.parley.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.cli.AdminRecords.Friend;
import dev.parley.cli.AdminRecords.Group;
import dev.parley.cli.AdminRecords.User;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The {@code --json} option and the two ways of printing: aligned tables for people, JSON lines for
 * scripts. The admin commands print their {@link AdminRecords} here, whichever backend made them.
 */
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
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < fields.length; i += 2) {
            node.putPOJO((String) fields[i], fields[i + 1]);
        }
        out.println(node.toString());
    }

    /** Prints one record as a JSON line, or the sentence for people. */
    void record(PrintWriter out, String sentence, Object record) {
        out.println(json ? AdminRecords.json(record) : sentence);
    }

    /** Prints users as a table, or as JSON lines. */
    void users(PrintWriter out, List<User> users) {
        print(out, users, new String[] {"ID", "USERNAME", "DISPLAY NAME", "ROLES", "ENABLED"},
                user -> new String[] {Long.toString(user.id()), user.username(), user.displayName(),
                        String.join(",", user.roles()), yesNo(user.enabled())});
    }

    /** Prints a friend list as a table, or as JSON lines. */
    void friends(PrintWriter out, List<Friend> friends) {
        print(out, friends, new String[] {"USERNAME", "DISPLAY NAME", "RELATIONSHIP", "ONLINE"},
                friend -> new String[] {friend.user().username(), friend.user().displayName(), friend.relationship(),
                        yesNo(friend.presence().online())});
    }

    /** Prints groups as a table, or as JSON lines. */
    void groups(PrintWriter out, List<Group> groups) {
        print(out, groups, new String[] {"ID", "NAME", "MEMBERS", "OWNER"},
                group -> new String[] {Long.toString(group.id()), group.name(),
                        Integer.toString(group.members().size()), group.owner() == null ? "" : "#" + group.owner()});
    }

    private <T> void print(PrintWriter out, List<T> records, String[] header, Function<T, String[]> row) {
        if (json) {
            records.forEach(r -> out.println(AdminRecords.json(r)));
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(header);
        records.forEach(r -> rows.add(row.apply(r)));
        table(out, rows);
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
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
