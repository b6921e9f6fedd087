package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.ChatClientException;
import dev.parley.client.ServerEvent;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parley tail}: prints messages as they flow through a running server, like {@code tail -f}. */
@Command(name = "tail",
        description = "Print the latest messages of a running server; with -f, keep printing new ones as they are stored.",
        footer = {"", "Examples:",
                "  parley tail -f --server ws://localhost:8080/chat",
                "  parley tail -n 50 --user alice --server ws://localhost:8080/chat",
                "  parley tail -f --json --conversation 7 --server ws://localhost:8080/chat | jq .text"})
final class TailCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Option(names = {"-f", "--follow"}, description = "Keep printing new messages until interrupted.")
    boolean follow;

    @Option(names = {"-n", "--lines"}, defaultValue = "20", description = "How many of the latest messages to print first (default: ${DEFAULT-VALUE}; 0 with -f for none).")
    int lines;

    @Option(names = "--user", description = "Only messages sent by this user or in their conversations.")
    String user;

    @Option(names = "--conversation", description = "Only messages of this conversation id.")
    Long conversation;

    @Mixin
    ServerOptions server;

    @Mixin
    Output output;

    @Spec
    CommandSpec spec;

    private final Map<Long, String> usernames = new HashMap<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (AdminSession session = AdminSession.open(server)) {
            Map<String, Object> filter = new HashMap<>();
            if (user != null) {
                filter.put("username", user);
            }
            if (conversation != null) {
                filter.put("conversationId", conversation);
            }
            if (follow) {
                session.call("admin.tail", filter);
            }
            if (lines > 0) {
                Map<String, Object> recent = new HashMap<>(filter);
                recent.put("limit", lines);
                for (JsonNode message : session.call("admin.messages.recent", recent).path("messages")) {
                    print(out, session, message);
                }
            }
            out.flush();
            if (!follow) {
                return 0;
            }
            while (session.client().isOpen()) {
                ServerEvent event = session.client().nextEvent(Duration.ofSeconds(1));
                if (event != null && event.name().equals("tail")) {
                    print(out, session, event.data().path("message"));
                    out.flush();
                } else if (event != null && event.name().equals("closing")) {
                    throw new CliException("the server closed the connection: " + event.data().path("reason").asText());
                }
            }
            throw new CliException("the server closed the connection");
        }
    }

    private void print(PrintWriter out, AdminSession session, JsonNode message) {
        if (output.json) {
            out.println(message.toString());
            return;
        }
        long senderId = message.path("senderId").asLong();
        String sender = senderId == 0 ? "system" : usernames.computeIfAbsent(senderId, id -> {
            try {
                return session.call("admin.users.get", Map.of("userId", id)).path("user").path("username").asText();
            } catch (CliException | ChatClientException gone) {
                return "#" + id;
            }
        });
        String text = message.path("deleted").asBoolean() ? "(deleted)"
                : message.has("attachment") ? "[" + message.path("kind").asText() + "] " + message.path("text").asText("")
                : message.path("text").asText();
        out.println(TIME.format(Instant.parse(message.path("createdAt").asText())) + "  #"
                + message.path("conversationId").asLong() + ":" + message.path("seq").asLong() + "  " + sender + ": " + text);
    }
}
