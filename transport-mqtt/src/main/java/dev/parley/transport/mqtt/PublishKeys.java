package dev.parley.transport.mqtt;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps QoS 1 sends onto the engine's idempotency key ({@code clientMsgId}), so that a retransmission
 * stores nothing twice. Each new PUBLISH (DUP 0) gets a fresh key, remembered under its packet id; a
 * PUBLISH with the DUP flag and the same packet id gets the remembered key, so the engine answers it
 * with the original message. The window for a packet id lasts until the client reuses that packet id
 * for a new PUBLISH, within one MQTT session: one connection for a clean session, every connection of
 * a persistent session until it expires. At most 65,535 keys are kept, one per packet id.
 * Not thread-safe: {@link MqttSession} guards it.
 */
final class PublishKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Unique to this MQTT session, so keys of two sessions of one user never collide. */
    private final String prefix = "mqtt-" + Long.toUnsignedString(RANDOM.nextLong(), 36) + "-";
    private final Map<Integer, String> byPacketId = new HashMap<>();
    private long next;

    /** The key for a QoS 1 PUBLISH. */
    String keyFor(int packetId, boolean duplicate) {
        if (duplicate) {
            String known = byPacketId.get(packetId);
            if (known != null) {
                return known;
            }
        }
        String key = prefix + Long.toString(++next, 36);
        byPacketId.put(packetId, key);
        return key;
    }
}
