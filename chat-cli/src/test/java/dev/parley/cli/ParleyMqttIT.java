package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mosquitto examples of docs/mqtt.md, run as written by Debian's mosquitto-clients against the
 * real jar, with only the port changed: 1883 belongs to a local broker on many machines, this one
 * included, so the server listens on a free port.
 */
class ParleyMqttIT {

    private static final Path DOC = Path.of("..", "docs", "mqtt.md");

    /** The shell lines of the doc's code blocks that run a mosquitto client, in order. */
    private static List<String> examples() throws IOException {
        List<String> commands = new ArrayList<>();
        boolean inBlock = false;
        for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
            if (line.startsWith("```")) {
                inBlock = !inBlock;
            } else if (inBlock && line.startsWith("mosquitto_")) {
                commands.add(line);
            }
        }
        return commands;
    }

    private static String example(List<String> examples, String containing) {
        return examples.stream().filter(c -> c.contains(containing)).findFirst()
                .orElseThrow(() -> new AssertionError("docs/mqtt.md has no example with " + containing));
    }

    /** Starts an example in bash, as a user would paste it, on the given port. */
    private static Process shell(String command, int port) throws IOException {
        assertThat(command).contains("-p 1883 ");
        return new ProcessBuilder("bash", "-c", command.replace("-p 1883 ", "-p " + port + " "))
                .redirectErrorStream(true).start();
    }

    private static String output(Process process) throws Exception {
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the command finished").isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    @Test
    @DisplayName("docs/mqtt.md: mosquitto_sub receives what mosquitto_pub sends, mosquitto_rr reads history, a wrong password fails")
    void docExamples(@TempDir Path dir) throws Exception {
        assumeThat(Path.of("/usr/bin/mosquitto_pub")).as("mosquitto-clients is installed (.ci/run installs it)").exists();
        List<String> examples = examples();
        assertThat(examples).as("the examples this test runs, and no others").hasSize(4);
        String db = "jdbc:h2:file:" + dir.resolve("parley");
        // The setup of the doc, on a fresh database of this test's own.
        for (String[] setup : List.of(new String[] {"users", "add", "alice", "--password=alice-password-1"},
                new String[] {"users", "add", "bob", "--password=bob-password-1"})) {
            assertThat(ParleyProcess.run(Map.of(), withDb(setup, db)).exitCode()).isZero();
        }
        ParleyProcess group = ParleyProcess.run(Map.of(), withDb(new String[] {"groups", "create", "Kitchen", "--owner",
                "alice", "--json"}, db));
        assertThat(JsonLines.JSON.readTree(group.out().get(0)).path("id").asLong())
                .as("the doc's group id on a fresh database").isEqualTo(1);
        assertThat(ParleyProcess.run(Map.of(), withDb(new String[] {"groups", "add", "1", "bob"}, db)).exitCode()).isZero();

        int port = ParleyProcess.freePort();
        int mqttPort = ParleyProcess.freePort();
        try (ParleyProcess server = ParleyProcess.start(Map.of("PARLEY_ADMIN_PASSWORD", "change-me"), "server",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--no-tcp", "--mqtt-port",
                Integer.toString(mqttPort), "--db", db, "--data", dir.resolve("data").toString())) {
            server.awaitOutput("mqtt://127.0.0.1:" + mqttPort);

            Process sub = shell(example(examples, "mosquitto_sub"), mqttPort);
            // mosquitto_sub says nothing once it has subscribed, and a message published before that
            // is not sent to it: publish until it has received one (-C 1 makes it exit then).
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                Process pub = shell(example(examples, "-P alice-password-1 -q 1"), mqttPort);
                assertThat(output(pub)).isEmpty();
                assertThat(pub.exitValue()).isZero();
                return sub.waitFor(1, TimeUnit.SECONDS);
            });

            JsonNode event = JsonLines.JSON.readTree(output(sub));
            assertThat(event.path("event").asText()).isEqualTo("message");
            assertThat(event.path("data").path("message").path("text").asText()).isEqualTo("The kettle is on");
            assertThat(event.path("data").path("message").path("conversationId").asLong()).isEqualTo(1);

            Process rr = shell(example(examples, "mosquitto_rr"), mqttPort);
            JsonNode history = JsonLines.JSON.readTree(output(rr));
            assertThat(history.path("ok").asBoolean()).as(history.toString()).isTrue();
            assertThat(history.path("data").path("messages").findValuesAsText("text")).contains("The kettle is on");

            Process wrong = shell(example(examples, "wrong-password"), mqttPort);
            String refused = output(wrong);
            assertThat(wrong.exitValue()).isNotZero();
            assertThat(refused.toLowerCase(java.util.Locale.ROOT)).contains("bad user name or password");
        }
    }

    private static String[] withDb(String[] args, String db) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--db";
        all[args.length + 1] = db;
        return all;
    }
}
