package dev.parley.transport.mqtt;

import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The outbound buffer is bounded: a client that publishes requests but never reads its answers is
 * closed as a slow consumer instead of growing the server's heap.
 */
class MqttSlowConsumerTest {

    private static byte[] encode(EmbeddedChannel codec, MqttMessage message) {
        codec.writeOutbound(message);
        ByteBuf encoded = Unpooled.buffer();
        ByteBuf part;
        while ((part = codec.readOutbound()) != null) {
            encoded.writeBytes(part);
            part.release();
        }
        byte[] bytes = new byte[encoded.readableBytes()];
        encoded.readBytes(bytes);
        return bytes;
    }

    @Test
    void aClientThatDoesNotReadIsClosed() throws Exception {
        try (MqttServer server = new MqttServer(m -> m.maxQueuedBytes(1024), e -> {
        }); Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096); // before connecting, so that the window stays small
            socket.connect(new InetSocketAddress("127.0.0.1", server.mqtt.port()));
            EmbeddedChannel codec = new EmbeddedChannel(MqttEncoder.INSTANCE);
            OutputStream out = socket.getOutputStream();
            out.write(encode(codec, MqttMessageBuilders.connect().clientId("deaf").protocolVersion(MqttVersion.MQTT_3_1_1)
                    .cleanSession(true).keepAlive(60).build()));
            out.write(encode(codec, MqttMessageBuilders.subscribe().messageId(1)
                    .addSubscription(MqttQoS.AT_MOST_ONCE, "parley/client/deaf").build()));
            await().atMost(Duration.ofSeconds(10)).until(() -> server.mqtt.connectionCount() == 1);
            // Each ping's answer is small; the kernel's buffers take some hundreds of KiB of them first.
            byte[] ping = encode(codec, new MqttPublishMessage(
                    new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_MOST_ONCE, false, 0),
                    new MqttPublishVariableHeader("parley/request", 0),
                    Unpooled.copiedBuffer("{\"id\":\"p\",\"op\":\"ping\",\"data\":{\"pad\":\"" + "x".repeat(900) + "\"}}",
                            StandardCharsets.UTF_8)));
            // 50 pings a poll, every 5 ms: under the 256 requests a connection may have waiting.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> {
                if (server.mqtt.connectionCount() == 0) {
                    return true;
                }
                try {
                    for (int i = 0; i < 50; i++) {
                        out.write(ping);
                    }
                    out.flush();
                } catch (IOException closed) {
                    // the server closed the connection while the client was still writing
                }
                return server.mqtt.connectionCount() == 0;
            });
        }
    }
}
