package dev.parley.bench.load;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;

/**
 * The MQTT packets of a load connection, on docs/mqtt.md's native topics: CONNECT with the member's
 * token (user name {@code $token}), a QoS 0 subscription to its conversation's topic, and QoS 1 sends
 * to the conversation's send topic.
 */
final class MqttLoadFrames {

    private static final String TOKEN = "\"token\":\"";

    private MqttLoadFrames() {
    }

    /** CONNECT, clean session, logging in with the token of the member's token login frame. */
    static MqttMessage connect(Member member, String clientId) {
        return MqttMessageBuilders.connect().clientId(clientId.replaceAll("[/+#]", "_"))
                .protocolVersion(MqttVersion.MQTT_3_1_1).cleanSession(true).keepAlive(600)
                .username("$token").password(token(member).getBytes(StandardCharsets.UTF_8)).build();
    }

    static MqttMessage subscribe(Member member) {
        return MqttMessageBuilders.subscribe().messageId(1)
                .addSubscription(MqttQoS.AT_MOST_ONCE, "parley/conversations/" + member.conversationId()).build();
    }

    /**
     * A QoS 1 PUBLISH of this text to the conversation's send topic; packet ids wrap within 1 to 65535.
     * Built by hand rather than with {@link MqttMessageBuilders#publish()}, whose {@code build()} copies
     * the payload into a new buffer and leaves the caller's unreleased: here the encoder releases the
     * one buffer once it has written it.
     */
    static MqttMessage send(ByteBufAllocator alloc, Member member, String text, long id) {
        return new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_LEAST_ONCE,
                false, 0), new MqttPublishVariableHeader("parley/conversations/" + member.conversationId() + "/send",
                (int) (id % 65_535) + 1), ByteBufUtil.writeUtf8(alloc, text));
    }

    /** The token in a Parley target's join frame, {@code {"op":"login","data":{"scheme":"token","token":"..."}}}. */
    private static String token(Member member) {
        String frame = member.joinFrame();
        int start = frame.indexOf(TOKEN);
        if (start < 0) {
            throw new IllegalArgumentException("MQTT needs a token login, and this member has none: " + frame);
        }
        start += TOKEN.length();
        return frame.substring(start, frame.indexOf('"', start));
    }
}
