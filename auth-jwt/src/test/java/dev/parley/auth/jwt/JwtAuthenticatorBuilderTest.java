package dev.parley.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.net.URI;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link JwtAuthenticator.Builder} refuses settings that do not fit, and says which ones. */
class JwtAuthenticatorBuilderTest {

    private static final byte[] SECRET = Tokens.secret(32);

    @Test
    @DisplayName("the defaults: scheme and credential jwt, no provisioning")
    void defaults() {
        JwtAuthenticator authenticator = JwtAuthenticator.builder().hmacSecret(SECRET).algorithms("HS256").build();
        assertThat(authenticator.scheme()).isEqualTo("jwt");
        assertThat(authenticator.id()).isEqualTo("jwt");
        assertThat(authenticator.provisionsUsers()).isFalse();
        assertThat(authenticator.algorithms()).containsExactly("HS256");
        assertThat(authenticator.toString()).contains("HMAC secret of 256 bits").doesNotContain(new String(SECRET));
    }

    @Test
    @DisplayName("alg none can never be accepted, in any spelling")
    void noneNeverAccepted() {
        for (String none : new String[] {"none", "NONE", " None "}) {
            assertThatIllegalStateException()
                    .isThrownBy(() -> JwtAuthenticator.builder().hmacSecret(SECRET).algorithms("HS256", none).build())
                    .withMessageContaining("'none'");
        }
    }

    @Test
    @DisplayName("the algorithms must be named, and be ones Parley supports")
    void algorithmsRequired() {
        assertThatIllegalStateException().isThrownBy(() -> JwtAuthenticator.builder().hmacSecret(SECRET).build())
                .withMessageContaining("algorithms(");
        assertThatIllegalStateException()
                .isThrownBy(() -> JwtAuthenticator.builder().hmacSecret(SECRET).algorithms("XY256").build())
                .withMessageContaining("'XY256' is not a supported");
        assertThatIllegalStateException()
                .isThrownBy(() -> JwtAuthenticator.builder().hmacSecret(SECRET).algorithms("EdDSA").build())
                .withMessageContaining("'EdDSA'");
    }

    @Test
    @DisplayName("keys come from exactly one place")
    void oneKeySource() throws Exception {
        assertThatIllegalStateException().isThrownBy(() -> JwtAuthenticator.builder().algorithms("HS256").build())
                .withMessageContaining("no verification keys");
        RSAPublicKey rsa = Tokens.rsaKey("k").toRSAPublicKey();
        assertThatIllegalStateException()
                .isThrownBy(() -> JwtAuthenticator.builder().hmacSecret(SECRET).publicKey(rsa)
                        .jwkSetUrl(URI.create("https://app.example.com/jwks.json")).algorithms("RS256").build())
                .withMessageContaining("hmacSecret and publicKey and jwkSetUrl");
    }

    @Test
    @DisplayName("every algorithm must fit the key: no RSA algorithm with a secret, no HMAC with an RSA key")
    void algorithmsFitTheKey() throws Exception {
        RSAPublicKey rsa = Tokens.rsaKey("k").toRSAPublicKey();
        assertThatIllegalStateException()
                .isThrownBy(() -> JwtAuthenticator.builder().publicKey(rsa).algorithms("RS256", "HS256").build())
                .withMessageContaining("HS256 is accepted but needs an HMAC secret");
        assertThatIllegalStateException()
                .isThrownBy(() -> JwtAuthenticator.builder().hmacSecret(SECRET).algorithms("RS256").build())
                .withMessageContaining("RS256 is accepted but needs an RSA key, and the keys are an HMAC secret");
        var p384 = new ECKeyGenerator(Curve.P_384).generate().toECPublicKey();
        assertThatIllegalStateException()
                .isThrownBy(() -> JwtAuthenticator.builder().publicKey(p384).algorithms("ES256").build())
                .withMessage("ES256 is accepted but needs an EC key on P-256, and the keys are an EC public key on P-384");
        assertThat(JwtAuthenticator.builder().publicKey(p384).algorithms("ES384").build().algorithms())
                .containsExactly("ES384");
    }

    @Test
    @DisplayName("an HMAC secret is at least 256 bits, and as long as the hash it is used with")
    void secretLength() {
        assertThatIllegalStateException()
                .isThrownBy(() -> JwtAuthenticator.builder().hmacSecret(Tokens.secret(16)).algorithms("HS256").build())
                .withMessageContaining("at least 256 bits").withMessageContaining("has 128");
        assertThatIllegalStateException()
                .isThrownBy(() -> JwtAuthenticator.builder().hmacSecret(SECRET).algorithms("HS512").build())
                .withMessageContaining("HS512 needs an HMAC secret of at least 512 bits");
    }

    @Test
    @DisplayName("an RSA key has at least 2048 bits, and a public key is RSA or EC")
    void publicKeyKinds() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        RSAPublicKey weak = (RSAPublicKey) generator.generateKeyPair().getPublic();
        assertThatIllegalStateException()
                .isThrownBy(() -> JwtAuthenticator.builder().publicKey(weak).algorithms("RS256").build())
                .withMessageContaining("1024 bits");
        var ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
        assertThatIllegalArgumentException().isThrownBy(() -> JwtAuthenticator.builder().publicKey(ed))
                .withMessageContaining("RSA or EC");
    }

    @Test
    @DisplayName("an inline JWK set must hold a key for every accepted algorithm")
    void jwkSetFitsTheAlgorithms() {
        String rsaOnly = new JWKSet(Tokens.rsaKey("k").toPublicJWK()).toString();
        assertThatIllegalStateException()
                .isThrownBy(() -> JwtAuthenticator.builder().jwkSet(rsaOnly).algorithms("RS256", "ES256").build())
                .withMessage("ES256 is accepted but a JWK set of 1 keys has no key for it");
        assertThat(JwtAuthenticator.builder().jwkSet(rsaOnly).algorithms("RS256", "PS512").build().algorithms())
                .containsExactly("RS256", "PS512");
    }

    @Test
    @DisplayName("a JWK set must parse and hold keys")
    void jwkSetMustParse() {
        assertThatIllegalArgumentException().isThrownBy(() -> JwtAuthenticator.builder().jwkSet("{\"keys\": 7}"))
                .withMessageContaining("not a JWK set");
        assertThatIllegalArgumentException().isThrownBy(() -> JwtAuthenticator.builder().jwkSet("{\"keys\": []}"))
                .withMessageContaining("no keys");
    }

    @Test
    @DisplayName("the scheme cannot take over password or token logins, and the clock skew cannot be negative")
    void schemeAndSkew() {
        assertThatIllegalStateException()
                .isThrownBy(() -> JwtAuthenticator.builder().scheme("password").hmacSecret(SECRET).algorithms("HS256")
                        .build())
                .withMessageContaining("'password'");
        assertThatIllegalStateException()
                .isThrownBy(() -> JwtAuthenticator.builder().clockSkew(Duration.ofSeconds(-1)).hmacSecret(SECRET)
                        .algorithms("HS256").build())
                .withMessageContaining("clock skew");
        assertThatIllegalStateException()
                .isThrownBy(() -> JwtAuthenticator.builder().jwkSetUrl(URI.create("file:///etc/jwks.json"))
                        .algorithms("RS256").build())
                .withMessageContaining("https");
    }
}
