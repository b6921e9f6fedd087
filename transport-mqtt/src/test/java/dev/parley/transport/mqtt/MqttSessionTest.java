package dev.parley.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.ConversationId;
import dev.parley.api.Message;
import dev.parley.api.UserId;
import dev.parley.client.ChatClient;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Persistent sessions: a client that comes back with clean session false (3.1.1) or a session expiry
 * (5) is sent exactly what it missed in its subscribed conversations, from the store by seq, in order,
 * with no duplicates; a clean session starts fresh.
 */
class MqttSessionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private MqttServer server;
    private UserId aliceId;
    private ConversationId withBob;
    private ChatClient bob;

    @BeforeEach
    void start() throws Exception {
        server = new MqttServer();
        aliceId = server.user("alice");
        UserId bobId = server.user("bob");
        withBob = server.direct(aliceId, bobId);
        bob = ChatClient.connect(server.webSocket.uri());
        bob.login("bob", MqttServer.PASSWORD);
    }

    @AfterEach
    void stop() {
        bob.close();
        server.close();
    }

    private void bobSays(String text) {
        bob.call("send", Map.of("conversationId", withBob.value(), "text", text)).orThrow();
    }

    private static MqttConnectOptions persistent3() {
        MqttConnectOptions options = Paho3.login("alice", MqttServer.PASSWORD);
        options.setCleanSession(false);
        return options;
    }

    private static List<String> texts(Paho3 client, int count) throws InterruptedException {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add(client.await(r -> true).json().path("data").path("message").path("text").asText());
        }
        return texts;
    }

    @Test
    @DisplayName("MQTT 3.1.1, clean session false: after a reconnect exactly the missed messages arrive, in order, then live ones")
    void v3Persistent() throws Exception {
        Paho3 phone = server.track(new Paho3(server.uri(), "alice-phone")).connect(persistent3());
        phone.client.subscribe("parley/conversations/" + withBob.value(), 1);
        bobSays("one");
        assertThat(texts(phone, 1)).containsExactly("one");
        phone.client.disconnect();

        bobSays("two");
        bobSays("three");
        Paho3 again = server.track(new Paho3(server.uri(), "alice-phone"));
        boolean present = again.client.connectWithResult(persistent3()).getSessionPresent();
        assertThat(present).isTrue();
        // No SUBSCRIBE: the session kept it.
        assertThat(texts(again, 2)).containsExactly("two", "three");
        bobSays("four");
        assertThat(texts(again, 1)).containsExactly("four");
        assertThat(again.poll(Duration.ofMillis(500))).as("nothing twice").isNull();
    }

    @Test
    @DisplayName("MQTT 5, session expiry: the wildcard subscription survives and catches up; a clean start drops the session")
    void v5Expiry() throws Exception {
        MqttConnectionOptions options = Paho5.login("alice", MqttServer.PASSWORD);
        options.setCleanStart(false);
        options.setSessionExpiryInterval(300L);
        Paho5 phone = server.track(new Paho5(server.uri(), "alice-5"));
        assertThat(phone.connect(options).getSessionPresent()).isFalse();
        assertThat(phone.subscribe("parley/conversations/+")).containsExactly(1);
        phone.client.disconnect().waitForCompletion(WAIT.toMillis());
        assertThat(server.mqtt.sessionCount()).isEqualTo(1);

        bobSays("while away 1");
        bobSays("while away 2");
        Paho5 again = server.track(new Paho5(server.uri(), "alice-5"));
        assertThat(again.connect(options).getSessionPresent()).isTrue();
        Paho5.Received first = again.await(r -> true);
        Paho5.Received second = again.await(r -> true);
        assertThat(first.topic()).isEqualTo("parley/conversations/" + withBob.value());
        assertThat(List.of(first.json().path("data").path("message").path("seq").asLong(),
                second.json().path("data").path("message").path("seq").asLong())).containsExactly(2L, 3L);
        assertThat(again.poll(Duration.ofMillis(500))).isNull();
        again.client.disconnect().waitForCompletion(WAIT.toMillis());

        bobSays("after a clean start");
        MqttConnectionOptions clean = Paho5.login("alice", MqttServer.PASSWORD);
        clean.setCleanStart(true);
        Paho5 fresh = server.track(new Paho5(server.uri(), "alice-5"));
        assertThat(fresh.connect(clean).getSessionPresent()).isFalse();
        assertThat(fresh.poll(Duration.ofMillis(800))).as("a clean session has no subscriptions").isNull();
        assertThat(server.mqtt.sessionCount()).isZero();
    }

    @Test
    @DisplayName("a clean session forgets: nothing missed is sent after a reconnect")
    void cleanSession() throws Exception {
        Paho3 phone = server.track(new Paho3(server.uri(), "alice-clean")).connect(Paho3.login("alice", MqttServer.PASSWORD));
        phone.client.subscribe("parley/conversations/" + withBob.value(), 1);
        phone.client.disconnect();
        bobSays("missed");
        Paho3 again = server.track(new Paho3(server.uri(), "alice-clean"));
        assertThat(again.client.connectWithResult(Paho3.login("alice", MqttServer.PASSWORD)).getSessionPresent()).isFalse();
        assertThat(again.poll(Duration.ofMillis(800))).isNull();
        assertThat(server.mqtt.sessionCount()).isZero();
    }

    @Test
    @DisplayName("a QoS 1 send retransmitted after a reconnect of a persistent session (DUP, same packet id) is stored once")
    void retransmissionAcrossReconnect() throws Exception {
        String topic = "parley/conversations/" + withBob.value() + "/send";
        for (boolean dup : new boolean[] {false, true}) {
            try (RawMqttClient raw = new RawMqttClient(server.mqtt.port())) {
                raw.send(MqttMessageBuilders.connect().clientId("alice-raw").protocolVersion(MqttVersion.MQTT_3_1_1)
                        .cleanSession(false).keepAlive(30).username("alice")
                        .password(MqttServer.PASSWORD.getBytes(StandardCharsets.UTF_8)).build());
                MqttConnAckMessage connack = (MqttConnAckMessage) raw.receive(WAIT);
                assertThat(connack.variableHeader().isSessionPresent()).isEqualTo(dup);
                raw.send(MqttNativeTest.publish(topic, "sent over a bad network", 9, dup));
                assertThat(raw.receive(WAIT).fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK);
            }
        }
        assertThat(server.history(aliceId, withBob)).extracting(Message::text)
                .containsExactly("hello", "sent over a bad network");
    }
}
