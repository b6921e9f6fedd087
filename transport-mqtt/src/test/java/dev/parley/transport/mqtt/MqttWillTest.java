package dev.parley.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.ConversationId;
import dev.parley.api.Message;
import dev.parley.api.UserId;
import dev.parley.client.ChatClient;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Wills: a device that vanishes (its socket drops, or its keep-alive runs out) has its will, on a
 * conversation's send topic, sent to that conversation as its last message; a clean DISCONNECT drops it.
 */
class MqttWillTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private MqttServer server;
    private UserId aliceId;
    private ConversationId withBob;
    private ChatClient bob;

    @BeforeEach
    void start() throws Exception {
        server = new MqttServer();
        aliceId = server.user("alice");
        withBob = server.direct(aliceId, server.user("bob"));
        bob = ChatClient.connect(server.webSocket.uri());
        bob.login("bob", MqttServer.PASSWORD);
    }

    @AfterEach
    void stop() {
        bob.close();
        server.close();
    }

    private RawMqttClient withWill(String clientId, int keepAlive) throws Exception {
        RawMqttClient raw = server.track(new RawMqttClient(server.mqtt.port()));
        raw.send(MqttMessageBuilders.connect().clientId(clientId).protocolVersion(MqttVersion.MQTT_3_1_1)
                .cleanSession(true).keepAlive(keepAlive).username("alice")
                .password(MqttServer.PASSWORD.getBytes(StandardCharsets.UTF_8))
                .willFlag(true).willQoS(MqttQoS.AT_LEAST_ONCE)
                .willTopic("parley/conversations/" + withBob.value() + "/send")
                .willMessage("alice's sensor went offline".getBytes(StandardCharsets.UTF_8)).build());
        assertThat(((MqttConnAckMessage) raw.receive(WAIT)).variableHeader().connectReturnCode())
                .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        return raw;
    }

    @Test
    @DisplayName("a dropped connection's will is sent to the conversation as the user's message")
    void droppedConnection() throws Exception {
        withWill("sensor-1", 30).close();
        JsonNode last = bob.awaitEvent("message", WAIT).data().path("message");
        assertThat(last.path("text").asText()).isEqualTo("alice's sensor went offline");
        assertThat(last.path("senderId").asLong()).isEqualTo(aliceId.value());
    }

    @Test
    @DisplayName("a client silent past its keep-alive has its will sent before it is closed")
    void keepAliveRunsOut() throws Exception {
        withWill("sensor-2", 1);
        JsonNode last = bob.awaitEvent("message", WAIT).data().path("message");
        assertThat(last.path("text").asText()).isEqualTo("alice's sensor went offline");
    }

    @Test
    @DisplayName("a clean DISCONNECT drops the will")
    void cleanDisconnect() throws Exception {
        RawMqttClient raw = withWill("sensor-3", 30);
        raw.send(new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0)));
        org.awaitility.Awaitility.await().atMost(WAIT).until(raw::closedByServer);
        // Nothing is to happen: the history stays as it was for a while after the close.
        org.awaitility.Awaitility.await().during(Duration.ofMillis(500)).atMost(WAIT).until(
                () -> server.history(aliceId, withBob).stream().map(Message::text).toList().equals(List.of("hello")));
    }
}
