package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.client.ChatClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar with its admin port: /metrics after real traffic over WebSocket and TCP, the health
 * endpoints through start and shutdown, {@code parley status}, and every log line at TRACE free of
 * message bodies, passwords and tokens.
 */
class ParleyMetricsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "admin-pass-Q7x!secret";
    private static final String ALICE_PASSWORD = "alice-pass-Z9w#secret";
    private static final String BOB_PASSWORD = "bob-pass-K4m%secret";
    private static final String MARKER = "MARKER-body-5b1e9c";
    private static final int MESSAGES = 7;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    @DisplayName("/metrics moves by exactly the traffic sent; ready after start, not ready while stopping; logs keep secrets")
    void metricsHealthStatusAndLogs(@TempDir Path dir) throws Exception {
        int port = ParleyProcess.freePort();
        int tcpPort = ParleyProcess.freePort();
        int adminPort = ParleyProcess.freePort();
        Map<String, String> env = Map.of("PARLEY_ADMIN_PASSWORD", ADMIN_PASSWORD,
                // Every logger at TRACE, so that the secrecy check below sees every line at every level.
                "JAVA_TOOL_OPTIONS", "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace");
        String admin = "http://127.0.0.1:" + adminPort;
        URI ws = URI.create("ws://127.0.0.1:" + port + "/chat");
        List<String> secrets = new ArrayList<>(List.of(MARKER, ADMIN_PASSWORD, ALICE_PASSWORD, BOB_PASSWORD));
        try (ParleyProcess server = ParleyProcess.start(env, "server", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--tcp-port", Integer.toString(tcpPort), "--admin-port", Integer.toString(adminPort),
                "--shutdown-grace", "3s", "--db", "jdbc:h2:file:" + dir.resolve("db").resolve("parley"),
                "--data", dir.resolve("data").toString())) {
            server.awaitOutput("Parley server ready");
            HttpResponse<String> ready = get(admin + "/health/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(JSON.readTree(ready.body()).path("checks").path("store").asText()).isEqualTo("up");
            assertThat(get(admin + "/health/live").statusCode()).isEqualTo(200);
            Map<String, Double> before = scrape(admin);

            // Over WebSocket: the admin sets up two friends, and Alice sends MESSAGES messages to Bob.
            long bobId;
            try (ChatClient root = ChatClient.connect(ws); ChatClient alice = ChatClient.connect(ws)) {
                root.login("admin", ADMIN_PASSWORD);
                assertThat(root.call("admin.users.create", Map.of("username", "alice", "password", ALICE_PASSWORD)).ok()).isTrue();
                bobId = root.call("admin.users.create", Map.of("username", "bob", "password", BOB_PASSWORD))
                        .data().path("user").path("id").asLong();
                assertThat(root.call("admin.friends.add", Map.of("username", "alice", "friend", "bob")).ok()).isTrue();
                secrets.add(alice.login("alice", ALICE_PASSWORD).path("token").asText());

                // Over TCP: Bob logs in with his password, then again with the token he got; someone guesses wrong.
                try (Socket bob = new Socket("127.0.0.1", tcpPort); Socket bobAgain = new Socket("127.0.0.1", tcpPort);
                     Socket guess = new Socket("127.0.0.1", tcpPort)) {
                    JsonNode login = line(bob, "{\"id\":1,\"op\":\"login\",\"data\":{\"scheme\":\"password\",\"username\":\"bob\","
                            + "\"password\":\"" + BOB_PASSWORD + "\"}}");
                    String token = login.path("data").path("token").asText();
                    secrets.add(token);
                    assertThat(line(bobAgain, "{\"id\":1,\"op\":\"login\",\"data\":{\"scheme\":\"token\",\"token\":\""
                            + token + "\"}}").path("ok").asBoolean()).isTrue();
                    assertThat(line(guess, "{\"id\":1,\"op\":\"login\",\"data\":{\"scheme\":\"password\",\"username\":\"bob\","
                            + "\"password\":\"" + ALICE_PASSWORD + "\"}}").path("error").path("code").asText())
                            .isEqualTo("unauthorized");

                    for (int i = 0; i < MESSAGES; i++) {
                        assertThat(alice.call("send", Map.of("toUserId", bobId, "text", MARKER + " number " + i,
                                "clientMsgId", "c-" + i)).ok()).isTrue();
                    }
                    // A line past the frame limit: the server cuts the guesser's connection as too_large.
                    guess.getOutputStream().write(("{\"x\":\"" + "y".repeat(70 * 1024) + "\"}\n").getBytes(StandardCharsets.UTF_8));
                    guess.getOutputStream().flush();
                    guess.setSoTimeout(10_000);
                    byte[] drain = new byte[8192];
                    while (guess.getInputStream().read(drain) >= 0) {
                        // the error and the closing event, then the end of the stream
                    }

                    Map<String, Double> after = scrape(admin);
                    assertThat(delta(before, after, "parley_connections_accepted_total{transport=\"websocket\"}")).isEqualTo(2);
                    assertThat(delta(before, after, "parley_connections_accepted_total{transport=\"tcp\"}")).isEqualTo(3);
                    assertThat(delta(before, after, "parley_logins_total{outcome=\"ok\"}")).isEqualTo(4);
                    assertThat(delta(before, after, "parley_logins_total{outcome=\"refused\"}")).isEqualTo(1);
                    assertThat(delta(before, after, "parley_requests_total{op=\"send\",outcome=\"ok\"}")).isEqualTo(MESSAGES);
                    assertThat(delta(before, after, "parley_requests_total{op=\"admin.users.create\",outcome=\"ok\"}")).isEqualTo(2);
                    assertThat(delta(before, after, "parley_request_latency_seconds_count{op=\"send\"}")).isEqualTo(MESSAGES);
                    assertThat(delta(before, after, "parley_messages_sent_total")).isEqualTo(MESSAGES);
                    assertThat(delta(before, after, "parley_messages_duplicates_total")).isZero();
                    assertThat(delta(before, after, "parley_writer_batch_size_messages_sum")).isEqualTo(MESSAGES);
                    assertThat(delta(before, after, "parley_writer_commit_latency_seconds_count")).isBetween(1.0, (double) MESSAGES);
                    assertThat(delta(before, after, "parley_connections_closed_total{reason=\"too_large\",transport=\"tcp\"}"))
                            .isEqualTo(1);
                    assertThat(after.get("parley_sessions_open{transport=\"websocket\"}")).isEqualTo(2);
                    assertThat(after.get("parley_sessions_open{transport=\"tcp\"}")).isEqualTo(2);
                    assertThat(after.get("parley_writer_queue_depth")).isZero();
                    assertThat(after).containsKey("hikaricp_connections_active{pool=\"parley-jdbc\"}")
                            .containsKey("process_uptime_seconds");
                    assertThat(after.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes{area=\"heap\""));
                    assertThat(after.keySet()).anyMatch(k -> k.startsWith("cache_gets_total{cache=\"parley.users.byName\""));

                    // parley status, while these sessions are open: its own admin session is the third on WebSocket.
                    ParleyProcess status = ParleyProcess.run(Map.of("PARLEY_ADMIN_PASSWORD", ADMIN_PASSWORD), "status",
                            "--json", "--server", ws.toString());
                    assertThat(status.exitCode()).as(String.join("\n", status.err())).isZero();
                    JsonNode summary = JSON.readTree(status.out().get(0));
                    assertThat(summary.path("sessions").path("websocket").asLong()).isEqualTo(3);
                    assertThat(summary.path("sessions").path("tcp").asLong()).isEqualTo(2);
                    assertThat(summary.path("messagesPerSecond").asDouble()).isEqualTo(Math.round(MESSAGES * 100 / 60.0) / 100.0);
                    assertThat(summary.path("writer").path("queueCapacity").asLong()).isEqualTo(10_000);
                    assertThat(summary.path("store").path("id").asText()).isEqualTo("jdbc");
                    assertThat(summary.path("store").path("pool").path("max").asLong()).isPositive();
                    assertThat(summary.path("uptimeSeconds").asLong()).isPositive();
                    ParleyProcess screen = ParleyProcess.run(Map.of("PARLEY_ADMIN_PASSWORD", ADMIN_PASSWORD), "status",
                            "--server", ws.toString());
                    assertThat(String.join("\n", screen.out())).contains("Sessions:     5 (tcp 2, websocket 3)")
                            .contains("Store:        jdbc, pool ");
                }
            }
            // The operator's line for the cut connection names the reason, the transport and the address only.
            await().atMost(Duration.ofSeconds(10)).until(() -> server.err().stream()
                    .anyMatch(l -> l.contains("closed connection: reason=too_large transport=tcp remote=127.0.0.1")));

            // SIGTERM with a grace: ready turns 503 while the server still serves, then it exits cleanly.
            server.terminate();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> get(admin + "/health/ready").statusCode() == 503);
            JsonNode stopping = JSON.readTree(get(admin + "/health/ready").body());
            assertThat(stopping.path("status").asText()).isEqualTo("not_ready");
            assertThat(stopping.path("checks").path("engine").asText()).isEqualTo("stopping");
            try (ChatClient late = ChatClient.connect(ws)) {
                assertThat(late.call("ping").ok()).as("the server still serves during the grace").isTrue();
            }
            assertThat(server.exitCode()).isZero();

            List<String> lines = new ArrayList<>(server.out());
            lines.addAll(server.err());
            assertThat(lines.stream().filter(l -> l.contains("TRACE") || l.contains("DEBUG")))
                    .as("TRACE and DEBUG lines were captured").isNotEmpty();
            List<String> leaks = new ArrayList<>();
            for (String secret : secrets) {
                lines.stream().filter(l -> l.contains(secret)).forEach(l -> leaks.add(secret + " in: " + l));
            }
            assertThat(leaks).as("log lines that hold a message body, a password or a token").isEmpty();
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?\\s+(\\S+)$");

    /** The Prometheus text as {@code name{labels}} to value, labels in the order the registry writes them. */
    private static Map<String, Double> scrape(String admin) throws Exception {
        HttpResponse<String> response = get(admin + "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/plain; version=0.0.4");
        Map<String, Double> samples = new TreeMap<>();
        for (String line : response.body().split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.matches()) {
                samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
            }
        }
        return samples;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String sample) {
        assertThat(after).as("the scrape has " + sample).containsKey(sample);
        return after.get(sample) - before.getOrDefault(sample, 0.0);
    }

    /** Sends one line on the socket and reads the answer. */
    private static JsonNode line(Socket socket, String frame) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write((frame + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        while (true) {
            String reply = in.readLine();
            assertThat(reply).as("an answer to " + frame).isNotNull();
            JsonNode node = JSON.readTree(reply);
            if (node.has("id")) {
                return node; // events before it are not this test's concern
            }
        }
    }
}
