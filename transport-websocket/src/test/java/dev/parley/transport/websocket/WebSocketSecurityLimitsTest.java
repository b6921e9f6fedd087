package dev.parley.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.api.Role;
import dev.parley.client.ChatClient;
import dev.parley.client.Reply;
import dev.parley.core.RateLimits;
import dev.parley.testkit.engine.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Tokens, throttling and connection caps, over a real WebSocket. */
class WebSocketSecurityLimitsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String PASSWORD = "correct horse battery";
    private ChatServer server;

    private ChatServer start(Consumer<dev.parley.core.ChatEngineBuilder> engine) {
        server = new ChatServer(t -> {
        }, engine);
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Reply login(ChatClient client, String username, String password) {
        return client.call("login", Map.of("scheme", "password", "username", username, "password", password));
    }

    @Test
    @DisplayName("guessing one account's password is throttled; other accounts are unaffected")
    void bruteForce() throws Exception {
        start(e -> e.rateLimits(RateLimits.defaults().withLogins(3, Duration.ofMinutes(1))));
        server.user("alice");
        server.user("bob");
        ChatClient attacker = server.connect();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            codes.add(login(attacker, "alice", "guess " + i).errorCode());
        }
        assertThat(codes).containsExactly("unauthorized", "unauthorized", "unauthorized", "rate_limited", "rate_limited");
        Reply throttled = login(attacker, "ALICE", PASSWORD);
        assertThat(throttled.errorCode()).isEqualTo("rate_limited");
        assertThat(throttled.frame().path("error").path("retryAfterMs").asLong()).isPositive();
        assertThat(login(server.connect(), "bob", PASSWORD).ok()).isTrue();
    }

    @Test
    @DisplayName("a send flood is rate-limited for the flooder while others keep sending")
    void sendFlood() throws Exception {
        start(e -> e.rateLimits(RateLimits.defaults().withSends(5, 10)));
        ChatClient alice = server.user("alice");
        ChatClient bob = server.user("bob");
        long aliceId = alice.call("me").orThrow().path("user").path("id").asLong();
        long bobId = bob.call("me").orThrow().path("user").path("id").asLong();
        alice.call("friends.request", Map.of("userId", bobId)).orThrow();
        bob.call("friends.accept", Map.of("userId", aliceId)).orThrow();
        int limited = 0;
        for (int i = 0; i < 40; i++) {
            Reply reply = alice.call("send", Map.of("toUserId", bobId, "text", "spam " + i));
            if (!reply.ok()) {
                assertThat(reply.errorCode()).isEqualTo("rate_limited");
                assertThat(reply.frame().path("error").path("retryAfterMs").asLong()).isPositive();
                limited++;
            }
        }
        assertThat(limited).isGreaterThan(20);
        for (int i = 0; i < 5; i++) {
            assertThat(bob.call("send", Map.of("toUserId", aliceId, "text", "calm " + i)).ok()).isTrue();
        }
    }

    @Test
    @DisplayName("logging out closes every connection that used the token, and the token stops working")
    void logoutClosesSockets() throws Exception {
        start(e -> {
        });
        server.user("alice");
        ChatClient phone = server.connect();
        String token = login(phone, "alice", PASSWORD).orThrow().path("token").asText();
        ChatClient tablet = server.connect();
        tablet.loginWithToken(token);
        ChatClient laptop = server.device("alice");
        phone.call("logout").orThrow();
        assertThat(tablet.awaitEvent("closing", WAIT).data().path("reason").asText()).isEqualTo("logged_out");
        assertThat(tablet.closed().get(5, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(phone.closed().get(5, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(laptop.call("ping").ok()).isTrue();
        assertThat(server.connect().call("login", Map.of("scheme", "token", "token", token)).errorCode())
                .isEqualTo("unauthorized");
    }

    @Test
    @DisplayName("an admin disabling a user closes all of that user's connections at once")
    void disableClosesAll() throws Exception {
        start(e -> {
        });
        server.engine.users().create("root", "Root", PASSWORD, Set.of(Role.ADMIN));
        ChatClient root = server.device("root");
        ChatClient one = server.user("mallory");
        ChatClient two = server.device("mallory");
        root.call("admin.users.disable", Map.of("username", "mallory")).orThrow();
        for (ChatClient client : List.of(one, two)) {
            assertThat(client.awaitEvent("closing", WAIT).data().path("reason").asText()).isEqualTo("account_disabled");
            assertThat(client.closed().get(5, TimeUnit.SECONDS)).isEqualTo(1000);
        }
        assertThat(login(server.connect(), "mallory", PASSWORD).errorCode()).isEqualTo("unauthorized");
    }

    @Test
    @DisplayName("a user may hold only so many sessions, and an address only so many connections")
    void connectionCaps() throws Exception {
        start(e -> e.rateLimits(RateLimits.defaults().withConnections(2, 5)));
        server.user("alice");
        server.device("alice");
        Reply third = login(server.connect(), "alice", PASSWORD);
        assertThat(third.errorCode()).isEqualTo("rate_limited");
        server.connect();
        server.connect();
        // Five connections from 127.0.0.1 are open now; the next is turned away.
        ChatClient sixth = server.connect();
        assertThat(sixth.awaitEvent("closing", WAIT).data().path("reason").asText()).isEqualTo("too_many_connections");
        await().atMost(WAIT).until(() -> sixth.closed().isDone());
    }

    @Test
    @DisplayName("a token expires, unless it is used after half its life, which extends it")
    void tokenExpiryAndSlidingRefresh() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        start(e -> e.clock(clock));
        server.user("alice");
        String idle = login(server.connect(), "alice", PASSWORD).orThrow().path("token").asText();
        String active = login(server.connect(), "alice", PASSWORD).orThrow().path("token").asText();
        clock.advance(Duration.ofDays(20));
        Reply refreshed = server.connect().call("login", Map.of("scheme", "token", "token", active));
        assertThat(Instant.parse(refreshed.orThrow().path("expiresAt").asText())).isEqualTo(clock.instant().plus(Duration.ofDays(30)));
        clock.advance(Duration.ofDays(15));
        assertThat(server.connect().call("login", Map.of("scheme", "token", "token", idle)).errorCode())
                .isEqualTo("unauthorized");
        assertThat(server.connect().call("login", Map.of("scheme", "token", "token", active)).ok()).isTrue();
    }
}
