package dev.parley.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.ChatLimits;
import dev.parley.testkit.transport.TestCertificates;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport's limits and the MQTT rules it keeps: packets read in pieces, the frame and packet
 * limits, the keep-alive, QoS 2 refused, MQTT 3.1 refused, one connection per client id, and TLS.
 */
class MqttLimitsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int FRAME_LIMIT = 8192;
    private static final ObjectMapper JSON = new ObjectMapper();

    private MqttServer server;

    private void start() {
        start(m -> {
        });
    }

    private void start(java.util.function.Consumer<MqttTransport.Builder> mqtt) {
        server = new MqttServer(mqtt, e -> e.limits(ChatLimits.defaults().withMaxFrameBytes(FRAME_LIMIT)));
        server.user("alice");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private RawMqttClient connected(String clientId, MqttVersion version, int keepAlive) {
        RawMqttClient raw = server.track(uncheckedRaw());
        raw.send(MqttMessageBuilders.connect().clientId(clientId).protocolVersion(version).cleanSession(true)
                .keepAlive(keepAlive).build());
        MqttConnAckMessage connack = (MqttConnAckMessage) raw.receive(WAIT);
        assertThat(connack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        return raw;
    }

    private RawMqttClient uncheckedRaw() {
        try {
            return new RawMqttClient(server.mqtt.port());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void subscribeOwnTopic(RawMqttClient raw, String clientId, int chunk) {
        raw.sendInPieces(MqttMessageBuilders.subscribe().messageId(1)
                .addSubscription(MqttQoS.AT_MOST_ONCE, "parley/client/" + clientId).build(), chunk);
        assertThat(raw.receive(WAIT).fixedHeader().messageType()).isEqualTo(MqttMessageType.SUBACK);
    }

    private static MqttPublishMessage request(String frame) {
        return new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttPublishVariableHeader("parley/request", 0), Unpooled.copiedBuffer(frame, StandardCharsets.UTF_8));
    }

    private static String pingOf(String id, int bytes) {
        String prefix = "{\"id\":\"" + id + "\",\"op\":\"ping\",\"data\":{\"pad\":\"";
        String suffix = "\"}}";
        return prefix + "x".repeat(bytes - prefix.length() - suffix.length()) + suffix;
    }

    private static JsonNode nextFrame(RawMqttClient raw) throws Exception {
        MqttMessage message = raw.receive(WAIT);
        assertThat(message).as("a PUBLISH from the server").isInstanceOf(MqttPublishMessage.class);
        return JSON.readTree(((MqttPublishMessage) message).payload().toString(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("packets that arrive a few bytes at a time are read whole, past Netty's 8 KiB default, up to the frame limit")
    void fragmentedReads() throws Exception {
        start();
        RawMqttClient raw = server.track(uncheckedRaw());
        raw.sendInPieces(MqttMessageBuilders.connect().clientId("pieces").protocolVersion(MqttVersion.MQTT_3_1_1)
                .cleanSession(true).keepAlive(30).build(), 1);
        assertThat(((MqttConnAckMessage) raw.receive(WAIT)).variableHeader().connectReturnCode())
                .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        subscribeOwnTopic(raw, "pieces", 1);
        raw.sendInPieces(request(pingOf("whole", FRAME_LIMIT)), 211);
        JsonNode answer = nextFrame(raw);
        assertThat(answer.path("id").asText()).isEqualTo("whole");
        assertThat(answer.path("ok").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("a payload over the frame limit but within the packet limit gets too_large with id null, and the connection serves on")
    void payloadOverFrameLimit() throws Exception {
        start();
        RawMqttClient raw = connected("big", MqttVersion.MQTT_3_1_1, 30);
        subscribeOwnTopic(raw, "big", Integer.MAX_VALUE);
        raw.send(request(pingOf("big", FRAME_LIMIT + 500)));
        JsonNode error = nextFrame(raw);
        assertThat(error.path("error").path("code").asText()).isEqualTo("too_large");
        assertThat(error.has("id") && error.get("id").isNull()).isTrue();
        raw.send(request("{\"id\":\"after\",\"op\":\"ping\"}"));
        assertThat(nextFrame(raw).path("ok").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("a packet over the packet limit gets too_large and a closing event, and the connection closes")
    void packetOverLimit() throws Exception {
        start();
        RawMqttClient raw = connected("huge", MqttVersion.MQTT_3_1_1, 30);
        subscribeOwnTopic(raw, "huge", Integer.MAX_VALUE);
        raw.send(request(pingOf("huge", FRAME_LIMIT + MqttTransport.PACKET_OVERHEAD + 1)));
        JsonNode error = nextFrame(raw);
        assertThat(error.path("error").path("code").asText()).isEqualTo("too_large");
        JsonNode closing = nextFrame(raw);
        assertThat(closing.path("event").asText()).isEqualTo("closing");
        assertThat(closing.path("data").path("reason").asText()).isEqualTo("too_large");
        await().atMost(WAIT).until(raw::closedByServer);
    }

    @Test
    @DisplayName("MQTT 5: a client silent for 1.5 times its keep-alive gets DISCONNECT 0x8D and is closed")
    void keepAlive() {
        start();
        RawMqttClient raw = connected("sleepy", MqttVersion.MQTT_5, 1);
        long started = System.nanoTime();
        MqttMessage disconnect = raw.receive(WAIT);
        assertThat(disconnect.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
        assertThat(((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode())
                .isEqualTo((byte) 0x8D);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1200));
        await().atMost(WAIT).until(raw::closedByServer);
    }

    @Test
    @DisplayName("a client that sends PINGREQ within its keep-alive gets PINGRESP and stays")
    void pings() {
        start();
        RawMqttClient raw = connected("awake", MqttVersion.MQTT_3_1_1, 1);
        for (int i = 0; i < 4; i++) {
            raw.send(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0)));
            assertThat(raw.receive(WAIT).fixedHeader().messageType()).isEqualTo(MqttMessageType.PINGRESP);
            // Most of a keep-alive goes by before the next ping, and the connection stays open all along.
            await().during(Duration.ofMillis(700)).atMost(WAIT).until(() -> !raw.closedByServer());
        }
        assertThat(raw.closedByServer()).isFalse();
    }

    @Test
    @DisplayName("MQTT 5: QoS 2 is not offered (CONNACK says maximum QoS 1); a QoS 2 PUBLISH gets DISCONNECT 0x9B")
    void qos2() {
        start();
        RawMqttClient raw = connected("q2", MqttVersion.MQTT_5, 30);
        raw.send(new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.EXACTLY_ONCE, false, 0),
                new MqttPublishVariableHeader("parley/request", 3), Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8)));
        MqttMessage disconnect = raw.receive(WAIT);
        assertThat(((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode())
                .isEqualTo((byte) 0x9B);
    }

    @Test
    @DisplayName("MQTT 3.1 is refused with CONNACK 1 (unacceptable protocol version)")
    void mqtt31() {
        start();
        RawMqttClient raw = server.track(uncheckedRaw());
        raw.send(MqttMessageBuilders.connect().clientId("old").protocolVersion(MqttVersion.MQTT_3_1).build());
        assertThat(((MqttConnAckMessage) raw.receive(WAIT)).variableHeader().connectReturnCode())
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION);
        await().atMost(WAIT).until(raw::closedByServer);
    }

    @Test
    @DisplayName("a second connection with the same client id takes over from the user's first; another user's is refused with 2")
    void clientIdTakeOver() throws Exception {
        start();
        server.user("bob");
        Paho3 first = server.track(new Paho3(server.uri(), "shared")).connect(Paho3.login("alice", MqttServer.PASSWORD));
        Paho3 second = server.track(new Paho3(server.uri(), "shared")).connect(Paho3.login("alice", MqttServer.PASSWORD));
        await().atMost(WAIT).until(() -> !first.client.isConnected());
        assertThat(second.client.isConnected()).isTrue();
        Paho3 bob = server.track(new Paho3(server.uri(), "shared"));
        assertThatThrownBy(() -> bob.connect(Paho3.login("bob", MqttServer.PASSWORD)))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(2));
        assertThat(second.client.isConnected()).isTrue();
    }

    @Test
    @DisplayName("TLS on its own port: Paho over ssl:// logs in and is answered")
    void tls(@TempDir Path dir) throws Exception {
        Path keystore = TestCertificates.keyStore(dir);
        start(m -> m.tls(keystore, TestCertificates.PASSWORD));
        assertThat(server.mqtt.isTls()).isTrue();
        Paho3 alice = server.track(new Paho3("ssl://127.0.0.1:" + server.mqtt.port(), "secure"));
        MqttConnectOptions options = Paho3.login("alice", MqttServer.PASSWORD);
        options.setSocketFactory(TestCertificates.trusting(keystore).getSocketFactory());
        options.setHttpsHostnameVerificationEnabled(false);
        alice.connect(options);
        alice.client.subscribe("parley/client/secure", 0);
        alice.publish("parley/request", "{\"id\":\"me\",\"op\":\"me\"}", 1);
        assertThat(alice.await(r -> r.json().path("id").asText().equals("me")).json()
                .path("data").path("user").path("username").asText()).isEqualTo("alice");
    }

}
