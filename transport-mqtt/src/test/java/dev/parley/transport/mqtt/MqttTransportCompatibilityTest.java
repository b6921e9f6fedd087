package dev.parley.transport.mqtt;

import dev.parley.testkit.transport.KitConnection;
import dev.parley.testkit.transport.TransportCompatibilityKit;
import java.io.IOException;

/**
 * The transport kit's scenarios over MQTT 3.1.1, the full protocol on the request and client topics,
 * with Eclipse Paho clients.
 */
class MqttTransportCompatibilityTest extends TransportCompatibilityKit<MqttTransport> {

    @Override
    protected MqttTransport createTransport() {
        return MqttTransport.builder().host("127.0.0.1").port(0).build();
    }

    @Override
    protected KitConnection connect(MqttTransport transport) throws IOException {
        return new PahoKitConnection(transport.port());
    }

    /**
     * A packet past the limit cannot be skipped (Netty's decoder drops the rest of the stream), so it
     * is refused and the connection closed. A payload over the frame limit but within the packet limit
     * is answered too_large and the connection stays: see MqttLimitsTest.
     */
    @Override
    protected boolean keepsConnectionAfterOversizedFrame() {
        return false;
    }
}
