package dev.parley.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.api.ConversationId;
import dev.parley.api.Message;
import dev.parley.api.UserId;
import dev.parley.core.RateLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * MQTT clients on a network that cuts connections and delays packets, in both directions. A sender
 * publishes QoS 1 texts to a conversation's send topic and a receiver subscribes to it, both with
 * persistent sessions, reconnecting whenever they are cut, as a phone does. Paho keeps every
 * unacknowledged PUBLISH and sends it again, with DUP, after the reconnect; the server must store each
 * text once, however many times its PUBACK was lost. The server publishes to the receiver's QoS 1
 * subscription at QoS 1 and keeps each PUBLISH in the session until its PUBACK, sending it again with
 * DUP after a reconnect: the receiver gets every message live, none missing, and each at most once
 * but for such DUP re-sends of a PUBLISH whose PUBACK the cut lost, which MQTT allows.
 */
class MqttLossyNetworkTest {

    private static final int MESSAGES = 60;
    private static final Duration WITHIN = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MqttServer server = new MqttServer(m -> {
    }, e -> e.rateLimits(RateLimits.defaults().withSends(1_000, 1_000)));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("QoS 1 sends through cuts and delays are stored once each, with gapless seqs; a persistent QoS 1 subscriber gets every one, none twice but as a DUP re-send")
    void storedOnceAndDelivered() throws Exception {
        UserId alice = server.user("alice");
        UserId bob = server.user("bob");
        ConversationId direct = server.direct(alice, bob);
        Map<String, Integer> received = new ConcurrentHashMap<>();
        Map<String, Integer> resent = new ConcurrentHashMap<>();
        AtomicBoolean done = new AtomicBoolean();
        AtomicBoolean subscribed = new AtomicBoolean();
        try (CuttingProxy proxy = new CuttingProxy(server.mqtt.port(), 0.08, 0.05, 20261202L)) {
            String uri = "tcp://127.0.0.1:" + proxy.port();
            MqttAsyncClient sender = new MqttAsyncClient(uri, "alice-phone", new MemoryPersistence());
            MqttAsyncClient receiver = new MqttAsyncClient(uri, "bob-phone", new MemoryPersistence());
            receiver.setCallback(collecting(received, resent));
            MqttConnectOptions aliceLogin = persistent("alice");
            MqttConnectOptions bobLogin = persistent("bob");
            String topic = "parley/conversations/" + direct.value();

            // The receiver stays connected, subscribing again after each reconnect (its SUBACK may be lost).
            Thread keeper = new Thread(() -> {
                while (!done.get()) {
                    if (connect(receiver, bobLogin)) {
                        try {
                            receiver.subscribe(topic, 1).waitForCompletion(2_000);
                            subscribed.set(true);
                        } catch (MqttException e) {
                            // cut again: the next round reconnects
                        }
                    }
                    pause(20);
                }
            }, "lossy-receiver");
            keeper.setDaemon(true);
            keeper.start();
            // A SUBACK says where the subscription starts: what was sent before it is history, not missed.
            await().atMost(WITHIN).untilTrue(subscribed);

            for (int i = 0; i < MESSAGES; i++) {
                byte[] text = ("lossy " + i).getBytes(StandardCharsets.UTF_8);
                // A publish that throws was never handed over; one that returns is Paho's to deliver.
                await().atMost(WITHIN).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).until(() -> {
                    connect(sender, aliceLogin);
                    try {
                        sender.publish(topic + "/send", text, 1, false);
                        return true;
                    } catch (MqttException e) {
                        return false;
                    }
                });
            }
            await().atMost(WITHIN).pollInterval(Duration.ofMillis(50)).until(() -> {
                connect(sender, aliceLogin);
                return sender.getPendingDeliveryTokens().length == 0;
            });
            // Every message reaches the receiver, through however many cuts: live, or sent again after a reconnect.
            await().atMost(WITHIN).pollInterval(Duration.ofMillis(50))
                    .until(() -> distinct(received, resent).size() >= MESSAGES);
            done.set(true);
            keeper.join(5_000);

            List<Message> stored = server.engine.store().messages().after(direct, 1, 10 * MESSAGES);
            System.out.printf("MQTT through cuts: %d messages, %d connections, %d cuts, %d delayed reads; "
                            + "the receiver got %d distinct messages, %d first deliveries and %d DUP re-sends%n",
                    MESSAGES, proxy.connections.get(), proxy.cuts.get(), proxy.delays.get(),
                    distinct(received, resent).size(), received.values().stream().mapToInt(Integer::intValue).sum(),
                    resent.values().stream().mapToInt(Integer::intValue).sum());
            assertThat(stored).extracting(Message::text).as("each text stored once")
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, MESSAGES).mapToObj(i -> "lossy " + i)
                            .toList());
            assertThat(stored).extracting(Message::seq).as("gapless seqs")
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(2, MESSAGES + 1).boxed().toList());
            assertThat(distinct(received, resent)).as("the receiver got every stored message, and only those")
                    .containsExactlyInAnyOrderElementsOf(stored.stream().map(Message::text).toList());
            assertThat(received.values()).as("the receiver got each message at most once without DUP")
                    .allMatch(n -> n == 1);
            assertThat(proxy.cuts.get()).as("the network did cut").isPositive();
            sender.disconnectForcibly(1_000);
            receiver.disconnectForcibly(1_000);
            sender.close(true);
            receiver.close(true);
        } finally {
            done.set(true);
        }
    }

    private static MqttConnectOptions persistent(String user) {
        MqttConnectOptions options = Paho3.login(user, MqttServer.PASSWORD);
        options.setCleanSession(false);
        options.setConnectionTimeout(5);
        options.setKeepAliveInterval(10);
        options.setMaxInflight(10);
        return options;
    }

    /** Connects if not connected; whether it is connected now. */
    private static boolean connect(MqttAsyncClient client, MqttConnectOptions options) {
        if (client.isConnected()) {
            return true;
        }
        try {
            client.connect(options).waitForCompletion(5_000);
        } catch (MqttException e) {
            // refused or cut during the handshake: the caller tries again
        }
        return client.isConnected();
    }

    /** The texts the receiver got, first deliveries or DUP re-sends. */
    private static Set<String> distinct(Map<String, Integer> received, Map<String, Integer> resent) {
        Set<String> all = new TreeSet<>(received.keySet());
        all.addAll(resent.keySet());
        return all;
    }

    /** Counts each text's deliveries: without DUP in {@code received}, DUP re-sends in {@code resent}. */
    private static MqttCallback collecting(Map<String, Integer> received, Map<String, Integer> resent) {
        Function<MqttMessage, String> text = message -> {
            try {
                return JSON.readTree(new String(message.getPayload(), StandardCharsets.UTF_8))
                        .path("data").path("message").path("text").asText();
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + new String(message.getPayload(), StandardCharsets.UTF_8), e);
            }
        };
        return new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                (message.isDuplicate() ? resent : received).merge(text.apply(message), 1, Integer::sum);
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        };
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // a client's backoff between attempts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
