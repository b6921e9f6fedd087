package dev.parley.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.api.ConversationId;
import dev.parley.api.MessageDraft;
import dev.parley.api.UserId;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the server publishes at QoS 1, packet by packet, with a client on a plain socket that decides
 * when to PUBACK: a subscription gets the QoS it asked for (at most 1); a persistent session sends an
 * unacknowledged PUBLISH again with DUP and its packet id after a reconnect, and never an acknowledged
 * one; the in-flight window (the server's {@code maxInflight}, or an MQTT 5 client's Receive Maximum)
 * holds the next message back until a PUBACK makes room.
 */
class MqttQos1DeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** How long a message that must not come is waited for. */
    private static final Duration NOTHING = Duration.ofMillis(600);
    private static final ObjectMapper JSON = new ObjectMapper();

    private MqttServer server;
    private UserId bobId;
    private ConversationId withBob;

    private void start(int maxInflight) {
        server = new MqttServer(m -> m.maxInflight(maxInflight), e -> {
        });
        UserId aliceId = server.user("alice");
        bobId = server.user("bob");
        withBob = server.direct(aliceId, bobId);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void bobSays(String text) {
        server.engine.messages().send(bobId, withBob, MessageDraft.text(text));
    }

    private RawMqttClient connect(String clientId, boolean cleanSession, boolean sessionPresent) throws IOException {
        RawMqttClient raw = server.track(new RawMqttClient(server.mqtt.port()));
        raw.send(MqttMessageBuilders.connect().clientId(clientId).protocolVersion(MqttVersion.MQTT_3_1_1)
                .cleanSession(cleanSession).keepAlive(30).username("alice")
                .password(MqttServer.PASSWORD.getBytes(StandardCharsets.UTF_8)).build());
        MqttConnAckMessage connack = (MqttConnAckMessage) raw.receive(WAIT);
        assertThat(connack.variableHeader().isSessionPresent()).as("session present").isEqualTo(sessionPresent);
        return raw;
    }

    private int[] subscribe(RawMqttClient raw, MqttQoS qos) {
        raw.send(MqttMessageBuilders.subscribe().messageId(1)
                .addSubscription(qos, "parley/conversations/" + withBob.value()).build());
        MqttSubAckMessage suback = (MqttSubAckMessage) raw.receive(WAIT);
        return suback.payload().reasonCodes().stream().mapToInt(Integer::intValue).toArray();
    }

    /** The next PUBLISH, or an assertion error. */
    private static MqttPublishMessage next(RawMqttClient raw) {
        MqttMessage message = raw.receive(WAIT);
        assertThat(message).as("a PUBLISH within " + WAIT).isNotNull();
        assertThat(message.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBLISH);
        return (MqttPublishMessage) message;
    }

    private static String text(MqttPublishMessage publish) {
        try {
            JsonNode json = JSON.readTree(publish.payload().toString(StandardCharsets.UTF_8));
            return json.path("data").path("message").path("text").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pubAck(RawMqttClient raw, MqttPublishMessage publish) {
        raw.send(MqttMessageBuilders.pubAck().packetId(publish.variableHeader().packetId()).build());
    }

    private void dropped(RawMqttClient raw) throws IOException {
        raw.close();
        await().atMost(WAIT).until(() -> server.mqtt.connectionCount() == 0);
    }

    @Test
    @DisplayName("persistent session: a PUBLISH not acknowledged comes again after a reconnect with DUP and its packet id, then what was missed; an acknowledged one never again")
    void unacknowledgedIsSentAgain() throws Exception {
        start(1000);
        RawMqttClient phone = connect("alice-raw", false, false);
        assertThat(subscribe(phone, MqttQoS.AT_LEAST_ONCE)).as("QoS 1 granted").containsExactly(1);
        bobSays("one");
        MqttPublishMessage first = next(phone);
        assertThat(text(first)).isEqualTo("one");
        assertThat(first.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
        assertThat(first.fixedHeader().isDup()).isFalse();
        int packetId = first.variableHeader().packetId();
        assertThat(packetId).isPositive();
        dropped(phone); // no PUBACK: as if the network cut the connection before the client got it

        bobSays("two");
        RawMqttClient again = connect("alice-raw", false, true);
        MqttPublishMessage resent = next(again);
        assertThat(text(resent)).isEqualTo("one");
        assertThat(resent.fixedHeader().isDup()).as("DUP").isTrue();
        assertThat(resent.variableHeader().packetId()).as("the same packet id").isEqualTo(packetId);
        MqttPublishMessage missed = next(again);
        assertThat(text(missed)).isEqualTo("two");
        assertThat(missed.fixedHeader().isDup()).isFalse();
        assertThat(missed.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
        assertThat(missed.variableHeader().packetId()).isNotEqualTo(packetId);
        bobSays("three");
        MqttPublishMessage live = next(again);
        assertThat(text(live)).isEqualTo("three");
        assertThat(again.receive(NOTHING)).as("each message once on this connection").isNull();
        pubAck(again, resent);
        pubAck(again, missed);
        pubAck(again, live);
        await().atMost(WAIT).until(() -> server.mqtt.sessionCount() == 1);
        dropped(again);

        RawMqttClient third = connect("alice-raw", false, true);
        assertThat(third.receive(NOTHING)).as("nothing acknowledged comes again").isNull();
        bobSays("four");
        MqttPublishMessage four = next(third);
        assertThat(text(four)).isEqualTo("four");
        assertThat(four.fixedHeader().isDup()).isFalse();
    }

    @Test
    @DisplayName("with maxInflight 3 and nothing acknowledged, the fourth message waits for a PUBACK, then comes in seq order; an unknown PUBACK is ignored")
    void windowOfTheServer() throws Exception {
        start(3);
        RawMqttClient phone = connect("alice-window", false, false);
        subscribe(phone, MqttQoS.AT_LEAST_ONCE);
        for (int i = 1; i <= 6; i++) {
            bobSays("m" + i);
        }
        MqttPublishMessage m1 = next(phone);
        MqttPublishMessage m2 = next(phone);
        MqttPublishMessage m3 = next(phone);
        assertThat(new String[] {text(m1), text(m2), text(m3)}).containsExactly("m1", "m2", "m3");
        assertThat(phone.receive(NOTHING)).as("no fourth while three are in flight").isNull();

        phone.send(MqttMessageBuilders.pubAck().packetId(4242).build());
        assertThat(phone.receive(NOTHING)).as("an unknown packet id makes no room").isNull();
        assertThat(phone.closedByServer()).as("an unknown packet id is ignored").isFalse();

        pubAck(phone, m2);
        MqttPublishMessage m4 = next(phone);
        assertThat(text(m4)).isEqualTo("m4");
        assertThat(phone.receive(NOTHING)).as("one PUBACK, room for one").isNull();
        pubAck(phone, m1);
        pubAck(phone, m3);
        assertThat(text(next(phone))).isEqualTo("m5");
        assertThat(text(next(phone))).isEqualTo("m6");
        assertThat(phone.receive(NOTHING)).isNull();
        bobSays("m7");
        assertThat(phone.receive(NOTHING)).as("still three in flight: m4, m5, m6").isNull();
        pubAck(phone, m4);
        assertThat(text(next(phone))).isEqualTo("m7");
    }

    @Test
    @DisplayName("a reconnect with a full window sends the two in flight again, and the rest from the store only as PUBACKs come")
    void reconnectWithAFullWindow() throws Exception {
        start(2);
        RawMqttClient phone = connect("alice-full", false, false);
        subscribe(phone, MqttQoS.AT_LEAST_ONCE);
        for (int i = 1; i <= 4; i++) {
            bobSays("w" + i);
        }
        MqttPublishMessage w1 = next(phone);
        MqttPublishMessage w2 = next(phone);
        assertThat(phone.receive(NOTHING)).isNull();
        dropped(phone);

        RawMqttClient again = connect("alice-full", false, true);
        MqttPublishMessage r1 = next(again);
        MqttPublishMessage r2 = next(again);
        assertThat(new int[] {r1.variableHeader().packetId(), r2.variableHeader().packetId()})
                .containsExactly(w1.variableHeader().packetId(), w2.variableHeader().packetId());
        assertThat(r1.fixedHeader().isDup() && r2.fixedHeader().isDup()).as("both DUP").isTrue();
        assertThat(again.receive(NOTHING)).as("the window is full again").isNull();
        pubAck(again, r1);
        MqttPublishMessage w3 = next(again);
        assertThat(text(w3)).isEqualTo("w3");
        assertThat(w3.fixedHeader().isDup()).isFalse();
        pubAck(again, r2);
        assertThat(text(next(again))).isEqualTo("w4");
        assertThat(again.receive(NOTHING)).isNull();
    }

    @Test
    @DisplayName("MQTT 5: a Receive Maximum of 2 in CONNECT holds the third message back until a PUBACK")
    void receiveMaximum() throws Exception {
        start(1000);
        RawMqttClient phone = server.track(new RawMqttClient(server.mqtt.port()));
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(), 2));
        phone.send(MqttMessageBuilders.connect().clientId("alice-5").protocolVersion(MqttVersion.MQTT_5)
                .cleanSession(true).keepAlive(30).username("alice").properties(properties)
                .password(MqttServer.PASSWORD.getBytes(StandardCharsets.UTF_8)).build());
        assertThat(phone.receive(WAIT).fixedHeader().messageType()).isEqualTo(MqttMessageType.CONNACK);
        assertThat(subscribe(phone, MqttQoS.EXACTLY_ONCE)).as("QoS 2 asked, QoS 1 granted").containsExactly(1);
        bobSays("a");
        bobSays("b");
        bobSays("c");
        MqttPublishMessage a = next(phone);
        MqttPublishMessage b = next(phone);
        assertThat(new String[] {text(a), text(b)}).containsExactly("a", "b");
        assertThat(b.fixedHeader().qosLevel()).as("published at QoS 1, not 2").isEqualTo(MqttQoS.AT_LEAST_ONCE);
        assertThat(phone.receive(NOTHING)).as("the client's window is 2").isNull();
        pubAck(phone, a);
        assertThat(text(next(phone))).isEqualTo("c");
    }

    @Test
    @DisplayName("a QoS 0 subscription is published at QoS 0; a clean session's QoS 1 PUBLISH is not sent again after a reconnect")
    void qos0AndCleanSessions() throws Exception {
        start(1000);
        RawMqttClient sensor = connect("alice-q0", true, false);
        assertThat(subscribe(sensor, MqttQoS.AT_MOST_ONCE)).containsExactly(0);
        bobSays("zero");
        MqttPublishMessage zero = next(sensor);
        assertThat(text(zero)).isEqualTo("zero");
        assertThat(zero.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_MOST_ONCE);
        assertThat(zero.variableHeader().packetId()).as("no packet id (Netty's decoder says -1)").isEqualTo(-1);
        dropped(sensor);

        RawMqttClient clean = connect("alice-clean", true, false);
        subscribe(clean, MqttQoS.AT_LEAST_ONCE);
        bobSays("one");
        MqttPublishMessage one = next(clean);
        assertThat(one.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
        assertThat(one.variableHeader().packetId()).as("a packet id, to be acknowledged").isPositive();
        dropped(clean); // not acknowledged; a clean session keeps nothing

        RawMqttClient fresh = connect("alice-clean", true, false);
        assertThat(fresh.receive(NOTHING)).as("nothing survives a clean session").isNull();
        assertThat(server.mqtt.sessionCount()).isZero();
    }

    @Test
    @DisplayName("maxInflight is 1 to 65535, the packet ids there are")
    void maxInflightBounds() {
        assertThatThrownBy(() -> MqttTransport.builder().maxInflight(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> MqttTransport.builder().maxInflight(65_536))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 65535");
        assertThat(MqttTransport.builder().maxInflight(65_535).build().maxInflight()).isEqualTo(65_535);
        assertThat(MqttTransport.builder().build().maxInflight()).as("the default").isEqualTo(1000);
    }
}
