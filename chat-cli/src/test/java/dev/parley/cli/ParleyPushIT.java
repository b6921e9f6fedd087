package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.ChatClient;
import dev.parley.push.apns.MockApns;
import dev.parley.testkit.push.FakeFcmServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push from end to end: the real {@code parley server} loads the APNs and FCM plugin archives that the
 * build made from a plugins folder that also holds a broken jar, is configured through PARLEY_PUSH_*
 * variables, and pushes to Pushy's MockApnsServer and a fake FCM when a message reaches a user with no
 * live connection.
 */
class ParleyPushIT {

    private static final String PASSWORD = "correct horse battery";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path plugins() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        for (String name : List.of("apns", "fcm")) {
            Path archive = Path.of(System.getProperty("parley.plugin." + name));
            assertThat(archive).as("the build packs the %s plugin before this test", name).exists();
            Files.copy(archive, plugins.resolve(archive.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        // Not a zip at all, as a download cut short leaves it.
        Files.write(plugins.resolve("broken-1.0.jar"), "PK\u0003\u0004 this is not a jar".getBytes());
        return plugins;
    }

    private static long idOf(JsonNode registered) {
        return registered.path("user").path("id").asLong();
    }

    private static boolean online(ChatClient viewer, String username) {
        for (JsonNode friend : viewer.call("friends.list").orThrow().path("friends")) {
            if (friend.path("user").path("username").asText().equals(username)) {
                return friend.path("presence").path("online").asBoolean();
            }
        }
        throw new AssertionError("no friend " + username);
    }

    @Test
    @DisplayName("offline bob gets one push on APNs and one on FCM with the badge; online, none; with APNs down, "
            + "the send is not held up, sync has the message and the push is retried")
    void endToEnd() throws Exception {
        Path plugins = plugins();
        try (MockApns apns = new MockApns(Files.createDirectories(dir.resolve("apns")), null, MockApns.freePort());
             FakeFcmServer fcm = new FakeFcmServer()) {
            Map<String, String> environment = new HashMap<>();
            apns.tokenSettings().forEach((key, value) ->
                    environment.put("PARLEY_PUSH_APNS_" + key.toUpperCase().replace('-', '_'), value));
            environment.put("PARLEY_PUSH_FCM_CREDENTIALS_FILE", fcm.writeServiceAccount(dir).toString());
            environment.put("PARLEY_PUSH_FCM_BASE_URL", fcm.baseUrl());
            int port = ParleyProcess.freePort();
            try (ParleyProcess server = ParleyProcess.start(environment, "server", "--host", "127.0.0.1", "--port",
                    Integer.toString(port), "--no-tcp", "--db", "jdbc:h2:mem:push-e2e", "--plugins", plugins.toString(),
                    "--push-backoff", "500ms", "--push-max-backoff", "2s", "--push-attempts", "60")) {
                server.awaitOutput("Parley server ready");
                List<String> out = server.out();
                assertThat(out).anyMatch(l -> l.contains("Plugin push-apns 0.1.0-SNAPSHOT loaded"));
                assertThat(out).anyMatch(l -> l.contains("Plugin push-fcm 0.1.0-SNAPSHOT loaded"));
                assertThat(out).anyMatch(l -> l.contains("Push provider apns serves platform apns"));
                assertThat(out).anyMatch(l -> l.contains("Push provider fcm serves platform fcm"));
                assertThat(out).noneMatch(l -> l.contains("broken"));

                URI ws = URI.create("ws://127.0.0.1:" + port + "/chat");
                try (ChatClient alice = ChatClient.connect(ws)) {
                    long aliceId = idOf(alice.register("alice", "Alice", PASSWORD));
                    long bobId;
                    String apnsToken = apns.knownToken();
                    try (ChatClient bob = ChatClient.connect(ws)) {
                        bobId = idOf(bob.register("bob", "Bob", PASSWORD));
                        alice.call("friends.request", Map.of("userId", bobId)).orThrow();
                        bob.call("friends.accept", Map.of("userId", aliceId)).orThrow();
                        bob.call("devices.register", Map.of("deviceId", "iphone", "platform", "apns", "token", apnsToken)).orThrow();
                        bob.call("devices.register", Map.of("deviceId", "pixel", "platform", "fcm", "token", "fcm-bob")).orThrow();
                    }
                    await().atMost(WAIT).until(() -> !online(alice, "bob"));

                    // Offline: one notification on each service, with the unread count as the badge.
                    alice.call("send", Map.of("toUserId", bobId, "text", "dinner at 8?")).orThrow();
                    await().atMost(WAIT).until(() -> apns.received.size() == 1 && fcm.accepted().size() == 1);
                    assertThat(apns.received.get(0).rejection()).isNull();
                    assertThat(apns.received.get(0).payload()).contains("\"badge\":1").contains("\"body\":\"dinner at 8?\"")
                            .contains("\"title\":\"Alice\"");
                    assertThat(fcm.accepted().get(0).path("token").asText()).isEqualTo("fcm-bob");
                    assertThat(fcm.accepted().get(0).path("data").path("badge").asText()).isEqualTo("1");
                    assertThat(fcm.accepted().get(0).path("notification").path("body").asText()).isEqualTo("dinner at 8?");
                    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                            .until(() -> apns.received.size() == 1 && fcm.accepted().size() == 1);

                    // Online: the message arrives live and nothing is pushed.
                    try (ChatClient bob = ChatClient.connect(ws)) {
                        bob.login("bob", PASSWORD);
                        alice.call("send", Map.of("toUserId", bobId, "text", "you there?")).orThrow();
                        bob.awaitEvent("message", e -> e.path("message").path("text").asText().equals("you there?"), WAIT);
                        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                                .until(() -> apns.received.size() == 1 && fcm.accepted().size() == 1);
                    }
                    await().atMost(WAIT).until(() -> !online(alice, "bob"));

                    // Down: APNs is gone and FCM unavailable; the send is acked at once and sync has it.
                    apns.stop();
                    fcm.unavailable(true);
                    long started = System.nanoTime();
                    JsonNode sent = alice.call("send", Map.of("toUserId", bobId, "text", "on my way")).orThrow();
                    Duration ack = Duration.ofNanos(System.nanoTime() - started);
                    assertThat(ack).as("the send waits for no push service").isLessThan(Duration.ofSeconds(2));
                    long conversation = sent.path("message").path("conversationId").asLong();
                    try (ChatClient bob = ChatClient.connect(ws)) {
                        bob.login("bob", PASSWORD);
                        JsonNode synced = bob.call("sync", Map.of("since", Map.of(Long.toString(conversation), 2))).orThrow();
                        assertThat(synced.path("conversations").get(0).path("messages").get(0).path("text").asText())
                                .isEqualTo("on my way");
                    }
                    await().atMost(WAIT).until(() -> fcm.sendRequests() > 2);
                    assertThat(fcm.accepted()).hasSize(1);

                    // Back: the retries get through, with the badge counted when the message came.
                    apns.start();
                    fcm.unavailable(false);
                    await().atMost(Duration.ofSeconds(90)).until(() -> apns.received.size() == 2 && fcm.accepted().size() == 2);
                    assertThat(apns.received.get(1).payload()).contains("\"body\":\"on my way\"").contains("\"badge\":3");
                    assertThat(fcm.accepted().get(1).path("data").path("badge").asText()).isEqualTo("3");
                }

                ParleyProcess listed = ParleyProcess.run(Map.of(), "plugins", "list", "--plugins", plugins.toString());
                assertThat(listed.exitCode()).as(String.join("\n", listed.err())).isZero();
                assertThat(listed.out()).anyMatch(l -> l.contains("pushprovider") && l.contains("apns")
                        && l.contains("plugin push-apns 0.1.0-SNAPSHOT"));
                assertThat(listed.out()).anyMatch(l -> l.contains("pushprovider") && l.contains("fcm")
                        && l.contains("plugin push-fcm 0.1.0-SNAPSHOT"));
                server.stop();
            }
        }
    }
}
