package dev.parley.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Role;
import dev.parley.api.User;
import dev.parley.client.ChatClient;
import dev.parley.client.Reply;
import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.ChatEngine;
import dev.parley.store.memory.MemoryChatStore;
import dev.parley.transport.websocket.WebSocketTransport;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Single sign-on end to end: a real engine with the JWT authenticator behind a real WebSocket, and a
 * client that logs in with {@code {"scheme":"jwt","jwt":"…"}}.
 */
class JwtLoginOverWebSocketTest {

    private static final byte[] SECRET = Tokens.secret(32);

    private final List<AutoCloseable> open = new ArrayList<>();
    private ChatEngine engine;
    private WebSocketTransport transport;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private void start(boolean provisionUsers) {
        transport = WebSocketTransport.builder().host("127.0.0.1").port(0).build();
        engine = ChatEngine.builder()
                .store(new MemoryChatStore())
                .passwordHasher(new Argon2idPasswordHasher(1024, 1, 1))
                .authenticator(JwtAuthenticator.builder()
                        .hmacSecret(SECRET)
                        .algorithms("HS256")
                        .issuer(Tokens.ISSUER)
                        .audience(Tokens.AUDIENCE)
                        .rolesClaim("roles")
                        .provisionUsers(provisionUsers)
                        .build())
                .transport(transport)
                .build()
                .start();
    }

    private ChatClient connect() throws IOException {
        ChatClient client = ChatClient.connect(transport.uri());
        open.add(client);
        return client;
    }

    private Reply loginWithJwt(String token) throws IOException {
        return connect().call("login", Map.of("scheme", "jwt", "jwt", token));
    }

    @Test
    @DisplayName("a good token admits a new user, created with the token's display name and roles")
    void provisionsOnFirstLogin() throws Exception {
        start(true);
        JsonNode login = loginWithJwt(Tokens.hs256(SECRET, Tokens.claims("alice").build())).orThrow();

        assertThat(login.path("user").path("username").asText()).isEqualTo("alice");
        assertThat(login.path("user").path("displayName").asText()).isEqualTo("Alice");
        assertThat(login.path("user").path("roles")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("moderator", "user");
        assertThat(login.path("token").asText()).isNotBlank();
        User stored = engine.users().findByUsername("alice").orElseThrow();
        assertThat(stored.displayName()).isEqualTo("Alice");
        assertThat(stored.roles()).contains(Role.of("moderator"), Role.USER).doesNotContain(Role.ADMIN);
    }

    @Test
    @DisplayName("a second login with a new token is the same user, and the session works like any other")
    void secondLoginReusesTheUser() throws Exception {
        start(true);
        long first = loginWithJwt(Tokens.hs256(SECRET, Tokens.claims("alice").build())).orThrow()
                .path("user").path("id").asLong();
        // Claims only shape a user when it is created; a later token cannot rename or promote it.
        String later = Tokens.hs256(SECRET, Tokens.claims("alice",
                c -> c.claim("name", "Alice Renamed").claim("roles", List.of("admin"))));
        ChatClient client = connect();
        JsonNode again = client.call("login", Map.of("scheme", "jwt", "jwt", later)).orThrow();

        assertThat(again.path("user").path("id").asLong()).isEqualTo(first);
        assertThat(again.path("user").path("displayName").asText()).isEqualTo("Alice");
        assertThat(again.path("user").path("roles")).extracting(JsonNode::asText).doesNotContain("admin");
        assertThat(client.call("me").orThrow().path("user").path("id").asLong()).isEqualTo(first);
        // The login's Parley token works on its own afterwards, like one from a password login.
        ChatClient tablet = connect();
        assertThat(tablet.loginWithToken(again.path("token").asText()).path("user").path("id").asLong())
                .isEqualTo(first);
    }

    @Test
    @DisplayName("an expired token, a wrong signature and alg none each get unauthorized, and create nobody")
    void badTokensAreUnauthorized() throws Exception {
        start(true);
        Date expired = Date.from(Instant.now().minus(Duration.ofMinutes(5)));
        String good = Tokens.hs256(SECRET, Tokens.claims("mallory").build());
        Map<String, String> attempts = Map.of(
                "expired", Tokens.hs256(SECRET, Tokens.claims("mallory", c -> c.expirationTime(expired))),
                "wrong signature", Tokens.hs256(Tokens.secret(32), Tokens.claims("mallory").build()),
                "alg none", Tokens.unsigned(Tokens.claims("mallory").build()),
                "tampered payload", Tokens.withPayload(good, Tokens.claims("mallory", c -> c.claim("roles", List.of("admin")))));

        Set<String> messages = new HashSet<>();
        for (Map.Entry<String, String> attempt : attempts.entrySet()) {
            ChatClient client = connect();
            Reply reply = client.call("login", Map.of("scheme", "jwt", "jwt", attempt.getValue()));
            assertThat(reply.ok()).as(attempt.getKey()).isFalse();
            assertThat(reply.errorCode()).as(attempt.getKey()).isEqualTo("unauthorized");
            assertThat(reply.errorMessage()).as(attempt.getKey()).doesNotContain(attempt.getValue());
            messages.add(reply.errorMessage());
            // Still not logged in, and the connection still answers.
            assertThat(client.call("me").errorCode()).as(attempt.getKey()).isEqualTo("unauthorized");
        }
        assertThat(messages).as("one message, whichever check failed").hasSize(1);
        assertThat(engine.users().findByUsername("mallory")).isEmpty();
    }

    @Test
    @DisplayName("with provisioning off, a good token for an unknown user is refused and one for a known user admitted")
    void withoutProvisioning() throws Exception {
        start(false);
        Reply unknown = loginWithJwt(Tokens.hs256(SECRET, Tokens.claims("stranger").build()));
        assertThat(unknown.ok()).isFalse();
        assertThat(unknown.errorCode()).isEqualTo("unauthorized");
        assertThat(engine.users().findByUsername("stranger")).isEmpty();

        User dana = engine.users().create("dana", "Dana", null, Set.of());
        JsonNode login = loginWithJwt(Tokens.hs256(SECRET, Tokens.claims("dana").build())).orThrow();
        assertThat(login.path("user").path("id").asLong()).isEqualTo(dana.id().value());
    }
}
