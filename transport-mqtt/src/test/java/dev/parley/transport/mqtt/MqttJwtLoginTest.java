package dev.parley.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.auth.jwt.JwtAuthenticator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A JWT in CONNECT's password, with the user name {@code $jwt}, logs in through the JWT authenticator. */
class MqttJwtLoginTest {

    private static final byte[] SECRET = "a shared secret of at least 256 bits, for HS256 only".getBytes(StandardCharsets.UTF_8);

    private MqttServer server;

    @BeforeEach
    void start() {
        server = new MqttServer(m -> {
        }, e -> e.authenticator(JwtAuthenticator.builder().hmacSecret(SECRET).algorithms("HS256")
                .issuer("https://app.example").audience("parley").provisionUsers(true).build()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String jwt(String username, byte[] secret) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("user-" + username)
                .claim("preferred_username", username).claim("name", "Dora")
                .issuer("https://app.example").audience("parley")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(10)))).build();
        SignedJWT signed = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        signed.sign(new MACSigner(secret));
        return signed.serialize();
    }

    @Test
    @DisplayName("a signed JWT logs in (and provisions the user); a JWT signed with another key gets CONNACK 4")
    void jwtInPassword() throws Exception {
        Paho3 dora = server.track(new Paho3(server.uri(), "dora")).connect(Paho3.login("$jwt", jwt("dora", SECRET)));
        dora.client.subscribe("parley/client/dora", 0);
        dora.publish("parley/request", "{\"id\":\"me\",\"op\":\"me\"}", 1);
        assertThat(dora.await(r -> r.json().path("id").asText().equals("me")).json()
                .path("data").path("user").path("username").asText()).isEqualTo("dora");

        byte[] other = "another secret of at least 256 bits, which nobody trusts".getBytes(StandardCharsets.UTF_8);
        Paho3 forged = server.track(new Paho3(server.uri(), "forged"));
        assertThatThrownBy(() -> forged.connect(Paho3.login("$jwt", jwt("dora", other))))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(4));
    }
}
