package dev.parley.transport.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * An Eclipse Paho MQTT 5 client for tests, on Paho's asynchronous client so that a test can read the
 * reason codes of each acknowledgement.
 */
final class Paho5 implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Received(String topic, JsonNode json) {
    }

    final MqttAsyncClient client;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    volatile MqttDisconnectResponse disconnect;

    Paho5(String uri, String clientId) throws MqttException {
        client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                disconnect = response;
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) throws Exception {
                received.add(new Received(topic, JSON.readTree(new String(message.getPayload(), StandardCharsets.UTF_8))));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
    }

    static MqttConnectionOptions login(String username, String password) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setAutomaticReconnect(false);
        options.setCleanStart(true);
        options.setUserName(username);
        options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        return options;
    }

    /** Connects and returns the CONNACK's token. */
    IMqttToken connect(MqttConnectionOptions options) throws MqttException {
        IMqttToken token = client.connect(options);
        token.waitForCompletion(Paho3.WAIT.toMillis());
        return token;
    }

    /** Subscribes at QoS 1 and returns the SUBACK's reason codes, one per filter. */
    int[] subscribe(String... filters) throws MqttException {
        MqttSubscription[] subscriptions = new MqttSubscription[filters.length];
        for (int i = 0; i < filters.length; i++) {
            subscriptions[i] = new MqttSubscription(filters[i], 1);
        }
        IMqttToken token = client.subscribe(subscriptions);
        token.waitForCompletion(Paho3.WAIT.toMillis());
        return token.getReasonCodes();
    }

    /** Publishes and, for QoS 1, returns the PUBACK's reason code. */
    int publish(String topic, String text, int qos) throws MqttException {
        MqttMessage message = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
        message.setQos(qos);
        IMqttToken token = client.publish(topic, message);
        token.waitForCompletion(Paho3.WAIT.toMillis());
        int[] codes = token.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    /** Publishes with MQTT 5 user properties and, for QoS 1, returns the PUBACK's reason code. */
    int publish(String topic, String text, int qos, java.util.Map<String, String> userProperties)
            throws MqttException {
        MqttMessage message = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
        message.setQos(qos);
        MqttProperties properties = new MqttProperties();
        java.util.List<org.eclipse.paho.mqttv5.common.packet.UserProperty> list = new java.util.ArrayList<>();
        userProperties.forEach((key, value) -> list.add(new org.eclipse.paho.mqttv5.common.packet.UserProperty(key, value)));
        properties.setUserProperties(list);
        message.setProperties(properties);
        IMqttToken token = client.publish(topic, message);
        token.waitForCompletion(Paho3.WAIT.toMillis());
        int[] codes = token.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    Received await(Predicate<Received> matching) throws InterruptedException {
        long deadline = System.nanoTime() + Paho3.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Received next = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next != null && matching.test(next)) {
                return next;
            }
        }
        throw new AssertionError("nothing matching arrived within " + Paho3.WAIT);
    }

    Received poll(Duration within) throws InterruptedException {
        return received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(1000);
        }
        client.close(true);
    }
}
