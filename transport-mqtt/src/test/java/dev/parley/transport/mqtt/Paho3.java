package dev.parley.transport.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** An Eclipse Paho MQTT 3.1.1 client for tests: what arrives is kept with its topic, as JSON. */
final class Paho3 implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One PUBLISH the client received. */
    record Received(String topic, JsonNode json) {
    }

    final MqttClient client;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    Paho3(String uri, String clientId) throws MqttException {
        client = new MqttClient(uri, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) throws Exception {
                received.add(new Received(topic, JSON.readTree(new String(message.getPayload(), StandardCharsets.UTF_8))));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
    }

    static MqttConnectOptions login(String username, String password) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setAutomaticReconnect(false);
        options.setCleanSession(true);
        options.setUserName(username);
        options.setPassword(password.toCharArray());
        return options;
    }

    Paho3 connect(MqttConnectOptions options) throws MqttException {
        client.connect(options);
        return this;
    }

    void publish(String topic, String text, int qos) throws MqttException {
        client.publish(topic, text.getBytes(StandardCharsets.UTF_8), qos, false);
    }

    /** The next received PUBLISH that matches, skipping others, or an assertion error. */
    Received await(Predicate<Received> matching) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Received next = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next != null && matching.test(next)) {
                return next;
            }
        }
        throw new AssertionError("nothing matching arrived within " + WAIT);
    }

    /** Whatever arrives within the time, or null. */
    Received poll(Duration within) throws InterruptedException {
        return received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(1000);
        }
        client.close(true);
    }
}
