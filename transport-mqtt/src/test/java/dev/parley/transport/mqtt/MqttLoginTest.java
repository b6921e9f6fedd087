package dev.parley.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.api.UserId;
import dev.parley.core.RateLimits;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Logging in with CONNECT, with Eclipse Paho's MQTT 3.1.1 and MQTT 5 clients: a password, a login
 * token, and refusals with the CONNACK code of each version, throttled like every other login.
 */
class MqttLoginTest {

    private MqttServer server;
    private UserId alice;

    @BeforeEach
    void start() {
        // Two failed attempts per account and address, as a small budget makes the throttle quick to reach.
        server = new MqttServer(m -> {
        }, e -> e.rateLimits(RateLimits.defaults().withLogins(2, Duration.ofMinutes(5))));
        alice = server.user("alice");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("MQTT 3.1.1: a username and password log in; a wrong password gets CONNACK 4 (bad user name or password)")
    void v3Password() throws Exception {
        Paho3 right = server.track(new Paho3(server.uri(), "a1")).connect(Paho3.login("alice", MqttServer.PASSWORD));
        assertThat(right.client.isConnected()).isTrue();
        assertThat(server.engine.sessions().isOnline(alice)).isTrue();

        Paho3 wrong = server.track(new Paho3(server.uri(), "a2"));
        assertThatThrownBy(() -> wrong.connect(Paho3.login("alice", "guess")))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(4));
        Paho3 unknown = server.track(new Paho3(server.uri(), "a3"));
        assertThatThrownBy(() -> unknown.connect(Paho3.login("nobody", "guess")))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(4));
    }

    @Test
    @DisplayName("MQTT 5: a wrong password gets CONNACK 0x86, and a login token in the password (user name $token) logs in")
    void v5PasswordAndToken() throws Exception {
        Paho5 wrong = server.track(new Paho5(server.uri(), "b1"));
        assertThatThrownBy(() -> wrong.connect(Paho5.login("alice", "guess")))
                .isInstanceOfSatisfying(org.eclipse.paho.mqttv5.common.MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(0x86));

        String token = server.engine.auth().loginWithPassword("alice", MqttServer.PASSWORD).token();
        Paho5 byToken = server.track(new Paho5(server.uri(), "b2"));
        IMqttToken connack = byToken.connect(Paho5.login("$token", token));
        assertThat(((org.eclipse.paho.mqttv5.common.packet.MqttConnAck) connack.getResponse()).getReturnCode()).isZero();
        assertThat(byToken.subscribe("parley/client/b2")).containsExactly(0);
        byToken.publish("parley/request", "{\"id\":\"me\",\"op\":\"me\"}", 1);
        assertThat(byToken.await(r -> r.json().path("id").asText().equals("me")).json()
                .path("data").path("user").path("username").asText()).isEqualTo("alice");

        Paho5 badToken = server.track(new Paho5(server.uri(), "b3"));
        assertThatThrownBy(() -> badToken.connect(Paho5.login("$token", "not-a-token")))
                .isInstanceOfSatisfying(org.eclipse.paho.mqttv5.common.MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(0x86));
    }

    @Test
    @DisplayName("failed logins are throttled as on every transport: then even the right password is refused, 0x9F on MQTT 5, 3 on 3.1.1")
    void throttled() throws Exception {
        for (int i = 0; i < 2; i++) {
            Paho5 guess = server.track(new Paho5(server.uri(), "g" + i));
            assertThatThrownBy(() -> guess.connect(Paho5.login("alice", "guess")))
                    .isInstanceOfSatisfying(org.eclipse.paho.mqttv5.common.MqttException.class,
                            e -> assertThat(e.getReasonCode()).isEqualTo(0x86));
        }
        Paho5 v5 = server.track(new Paho5(server.uri(), "g5"));
        assertThatThrownBy(() -> v5.connect(Paho5.login("alice", MqttServer.PASSWORD)))
                .isInstanceOfSatisfying(org.eclipse.paho.mqttv5.common.MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(0x9F));
        Paho3 v3 = server.track(new Paho3(server.uri(), "g3"));
        assertThatThrownBy(() -> v3.connect(Paho3.login("alice", MqttServer.PASSWORD)))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(3));
        assertThat(server.engine.sessions().isOnline(alice)).isFalse();
    }

    @Test
    @DisplayName("a connection past the per-address cap gets CONNACK 0x97 on MQTT 5 and 3 on 3.1.1")
    void tooManyConnections() throws Exception {
        try (MqttServer capped = new MqttServer(m -> {
        }, e -> e.rateLimits(RateLimits.defaults().withConnections(5, 1)))) {
            capped.user("bob");
            Paho5 first = capped.track(new Paho5(capped.uri(), "c1"));
            first.connect(Paho5.login("bob", MqttServer.PASSWORD));
            Paho5 second = capped.track(new Paho5(capped.uri(), "c2"));
            assertThatThrownBy(() -> second.connect(Paho5.login("bob", MqttServer.PASSWORD)))
                    .isInstanceOfSatisfying(org.eclipse.paho.mqttv5.common.MqttException.class,
                            e -> assertThat(e.getReasonCode()).isEqualTo(0x97));
            Paho3 third = capped.track(new Paho3(capped.uri(), "c3"));
            assertThatThrownBy(() -> third.connect(Paho3.login("bob", MqttServer.PASSWORD)))
                    .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(3));
            assertThat(first.client.isConnected()).isTrue();
        }
    }
}
