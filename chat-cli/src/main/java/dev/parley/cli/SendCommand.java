package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parley send}: sends a message as a user, or a system notice, through a running server. */
@Command(name = "send",
        description = {"Send a message as a user (--from) or as the system (--system), through a running server.",
                "A direct message (--from ... --to ...) needs the two users to be friends: by default the server "
                        + "lets only friends message each other directly (make them friends with 'parley friends add')."},
        footer = {"", "Examples:",
                "  parley friends add alice bob --server ws://localhost:8080/chat",
                "  parley send --from alice --to bob \"Hi Bob\" --server ws://localhost:8080/chat",
                "  parley send --system --to bob \"Your account is ready\" --server ws://localhost:8080/chat",
                "  parley send --system --all \"Maintenance at 22:00\" --server ws://localhost:8080/chat"})
final class SendCommand implements Callable<Integer> {

    static final class Sender {
        @Option(names = "--from", required = true, description = "Send as this user.")
        String from;

        @Option(names = "--system", required = true, description = "Send a system notice.")
        boolean system;
    }

    static final class Target {
        @Option(names = "--to", required = true, description = "The recipient's username.")
        String to;

        @Option(names = "--group", required = true, description = "The group's conversation id.")
        Long group;

        @Option(names = "--all", required = true, description = "Every user (system notices only).")
        boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Sender sender;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Parameters(index = "0", description = "The text.")
    String text;

    @Mixin
    ServerOptions server;

    @Mixin
    Output output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (AdminSession session = AdminSession.open(server)) {
            JsonNode result;
            if (sender.system) {
                if (target.group != null) {
                    throw new CliException("system notices go to users (--to) or everyone (--all), not to groups");
                }
                result = target.all
                        ? session.call("admin.notice", Map.of("all", true, "text", text))
                        : session.call("admin.notice", Map.of("username", target.to, "text", text));
            } else {
                if (target.all) {
                    throw new CliException("--all is for system notices; send to --to USER or --group ID");
                }
                Map<String, Object> data = new HashMap<>();
                data.put("from", sender.from);
                data.put("text", text);
                if (target.group != null) {
                    data.put("conversationId", target.group);
                } else {
                    data.put("toUserId", session.call("admin.users.get", Map.of("username", target.to))
                            .path("user").path("id").asLong());
                }
                result = session.call("admin.send", data);
            }
            if (output.json) {
                spec.commandLine().getOut().println(result.toString());
            } else if (result.has("count")) {
                spec.commandLine().getOut().println("Sent to " + result.path("count").asLong() + " users.");
            } else {
                JsonNode message = result.path("message");
                spec.commandLine().getOut().println("Sent: conversation " + message.path("conversationId").asLong()
                        + ", seq " + message.path("seq").asLong());
            }
        }
        return 0;
    }
}
