package dev.parley.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.ConversationId;
import dev.parley.api.UserId;
import dev.parley.client.ChatClient;
import dev.parley.testkit.transport.KitClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One engine with three transports: alice on MQTT 3.1.1 (Eclipse Paho, logged in by her CONNECT,
 * speaking the full protocol on the request and client topics) chats with bob on WebSocket and carol
 * on TCP, both ways, with receipts.
 */
class MqttInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private MqttServer server;
    private Paho3 alice;
    private ChatClient bob;
    private KitClient carol;
    private UserId aliceId;
    private UserId bobId;
    private UserId carolId;
    private ConversationId withBob;
    private ConversationId withCarol;

    @BeforeEach
    void start() throws Exception {
        server = new MqttServer();
        aliceId = server.user("alice");
        bobId = server.user("bob");
        carolId = server.user("carol");
        withBob = server.direct(aliceId, bobId);
        withCarol = server.direct(aliceId, carolId);
        alice = server.track(new Paho3(server.uri(), "alice-phone"))
                .connect(Paho3.login("alice", MqttServer.PASSWORD));
        alice.client.subscribe("parley/client/alice-phone", 1);
        bob = ChatClient.connect(server.webSocket.uri());
        bob.login("bob", MqttServer.PASSWORD);
        carol = new KitClient(server.track(new LineConnection(server.tcp.port())));
        carol.login("carol", MqttServer.PASSWORD);
    }

    @AfterEach
    void stop() {
        bob.close();
        server.close();
    }

    private JsonNode request(String id, String op, String data) throws Exception {
        alice.publish("parley/request", "{\"id\":\"" + id + "\",\"op\":\"" + op + "\",\"data\":" + data + "}", 1);
        return alice.await(r -> r.json().path("id").asText().equals(id)).json();
    }

    @Test
    @DisplayName("the CONNECT logged alice in: the full protocol acts as her")
    void loggedInByConnect() throws Exception {
        JsonNode me = request("me", "me", "{}");
        assertThat(me.path("ok").asBoolean()).isTrue();
        assertThat(me.path("data").path("user").path("username").asText()).isEqualTo("alice");
        assertThat(server.engine.sessions().isOnline(aliceId)).isTrue();
    }

    @Test
    @DisplayName("messages go from MQTT to WebSocket and to TCP, and back, in seq order")
    void messagesBothWays() throws Exception {
        JsonNode sent = request("s1", "send", "{\"conversationId\":" + withBob.value() + ",\"text\":\"Hi Bob, over MQTT 📡\"}");
        assertThat(sent.path("data").path("message").path("seq").asLong()).isEqualTo(2);
        JsonNode toBob = bob.awaitEvent("message", WAIT).data().path("message");
        assertThat(toBob.path("text").asText()).isEqualTo("Hi Bob, over MQTT 📡");
        assertThat(toBob.path("senderId").asLong()).isEqualTo(aliceId.value());

        request("s2", "send", "{\"conversationId\":" + withCarol.value() + ",\"text\":\"Hi Carol\"}");
        assertThat(carol.awaitEvent("message").path("message").path("text").asText()).isEqualTo("Hi Carol");

        bob.call("send", Map.of("conversationId", withBob.value(), "text", "Hi Alice, from a WebSocket")).orThrow();
        JsonNode fromBob = alice.await(r -> r.json().path("event").asText().equals("message")).json();
        assertThat(fromBob.path("data").path("message").path("text").asText()).isEqualTo("Hi Alice, from a WebSocket");
        assertThat(fromBob.path("data").path("message").path("seq").asLong()).isEqualTo(3);

        carol.ok("send", Map.of("conversationId", withCarol.value(), "text", "Hi Alice, from TCP"));
        JsonNode fromCarol = alice.await(r -> r.json().path("event").asText().equals("message")).json();
        assertThat(fromCarol.path("data").path("message").path("text").asText()).isEqualTo("Hi Alice, from TCP");
        assertThat(fromCarol.path("data").path("message").path("senderId").asLong()).isEqualTo(carolId.value());
    }

    @Test
    @DisplayName("read receipts cross from WebSocket to MQTT and from MQTT to TCP")
    void receipts() throws Exception {
        bob.call("receipts.read", Map.of("conversationId", withBob.value(), "seq", 1)).orThrow();
        JsonNode fromBob = alice.await(r -> r.json().path("event").asText().equals("receipt")).json();
        assertThat(fromBob.path("data").path("cursor").path("userId").asLong()).isEqualTo(bobId.value());
        assertThat(fromBob.path("data").path("cursor").path("readSeq").asLong()).isEqualTo(1);

        carol.ok("send", Map.of("conversationId", withCarol.value(), "text", "read me"));
        alice.await(r -> r.json().path("event").asText().equals("message"));
        JsonNode read = request("r1", "receipts.read", "{\"conversationId\":" + withCarol.value() + ",\"seq\":2}");
        assertThat(read.path("ok").asBoolean()).isTrue();
        JsonNode onCarol = carol.awaitEvent("receipt", e -> e.path("cursor").path("userId").asLong() == aliceId.value());
        assertThat(onCarol.path("cursor").path("readSeq").asLong()).isEqualTo(2);
    }
}
