package dev.parley.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.UserId;
import dev.parley.testkit.transport.KitClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** An embedded engine reports its meters into the host's own registry, moved by real TCP traffic. */
class EngineMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TcpServer server = new TcpServer(t -> { }, e -> e.meterRegistry(registry));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("the host's SimpleMeterRegistry counts connections, logins, requests, messages and closes")
    void hostRegistrySeesTheMeters() {
        assertThat(server.engine.meterRegistry()).isSameAs(registry);
        KitClient alice = server.user("alice");
        KitClient bob = server.user("bob");
        long conversation = server.engine.conversations().createGroupAsAdmin(UserId.of(alice.userId()), "Room",
                List.of(UserId.of(bob.userId()))).id().value();

        KitClient again = server.client();
        again.login("alice", TcpServer.PASSWORD);
        assertThat(again.error("login", Map.of("scheme", "password", "username", "bob", "password", "wrong guess")))
                .isEqualTo("unauthorized");

        for (int i = 0; i < 5; i++) {
            alice.ok("send", Map.of("conversationId", conversation, "text", "hello " + i, "clientMsgId", "m" + i));
        }
        JsonNode retry = alice.ok("send", Map.of("conversationId", conversation, "text", "hello 0", "clientMsgId", "m0"));
        assertThat(retry.path("duplicate").asBoolean()).isTrue();
        for (int i = 0; i < 5; i++) {
            bob.awaitEvent("message");
        }

        assertThat(count("parley.connections.accepted", "transport", "tcp")).isEqualTo(3);
        assertThat(gauge("parley.connections.open", "transport", "tcp")).isEqualTo(3);
        assertThat(gauge("parley.sessions.open", "transport", "tcp")).isEqualTo(3);
        assertThat(count("parley.logins", "outcome", "ok")).isEqualTo(1);
        assertThat(count("parley.logins", "outcome", "refused")).isEqualTo(1);
        assertThat(registry.find("parley.requests").tags("op", "send", "outcome", "ok").counter().count()).isEqualTo(6);
        assertThat(registry.find("parley.requests").tags("op", "login", "outcome", "unauthorized").counter().count())
                .isEqualTo(1);
        assertThat(registry.find("parley.request.latency").tag("op", "send").timer().count()).isEqualTo(6);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(registry.get("parley.messages.sent").counter().count()).isEqualTo(5);
            assertThat(registry.get("parley.messages.duplicates").counter().count()).isEqualTo(1);
            assertThat(registry.get("parley.writer.commit.latency").timer().count()).isBetween(1L, 5L);
            // The retry never reached the writer: the engine answered it with the original.
            assertThat(registry.get("parley.writer.batch.size").summary().totalAmount()).isEqualTo(5);
        });
        // Bob's session and Alice's second one each got the five messages (and presence besides).
        assertThat(registry.get("parley.fanout.deliveries").counter().count()).isGreaterThanOrEqualTo(10);
        assertThat(registry.get("parley.writer.queue.depth").gauge().value()).isZero();
        assertThat(registry.get("parley.requests.waiting").gauge().value()).isZero();
        assertThat(registry.get("parley.events.dropped").counter().count()).isZero();

        // The server cuts a line that is too long; the client's own close is counted as disconnected.
        again.connection().send("x".repeat(server.engine.limits().maxFrameBytes() + 10));
        await().atMost(Duration.ofSeconds(5)).until(() -> !again.isOpen());
        bob.close();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(count("parley.connections.closed", "reason", "too_large")).isEqualTo(1);
            assertThat(count("parley.connections.closed", "reason", "disconnected")).isEqualTo(1);
            assertThat(gauge("parley.connections.open", "transport", "tcp")).isEqualTo(1);
            assertThat(gauge("parley.sessions.open", "transport", "tcp")).isEqualTo(1);
        });
        assertThat(server.engine.sessionsByTransport()).isEqualTo(Map.of("tcp", 1L));
    }

    @Test
    @DisplayName("without a registry the engine meters into an empty composite, and readiness checks the store")
    void defaultsAndReadiness() {
        TcpServer plain = new TcpServer();
        try {
            MeterRegistry none = plain.engine.meterRegistry();
            assertThat(none).isInstanceOf(io.micrometer.core.instrument.composite.CompositeMeterRegistry.class);
            plain.user("carol");
            assertThat(plain.engine.readiness().ready()).isTrue();
            assertThat(plain.engine.readiness().checks()).containsEntry("engine", "running").containsEntry("store", "up");
        } finally {
            plain.close();
        }
        assertThat(plain.engine.readiness().ready()).isFalse();
        assertThat(plain.engine.readiness().checks()).containsEntry("engine", "stopping");
    }

    private double count(String name, String tag, String value) {
        Search search = registry.find(name).tag(tag, value);
        return search.counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private double gauge(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).gauge().value();
    }
}
