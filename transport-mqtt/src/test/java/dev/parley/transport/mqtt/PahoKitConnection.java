package dev.parley.transport.mqtt;

import dev.parley.testkit.transport.KitConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The transport kit's client over MQTT 3.1.1, with Eclipse Paho: an anonymous CONNECT, a
 * subscription to the client's own topic, and each frame published to the request topic.
 */
final class PahoKitConnection implements KitConnection {

    private final MqttClient client;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    PahoKitConnection(int port) throws IOException {
        try {
            client = new MqttClient("tcp://127.0.0.1:" + port, MqttClient.generateClientId(), new MemoryPersistence());
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    received.add(new String(message.getPayload(), StandardCharsets.UTF_8));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setCleanSession(true);
            options.setAutomaticReconnect(false);
            client.connect(options);
            client.subscribe("parley/client/" + client.getClientId(), 0);
        } catch (MqttException e) {
            throw new IOException("could not connect over MQTT: " + e.getMessage(), e);
        }
    }

    @Override
    public void send(String frame) {
        try {
            client.publish("parley/request", frame.getBytes(StandardCharsets.UTF_8), 0, false);
        } catch (MqttException e) {
            throw new UncheckedIOException(new IOException("could not publish: " + e.getMessage(), e));
        }
    }

    @Override
    public String receive(Duration timeout) {
        try {
            return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public boolean isOpen() {
        return client.isConnected();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(100, 1000);
            }
            client.close(true);
        } catch (MqttException e) {
            // already gone
        }
    }
}
