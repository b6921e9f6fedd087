package dev.parley.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.ConversationId;
import dev.parley.api.Message;
import dev.parley.api.UserId;
import dev.parley.client.ChatClient;
import dev.parley.testkit.transport.KitClient;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Native MQTT for simple devices: a text published to a conversation's send topic is a message, a
 * subscription to a conversation's topic yields its messages, and another user's conversation is
 * refused exactly like a missing one. QoS 1 is acknowledged after the commit, and a retransmission
 * stores nothing twice.
 */
class MqttNativeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private MqttServer server;
    private UserId aliceId;
    private UserId bobId;
    private UserId carolId;
    private ConversationId withBob;
    private ConversationId withCarol;
    private ConversationId bobAndCarol;
    private ChatClient bob;

    @BeforeEach
    void start() throws Exception {
        server = new MqttServer();
        aliceId = server.user("alice");
        bobId = server.user("bob");
        carolId = server.user("carol");
        withBob = server.direct(aliceId, bobId);
        withCarol = server.direct(aliceId, carolId);
        bobAndCarol = server.direct(bobId, carolId);
        bob = ChatClient.connect(server.webSocket.uri());
        bob.login("bob", MqttServer.PASSWORD);
    }

    @AfterEach
    void stop() {
        bob.close();
        server.close();
    }

    private Paho5 alice(String clientId) throws Exception {
        Paho5 alice = server.track(new Paho5(server.uri(), clientId));
        alice.connect(Paho5.login("alice", MqttServer.PASSWORD));
        return alice;
    }

    @Test
    @DisplayName("MQTT 5: a text published at QoS 1 to a conversation's send topic is sent, acked with reason 0 once committed")
    void sendText() throws Exception {
        Paho5 alice = alice("a-send");
        int reason = alice.publish("parley/conversations/" + withBob.value() + "/send", "Hi Bob, from a sensor 🌡", 1);
        assertThat(reason).isZero();
        // The PUBACK came after the commit: the message is in the store now, not eventually.
        List<Message> stored = server.history(aliceId, withBob);
        assertThat(stored).extracting(Message::text).containsExactly("hello", "Hi Bob, from a sensor 🌡");
        JsonNode toBob = bob.awaitEvent("message", WAIT).data().path("message");
        assertThat(toBob.path("text").asText()).isEqualTo("Hi Bob, from a sensor 🌡");
        assertThat(toBob.path("senderId").asLong()).isEqualTo(aliceId.value());
    }

    @Test
    @DisplayName("MQTT 5: a send carrying a clientMsgId user property is stored once, whatever connection or session sends it again")
    void clientMsgIdHoldsAcrossSessions() throws Exception {
        String topic = "parley/conversations/" + withBob.value() + "/send";
        Map<String, String> key = Map.of("clientMsgId", "thermostat-reading-7");
        Paho5 first = alice("a-key-1");
        assertThat(first.publish(topic, "21.5 °C", 1, key)).isZero();
        first.client.disconnect().waitForCompletion(WAIT.toMillis());
        // A new connection and a new (clean) MQTT session, as after a server restart: only the key
        // says it is the same message.
        Paho5 second = alice("a-key-2");
        assertThat(second.publish(topic, "21.5 °C", 1, key)).isZero();
        assertThat(second.publish(topic, "21.5 °C", 0, key)).isZero();
        // Without the property the same text is a new message each time.
        assertThat(second.publish(topic, "21.5 °C", 1)).isZero();
        assertThat(server.history(aliceId, withBob)).extracting(Message::text)
                .containsExactly("hello", "21.5 °C", "21.5 °C");
        assertThat(server.history(aliceId, withBob).get(1).clientMsgId()).isEqualTo("thermostat-reading-7");
        // A key the protocol would refuse (longer than maxClientMsgIdLength) is refused here too.
        assertThat(second.publish(topic, "too long a key", 1, Map.of("clientMsgId", "k".repeat(65))))
                .isEqualTo(0x99);
        assertThat(server.history(aliceId, withBob)).hasSize(3);
    }

    @Test
    @DisplayName("MQTT 5: subscribing to a conversation yields its messages as the protocol's message events")
    void subscribeToConversation() throws Exception {
        Paho5 alice = alice("a-sub");
        assertThat(alice.subscribe("parley/conversations/" + withBob.value())).as("QoS 1 asked, QoS 1 granted")
                .containsExactly(1);
        bob.call("send", Map.of("conversationId", withBob.value(), "text", "Hi Alice")).orThrow();
        Paho5.Received received = alice.await(r -> true);
        assertThat(received.topic()).isEqualTo("parley/conversations/" + withBob.value());
        assertThat(received.json().path("event").asText()).isEqualTo("message");
        assertThat(received.json().path("data").path("message").path("text").asText()).isEqualTo("Hi Alice");
        assertThat(received.json().path("data").path("message").path("seq").asLong()).isEqualTo(2);
    }

    @Test
    @DisplayName("MQTT 3.1.1: the wildcard over one's conversations yields the messages of each, from WebSocket and TCP senders")
    void wildcard() throws Exception {
        Paho3 alice = server.track(new Paho3(server.uri(), "a-all")).connect(Paho3.login("alice", MqttServer.PASSWORD));
        alice.client.subscribe("parley/conversations/+", 1);
        KitClient carol = new KitClient(server.track(new LineConnection(server.tcp.port())));
        carol.login("carol", MqttServer.PASSWORD);
        bob.call("send", Map.of("conversationId", withBob.value(), "text", "from bob")).orThrow();
        Paho3.Received first = alice.await(r -> true);
        assertThat(first.topic()).isEqualTo("parley/conversations/" + withBob.value());
        assertThat(first.json().path("data").path("message").path("text").asText()).isEqualTo("from bob");
        carol.ok("send", Map.of("conversationId", withCarol.value(), "text", "from carol"));
        Paho3.Received second = alice.await(r -> true);
        assertThat(second.topic()).isEqualTo("parley/conversations/" + withCarol.value());
        assertThat(second.json().path("data").path("message").path("senderId").asLong()).isEqualTo(carolId.value());
        // Bob and carol's own conversation is not alice's: nothing of it arrives.
        carol.ok("send", Map.of("conversationId", bobAndCarol.value(), "text", "private"));
        assertThat(alice.poll(Duration.ofMillis(500))).isNull();
    }

    @Test
    @DisplayName("another user's conversation gets the same refusal as a missing one, on SUBSCRIBE and on PUBLISH, and nothing is stored")
    void foreignConversation() throws Exception {
        Paho5 alice = alice("a-foreign");
        long missing = 999_999;
        assertThat(alice.subscribe("parley/conversations/" + bobAndCarol.value(), "parley/conversations/" + missing,
                "parley/conversations/" + withBob.value())).containsExactly(0x87, 0x87, 1);
        assertThat(alice.publish("parley/conversations/" + bobAndCarol.value() + "/send", "let me in", 1)).isEqualTo(0x87);
        assertThat(alice.publish("parley/conversations/" + missing + "/send", "let me in", 1)).isEqualTo(0x87);
        assertThat(server.history(bobId, bobAndCarol)).extracting(Message::text).containsExactly("hello");
        // Another client's own topic is refused too, and a topic outside the layout is not a topic.
        assertThat(alice.subscribe("parley/client/someone-else", "parley/conversations/" + withBob.value() + "/send"))
                .containsExactly(0x87, 0x8F);
    }

    @Test
    @DisplayName("an anonymous connection may not use the native topics: SUBACK 0x80 and a PUBACK that stores nothing on 3.1.1")
    void anonymous() throws Exception {
        try (RawMqttClient raw = new RawMqttClient(server.mqtt.port())) {
            raw.send(MqttMessageBuilders.connect().clientId("anon").protocolVersion(MqttVersion.MQTT_3_1_1)
                    .cleanSession(true).keepAlive(30).build());
            assertThat(((MqttConnAckMessage) raw.receive(WAIT)).variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            raw.send(MqttMessageBuilders.subscribe().messageId(1)
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "parley/conversations/" + withBob.value()).build());
            MqttMessage suback = raw.receive(WAIT);
            assertThat(((io.netty.handler.codec.mqtt.MqttSubAckMessage) suback).payload().reasonCodes()).containsExactly(0x80);
            raw.send(publish("parley/conversations/" + withBob.value() + "/send", "sneaky", 5, false));
            assertThat(((MqttMessageIdVariableHeader) raw.receive(WAIT).variableHeader()).messageId()).isEqualTo(5);
        }
        assertThat(server.history(aliceId, withBob)).extracting(Message::text).containsExactly("hello");
    }

    @Test
    @DisplayName("a retransmitted QoS 1 PUBLISH (DUP, same packet id) is acked again and stored once; a new one with that id is new")
    void retransmission() throws Exception {
        try (RawMqttClient raw = new RawMqttClient(server.mqtt.port())) {
            raw.send(MqttMessageBuilders.connect().clientId("a-raw").protocolVersion(MqttVersion.MQTT_3_1_1)
                    .cleanSession(true).keepAlive(30).username("alice")
                    .password(MqttServer.PASSWORD.getBytes(StandardCharsets.UTF_8)).build());
            assertThat(((MqttConnAckMessage) raw.receive(WAIT)).variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            String topic = "parley/conversations/" + withBob.value() + "/send";
            raw.send(publish(topic, "once", 7, false));
            assertThat(pubAckId(raw)).isEqualTo(7);
            raw.send(publish(topic, "once", 7, true)); // the PUBACK was lost, say: the client sends it again
            assertThat(pubAckId(raw)).isEqualTo(7);
            raw.send(publish(topic, "again, new", 7, false)); // packet id 7 reused for a new message
            assertThat(pubAckId(raw)).isEqualTo(7);
        }
        assertThat(server.history(aliceId, withBob)).extracting(Message::text)
                .containsExactly("hello", "once", "again, new");
    }

    @Test
    @DisplayName("QoS 0 on the typing topic shows alice typing to bob")
    void typing() throws Exception {
        Paho5 alice = alice("a-typing");
        alice.publish("parley/conversations/" + withBob.value() + "/typing", "true", 0);
        JsonNode onBob = bob.awaitEvent("typing", WAIT).data();
        assertThat(onBob.path("userId").asLong()).isEqualTo(aliceId.value());
        assertThat(onBob.path("conversationId").asLong()).isEqualTo(withBob.value());
        assertThat(onBob.path("typing").asBoolean()).isTrue();
    }

    static MqttPublishMessage publish(String topic, String text, int packetId, boolean dup) {
        return new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.AT_LEAST_ONCE, false, 0),
                new MqttPublishVariableHeader(topic, packetId), Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    private static int pubAckId(RawMqttClient raw) {
        MqttMessage ack = raw.receive(WAIT);
        assertThat(ack).isNotNull();
        assertThat(ack.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK);
        return ((MqttMessageIdVariableHeader) ack.variableHeader()).messageId();
    }
}
