package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real server started with a non-default value for each limit, and each value seen to take effect
 * through the protocol. The limits are small on purpose; the connections of one test are used in one
 * go, since the TCP idle timeout is short.
 */
class ParleyLimitsIT {

    private static final String ADMIN_PASSWORD = "admin-password-1";
    private static final String PASSWORD = "limits-password-1";

    @TempDir
    static Path dir;
    private static ParleyProcess server;
    private static int port;
    private static int tcpPort;

    @BeforeAll
    static void startServer() throws Exception {
        port = ParleyProcess.freePort();
        tcpPort = ParleyProcess.freePort();
        server = ParleyProcess.start(Map.of("PARLEY_ADMIN_PASSWORD", ADMIN_PASSWORD, "PARLEY_SEND_BURST", "3"),
                "server", "--host", "127.0.0.1", "--port", Integer.toString(port), "--tcp-port", Integer.toString(tcpPort),
                "--db", "jdbc:h2:file:" + dir.resolve("db").resolve("parley"), "--data", dir.resolve("data").toString(),
                "--max-text-length", "10", "--send-rate", "1", "--sessions-per-user", "2",
                "--connections-per-address", "12", "--max-frame-bytes", "2048", "--max-attachment-bytes", "5000",
                "--max-group-size", "3", "--tcp-idle-timeout", "3s", "--ws-idle-timeout", "2s",
                "--max-pending-requests", "2", "--worker-threads", "1", "--token-ttl", "1h", "--login-attempts", "2",
                "--login-refill", "10m", "--argon2-memory-kib", "4096", "--argon2-iterations", "1",
                "--image-types", "image/png", "--reserved-usernames", "support", "--direct-messages", "anyone",
                "--group-invites", "anyone-joins", "--login-attempts-per-address", "3", "--login-address-refill", "10m",
                "--max-uploads-per-user", "1", "--upload-idle-timeout", "2s", "--http-threads", "24", "--max-page-size", "2",
                "--min-password-length", "12");
        server.awaitOutput("Parley server ready");
        try (JsonLines admin = new JsonLines(tcpPort)) {
            assertThat(admin.login("admin", ADMIN_PASSWORD).path("ok").asBoolean()).isTrue();
            for (String name : List.of("alice", "bob", "carol", "dave", "erin", "frank", "gina")) {
                JsonNode created = admin.call("admin.users.create", "{\"username\":\"" + name + "\",\"displayName\":\""
                        + name + "\",\"password\":\"" + PASSWORD + "\"}");
                assertThat(created.path("ok").asBoolean()).as(created.toString()).isTrue();
            }
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        assertThat(server.stop()).isZero();
        server.close();
        // The Argon2id parameters show in the stored hashes.
        Path backup = dir.resolve("backup.jsonl");
        ParleyProcess export = ParleyProcess.run(Map.of(), "db", "export", backup.toString(), "--include-credentials",
                "--db", "jdbc:h2:file:" + dir.resolve("db").resolve("parley"));
        assertThat(export.exitCode()).as(String.join("\n", export.err())).isZero();
        assertThat(java.nio.file.Files.readString(backup)).contains("$argon2id$v=19$m=4096,t=1,p=1$");
    }

    private static long userId(JsonLines client, String username) throws Exception {
        return client.call("users.find", "{\"username\":\"" + username + "\"}").path("data").path("user").path("id").asLong();
    }

    @Test
    @DisplayName("hello announces the frame, text, group and attachment limits that were set")
    void helloAnnouncesTheLimits() throws Exception {
        try (JsonLines client = new JsonLines(tcpPort)) {
            JsonNode limits = client.call("hello", "{\"versions\":[1]}").path("data").path("limits");
            assertThat(limits.path("maxFrameBytes").asInt()).isEqualTo(2048);
            assertThat(limits.path("maxTextLength").asInt()).isEqualTo(10);
            assertThat(limits.path("maxGroupSize").asInt()).isEqualTo(3);
            assertThat(limits.path("maxAttachmentBytes").asLong()).isEqualTo(5000);
        }
    }

    @Test
    @DisplayName("text, send burst, group size and token lifetime follow their options")
    void messagesAndGroups() throws Exception {
        try (JsonLines alice = new JsonLines(tcpPort)) {
            JsonNode login = alice.login("alice", PASSWORD);
            Instant expires = Instant.parse(login.path("data").path("expiresAt").asText());
            assertThat(Duration.between(Instant.now(), expires)).isBetween(Duration.ofMinutes(55), Duration.ofMinutes(61));
            JsonNode notes = alice.call("groups.create", "{\"name\":\"Notes\",\"members\":[]}");
            long group = notes.path("data").path("conversation").path("id").asLong();
            JsonNode tooLong = alice.call("send", "{\"conversationId\":" + group + ",\"text\":\"eleven char\"}");
            assertThat(JsonLines.error(tooLong)).as(tooLong.toString()).isEqualTo("too_large");
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                JsonNode sent = alice.call("send", "{\"conversationId\":" + group + ",\"text\":\"hi " + i + "\"}");
                answers.add(sent.path("ok").asBoolean() ? "ok" : JsonLines.error(sent));
            }
            // A burst of 3 at one a second: the first three pass, and one of the next two at least is refused.
            assertThat(answers.subList(0, 3)).containsOnly("ok");
            assertThat(answers.subList(3, 5)).contains("rate_limited");
            // At least three messages are stored; with --max-page-size 2 a page holds two.
            JsonNode page = alice.call("history", "{\"conversationId\":" + group + ",\"limit\":50}");
            assertThat(page.path("data").path("messages").size()).as(page.toString()).isEqualTo(2);
            String members = "[" + userId(alice, "bob") + "," + userId(alice, "carol") + "," + userId(alice, "dave") + "]";
            JsonNode big = alice.call("groups.create", "{\"name\":\"Big\",\"members\":" + members + "}");
            assertThat(JsonLines.error(big)).as(big.toString()).isEqualTo("too_large");
        }
    }

    @Test
    @DisplayName("sessions per user, login attempts and waiting requests follow their options")
    void sessionsLoginsAndPendingRequests() throws Exception {
        try (JsonLines first = new JsonLines(tcpPort); JsonLines second = new JsonLines(tcpPort);
             JsonLines third = new JsonLines(tcpPort)) {
            assertThat(first.login("bob", PASSWORD).path("ok").asBoolean()).isTrue();
            assertThat(second.login("bob", PASSWORD).path("ok").asBoolean()).isTrue();
            assertThat(JsonLines.error(third.login("bob", PASSWORD))).isEqualTo("rate_limited");
        }
        try (JsonLines guesser = new JsonLines(tcpPort)) {
            assertThat(JsonLines.error(guesser.login("carol", "wrong-guess-1"))).isEqualTo("unauthorized");
            assertThat(JsonLines.error(guesser.login("carol", "wrong-guess-2"))).isEqualTo("unauthorized");
            assertThat(JsonLines.error(guesser.login("carol", PASSWORD))).isEqualTo("rate_limited");
        }
        try (JsonLines flood = new JsonLines(tcpPort)) {
            // One worker and at most 2 waiting: a login (a password hash) with ten pings behind it in one write.
            StringBuilder burst = new StringBuilder("{\"id\":\"login\",\"op\":\"login\",\"data\":{\"scheme\":\"password\","
                    + "\"username\":\"erin\",\"password\":\"" + PASSWORD + "\"}}\n");
            for (int i = 0; i < 10; i++) {
                burst.append("{\"id\":\"p").append(i).append("\",\"op\":\"ping\"}\n");
            }
            flood.write(burst.toString());
            List<JsonNode> refused = new ArrayList<>();
            int answered = 0;
            while (answered < 11) {
                JsonNode frame = flood.next();
                assertThat(frame).isNotNull();
                if (frame.has("ok")) {
                    answered++;
                    if ("rate_limited".equals(JsonLines.error(frame))) {
                        refused.add(frame);
                    }
                }
            }
            assertThat(refused).isNotEmpty();
            assertThat(refused.get(0).path("error").path("message").asText()).contains("more than 2 requests");
        }
    }

    @Test
    @DisplayName("connections per address, the frame limit and the TCP idle timeout follow their options")
    void connectionsFramesAndIdleTimeout() throws Exception {
        try (JsonLines oversized = new JsonLines(tcpPort)) {
            oversized.write("{\"id\":\"1\",\"op\":\"ping\",\"pad\":\"" + "x".repeat(3000) + "\"}\n");
            assertThat(JsonLines.error(oversized.next())).isEqualTo("too_large");
            assertThat(oversized.awaitEvent("closing").path("data").path("reason").asText()).isEqualTo("too_large");
        }
        Instant opened = Instant.now();
        try (JsonLines silent = new JsonLines(tcpPort)) {
            JsonNode closing = silent.awaitEvent("closing");
            assertThat(closing.path("data").path("reason").asText()).isEqualTo("idle_timeout");
            assertThat(Duration.between(opened, Instant.now())).isLessThan(Duration.ofSeconds(30));
        }
        // 12 allowed from one address: well within 20 connections, one is told too_many_connections
        // (with the default of 200, none would be).
        List<JsonLines> open = new ArrayList<>();
        try {
            String refusal = null;
            while (refusal == null && open.size() < 20) {
                JsonLines client = new JsonLines(tcpPort);
                open.add(client);
                client.write("{\"id\":\"1\",\"op\":\"ping\"}\n");
                JsonNode first = client.next();
                if (first != null && first.has("event")) {
                    refusal = first.path("data").path("reason").asText();
                }
            }
            assertThat(refusal).isEqualTo("too_many_connections");
            assertThat(open.size()).isLessThanOrEqualTo(13);
        } finally {
            for (JsonLines client : open) {
                client.close();
            }
        }
    }

    @Test
    @DisplayName("attachment size and types follow their options")
    void attachments() throws Exception {
        String token;
        try (JsonLines dave = new JsonLines(tcpPort)) {
            token = dave.login("dave", PASSWORD).path("data").path("token").asText();
        }
        HttpClient http = HttpClient.newHttpClient();
        java.util.function.BiFunction<String, Integer, Integer> upload = (type, size) -> {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/attachments?kind=image"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", type)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[size])).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        assertThat(upload.apply("image/png", 1000)).isEqualTo(201);
        // image/jpeg is an image by default, but not with --image-types image/png.
        assertThat(upload.apply("image/jpeg", 1000)).isEqualTo(415);
        assertThat(upload.apply("image/png", 6000)).isEqualTo(413);
    }

    @Test
    @DisplayName("the WebSocket idle timeout sets how often the server pings")
    void webSocketPingsAtHalfTheIdleTimeout() throws Exception {
        CompletableFuture<Instant> pinged = new CompletableFuture<>();
        Instant opened = Instant.now();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/chat"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
                        pinged.complete(Instant.now());
                        return WebSocket.Listener.super.onPing(webSocket, message);
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            // 60 s by default, pinged every 30 s; with 2 s, a ping comes within about a second.
            assertThat(Duration.between(opened, pinged.get(20, TimeUnit.SECONDS))).isLessThan(Duration.ofSeconds(10));
        } finally {
            socket.abort();
        }
    }

    @Test
    @DisplayName("reserved usernames, the direct-message policy and the group-invite policy follow their options")
    void namesAndPolicies() throws Exception {
        try (JsonLines anonymous = new JsonLines(tcpPort)) {
            // Only 'support' is reserved, with its look-alikes; 'root', reserved by default, is free.
            for (String reserved : List.of("support", "Supp0rt")) {
                JsonNode refused = anonymous.call("register", "{\"username\":\"" + reserved.toLowerCase(java.util.Locale.ROOT)
                        + "\",\"displayName\":\"S\",\"password\":\"" + PASSWORD + "\"}");
                assertThat(JsonLines.error(refused)).as(refused.toString()).isEqualTo("conflict");
            }
            JsonNode root = anonymous.call("register", "{\"username\":\"root\",\"displayName\":\"Root\",\"password\":\""
                    + PASSWORD + "\"}");
            assertThat(root.path("ok").asBoolean()).as(root.toString()).isTrue();
            // 11 characters is under --min-password-length 12 (the default, 8, would take it).
            JsonNode shortPassword = anonymous.call("register", "{\"username\":\"shorty\",\"displayName\":\"S\","
                    + "\"password\":\"eleven-char\"}");
            assertThat(JsonLines.error(shortPassword)).as(shortPassword.toString()).isEqualTo("bad_request");
            assertThat(shortPassword.path("error").path("message").asText()).contains("at least 12 characters");
        }
        long group;
        try (JsonLines frank = new JsonLines(tcpPort)) {
            assertThat(frank.login("frank", PASSWORD).path("ok").asBoolean()).isTrue();
            long gina = userId(frank, "gina");
            // Not friends: with --direct-messages anyone the message goes through (by default: forbidden).
            JsonNode direct = frank.call("send", "{\"toUserId\":" + gina + ",\"text\":\"hi gina\"}");
            assertThat(direct.path("ok").asBoolean()).as(direct.toString()).isTrue();
            // With --group-invites anyone-joins a non-friend joins at once (by default: an invitation).
            JsonNode created = frank.call("groups.create", "{\"name\":\"Open\",\"members\":[" + gina + "]}");
            assertThat(created.path("ok").asBoolean()).as(created.toString()).isTrue();
            assertThat(created.path("data").has("invited")).as(created.toString()).isFalse();
            group = created.path("data").path("conversation").path("id").asLong();
        }
        try (JsonLines gina = new JsonLines(tcpPort)) {
            assertThat(gina.login("gina", PASSWORD).path("ok").asBoolean()).isTrue();
            JsonNode history = gina.call("history", "{\"conversationId\":" + group + "}");
            assertThat(history.path("ok").asBoolean()).as(history.toString()).isTrue();
        }
    }

    @Test
    @DisplayName("the per-address login budget follows its option and spares other addresses")
    void loginBudgetPerAddress() throws Exception {
        try (JsonLines guesser = JsonLines.from("127.0.0.2", tcpPort)) {
            for (String account : List.of("nobody-1", "nobody-2", "nobody-3")) {
                assertThat(JsonLines.error(guesser.login(account, "wrong-guess"))).isEqualTo("unauthorized");
            }
            // Three failures over three accounts used up 127.0.0.2's budget, even for a right password.
            assertThat(JsonLines.error(guesser.login("gina", PASSWORD))).isEqualTo("rate_limited");
        }
        try (JsonLines elsewhere = new JsonLines(tcpPort)) {
            assertThat(elsewhere.login("gina", PASSWORD).path("ok").asBoolean()).isTrue();
        }
    }

    @Test
    @DisplayName("uploads per user and the upload idle timeout follow their options")
    void uploadLimits() throws Exception {
        String token;
        try (JsonLines frank = new JsonLines(tcpPort)) {
            token = frank.login("frank", PASSWORD).path("data").path("token").asText();
        }
        try (java.net.Socket stalled = new java.net.Socket("127.0.0.1", port)) {
            stalled.setSoTimeout(20_000);
            stalled.getOutputStream().write(("POST /attachments?kind=image HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + token + "\r\nContent-Type: image/png\r\nContent-Length: 1000\r\n\r\nabc")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();
            HttpClient http = HttpClient.newHttpClient();
            java.util.function.Supplier<Integer> upload = () -> {
                try {
                    return http.send(java.net.http.HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/attachments?kind=image"))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "image/png")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[100])).build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            };
            // One upload per user: while the stalled one holds the slot, the next is refused.
            await().atMost(Duration.ofSeconds(10)).until(() -> upload.get() == 429);
            // After 2 s of silence the stalled upload is answered 408 and its slot is free again.
            String answer = new String(stalled.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 408");
            await().atMost(Duration.ofSeconds(10)).until(() -> upload.get() == 201);
        }
    }
}
