package dev.parley.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.api.Role;
import dev.parley.client.ChatClient;
import dev.parley.core.AuditEvent;
import dev.parley.core.RateLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Security events reach the audit log, without message bodies, passwords or tokens. */
class AuditLogTest {

    private final ConcurrentLinkedQueue<AuditEvent> events = new ConcurrentLinkedQueue<>();
    private final ChatServer server = new ChatServer(t -> {
    }, e -> e.auditLog(events::add).rateLimits(RateLimits.defaults().withLogins(2, Duration.ofMinutes(5))));

    @AfterEach
    void stop() {
        server.close();
    }

    private List<AuditEvent> ofType(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    @Test
    @DisplayName("failed and throttled logins, refused operations and admin actions are audited, and no secret is")
    void audited() throws Exception {
        server.engine.users().create("root", "Root", "root-password-1", Set.of(Role.ADMIN));
        ChatClient root = server.connect();
        root.login("root", "root-password-1");
        ChatClient alice = server.user("alice");
        ChatClient bob = server.user("bob");
        String bobToken = bob.token();

        ChatClient attacker = server.connect();
        for (int i = 0; i < 3; i++) {
            attacker.call("login", Map.of("scheme", "password", "username", "alice", "password", "guess-secret-" + i));
        }
        assertThat(bob.call("admin.users.list").errorCode()).isEqualTo("forbidden");
        long aliceId = alice.call("me").orThrow().path("user").path("id").asLong();
        bob.call("friends.request", Map.of("userId", aliceId)).orThrow();
        alice.call("friends.accept", Map.of("userId", bob.call("me").orThrow().path("user").path("id").asLong())).orThrow();
        bob.call("send", Map.of("toUserId", aliceId, "text", "a very private message body")).orThrow();
        root.call("admin.users.disable", Map.of("username", "bob")).orThrow();

        await().atMost(Duration.ofSeconds(5)).until(() -> !ofType("admin_action").isEmpty());
        assertThat(ofType("login_failed")).hasSize(2).allSatisfy(e -> {
            assertThat(e.details()).containsEntry("account", "alice");
            assertThat(e.remote()).contains("127.0.0.1");
        });
        assertThat(ofType("login_throttled")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("account", "alice"));
        assertThat(ofType("denied")).singleElement().satisfies(e -> {
            assertThat(e.details()).containsEntry("op", "admin.users.list");
            assertThat(e.actor()).isNotNull();
        });
        assertThat(ofType("admin_action")).singleElement().satisfies(e -> {
            assertThat(e.details()).containsEntry("op", "admin.users.disable").containsEntry("username", "bob");
            assertThat(e.actor()).isNotNull();
        });
        assertThat(events).allSatisfy(e -> assertThat(e.toString())
                .doesNotContain("guess-secret").doesNotContain("root-password").doesNotContain(bobToken)
                .doesNotContain("private message body"));
    }
}
