package dev.parley.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.client.ChatClient;
import dev.parley.client.Reply;
import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.RateLimits;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A client that sends requests faster than they are served gets rate_limited instead of growing the heap. */
class WebSocketRequestFloodTest {

    private final ChatServer server = new ChatServer(t -> {
    }, e -> e.workerThreads(1).passwordHasher(new Argon2idPasswordHasher(4096, 1, 1))
            // The flood comes from one address; its login budget must not be what refuses it here.
            .rateLimits(RateLimits.defaults().withLoginsPerAddress(10_000, Duration.ofSeconds(1))));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("past 256 waiting requests, more are refused with rate_limited, and the session goes on")
    void flood() throws Exception {
        server.user("alice");
        ChatClient flooder = server.connect();
        ChatClient bystander = server.connect();
        // Each attempt names another account, so the per-account login throttle stays out of the way
        // (and the per-address one is raised above);
        // each still costs a password hash, which is what makes the requests slow to serve.
        String login = "{\"id\":\"%d\",\"op\":\"login\",\"data\":{\"scheme\":\"password\",\"username\":\"nobody%d\","
                + "\"password\":\"not the password\"}}";
        for (int i = 0; i < 600; i++) {
            flooder.sendText(String.format(login, i, i));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !flooder.unsolicitedErrors().isEmpty()
                && flooder.unsolicitedErrors().stream().anyMatch(r -> "rate_limited".equals(r.errorCode())));
        // Replies to the raw frames are not matched to a request of the client's, so all land here.
        await().atMost(Duration.ofSeconds(30)).until(() -> flooder.unsolicitedErrors().size() == 600);
        List<Reply> replies = flooder.unsolicitedErrors();
        List<Reply> refused = replies.stream().filter(r -> "rate_limited".equals(r.errorCode())).toList();
        assertThat(refused).isNotEmpty().allSatisfy(r -> {
            assertThat(r.id()).isNull();
            assertThat(r.frame().path("error").path("retryAfterMs").asLong()).isPositive();
        });
        assertThat(replies).filteredOn(r -> "unauthorized".equals(r.errorCode()))
                .hasSize(600 - refused.size()).hasSizeGreaterThanOrEqualTo(256);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(flooder.call("ping").ok()).isTrue());
        assertThat(bystander.call("ping").ok()).isTrue();
    }
}
