package dev.parley.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.RateLimits;
import dev.parley.testkit.transport.Frames;
import dev.parley.testkit.transport.KitClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Failed password logins are throttled per account and client address, and per address over all
 * accounts, seen over real TCP connections from two addresses of the loopback: 127.0.0.1 is the
 * attacker, 127.0.0.2 the account's owner.
 */
class LoginThrottleTest {

    private static final String ATTACKER = "127.0.0.1";
    private static final String OWNER = "127.0.0.2";

    private TcpServer server;

    @BeforeEach
    void start() {
        server = new TcpServer(t -> {
        }, e -> e.rateLimits(RateLimits.defaults().withLogins(3, Duration.ofMinutes(5))
                .withLoginsPerAddress(5, Duration.ofMinutes(5))));
        for (String name : new String[] {"alice", "bob", "carol"}) {
            server.user(name).close();
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private KitClient from(String address) {
        try {
            return new KitClient(server.track(new LineClient(server.transport.port(), address)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode login(KitClient client, String username, String password) {
        return client.call("login", Map.of("scheme", "password", "username", username, "password", password));
    }

    @Test
    @DisplayName("an attacker who used up an account's attempts does not lock its owner out at another address")
    void ownerElsewhereLogsIn() {
        KitClient attacker = from(ATTACKER);
        for (int i = 0; i < 3; i++) {
            assertThat(Frames.errorCode(login(attacker, "alice", "guess " + i))).isEqualTo("unauthorized");
        }
        JsonNode throttled = login(attacker, "ALICE", TcpServer.PASSWORD);
        assertThat(Frames.errorCode(throttled)).as("even the right password, from the attacker").isEqualTo("rate_limited");
        assertThat(throttled.path("error").path("message").asText()).startsWith("too many login attempts for this account");
        assertThat(throttled.path("error").path("retryAfterMs").asLong()).isPositive();

        KitClient owner = from(OWNER);
        assertThat(owner.login("alice", TcpServer.PASSWORD).path("user").path("username").asText()).isEqualTo("alice");
        assertThat(owner.ok("me").path("user").path("username").asText()).isEqualTo("alice");
    }

    @Test
    @DisplayName("one address is throttled over all accounts together, other addresses are not")
    void addressAcrossAccounts() {
        KitClient attacker = from(ATTACKER);
        for (String account : new String[] {"alice", "alice", "bob", "bob", "nobody"}) {
            assertThat(Frames.errorCode(login(attacker, account, "guess"))).isEqualTo("unauthorized");
        }
        for (String account : new String[] {"carol", "someone-else", "bob"}) {
            JsonNode throttled = login(attacker, account, TcpServer.PASSWORD);
            assertThat(Frames.errorCode(throttled)).as(account).isEqualTo("rate_limited");
            assertThat(throttled.path("error").path("message").asText())
                    .startsWith("too many login attempts from this address");
        }
        assertThat(Frames.errorCode(login(from(ATTACKER), "carol", TcpServer.PASSWORD)))
                .as("a new connection from the same address").isEqualTo("rate_limited");

        for (String account : new String[] {"alice", "bob", "carol"}) {
            from(OWNER).login(account, TcpServer.PASSWORD);
        }
    }
}
