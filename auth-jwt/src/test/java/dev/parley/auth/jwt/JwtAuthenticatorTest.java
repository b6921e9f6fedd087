package dev.parley.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.parley.api.Role;
import dev.parley.api.spi.AuthRequest;
import dev.parley.api.spi.Identity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What {@link JwtAuthenticator} admits and what it refuses, token by token. */
class JwtAuthenticatorTest {

    private static final byte[] SECRET = Tokens.secret(32);
    private static final RSAKey RSA = Tokens.rsaKey("2024-1");
    private static final RSAKey OTHER_RSA = Tokens.rsaKey("2024-2");

    private static Optional<Identity> login(JwtAuthenticator authenticator, String token) {
        return authenticator.authenticate(new AuthRequest("jwt", Map.of("jwt", token), "203.0.113.9"));
    }

    private static JwtAuthenticator hmac() {
        return JwtAuthenticator.builder().hmacSecret(SECRET).algorithms("HS256")
                .issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).rolesClaim("roles").build();
    }

    private static JwtAuthenticator rsaKeySet() {
        String keys = new JWKSet(List.of(OTHER_RSA.toPublicJWK(), RSA.toPublicJWK())).toString();
        return JwtAuthenticator.builder().jwkSet(keys).algorithms("RS256")
                .issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).build();
    }

    @Nested
    @DisplayName("admits")
    class Admits {

        @Test
        @DisplayName("a good HS256 token, with its username, display name and roles")
        void goodHs256() {
            Identity identity = login(hmac(), Tokens.hs256(SECRET, Tokens.claims("alice").build())).orElseThrow();
            assertThat(identity.username()).isEqualTo("alice");
            assertThat(identity.displayName()).isEqualTo("Alice");
            assertThat(identity.roles()).containsExactly(Role.of("moderator"));
        }

        @Test
        @DisplayName("a good RS256 token, its key picked from a JWK set by kid")
        void goodRs256FromKeySet() {
            assertThat(login(rsaKeySet(), Tokens.rsa(JWSAlgorithm.RS256, RSA, Tokens.claims("bob").build())))
                    .map(Identity::username).contains("bob");
            assertThat(login(rsaKeySet(), Tokens.rsa(JWSAlgorithm.RS256, OTHER_RSA, Tokens.claims("carol").build())))
                    .map(Identity::username).contains("carol");
        }

        @Test
        @DisplayName("a token verified with one configured RSA public key, whatever kid it names")
        void singlePublicKey() throws Exception {
            JwtAuthenticator authenticator = JwtAuthenticator.builder().publicKey(RSA.toRSAPublicKey())
                    .algorithms("RS256", "PS256").build();
            assertThat(login(authenticator, Tokens.rsa(JWSAlgorithm.RS256, RSA, Tokens.claims("dave").build())))
                    .isPresent();
            assertThat(login(authenticator, Tokens.rsa(JWSAlgorithm.PS256, RSA, Tokens.claims("dave").build())))
                    .isPresent();
        }

        @Test
        @DisplayName("an HS512 token with a kid, verified with a 512-bit secret")
        void hs512WithKeyId() {
            byte[] longSecret = Tokens.secret(64);
            JwtAuthenticator authenticator = JwtAuthenticator.builder().hmacSecret(longSecret)
                    .algorithms("HS256", "HS512").build();
            String token = Tokens.hmac(JWSAlgorithm.HS512, longSecret, "host-key-7", Tokens.claims("erin").build());
            assertThat(login(authenticator, token)).map(Identity::username).contains("erin");
        }

        @Test
        @DisplayName("a token that expired within the clock skew")
        void expiredWithinSkew() {
            JWTClaimsSet claims = Tokens.claims("alice", c -> c.expirationTime(ago(Duration.ofSeconds(20))));
            assertThat(login(hmac(), Tokens.hs256(SECRET, claims))).isPresent();
        }

        @Test
        @DisplayName("sub as the username when preferred_username is absent, and the username as display name")
        void subjectFallback() {
            JWTClaimsSet claims = Tokens.claims("alice", c -> c.claim("preferred_username", null).claim("name", null));
            Identity identity = login(hmac(), Tokens.hs256(SECRET, claims)).orElseThrow();
            assertThat(identity.username()).isEqualTo("user-alice");
            assertThat(identity.displayName()).isEqualTo("user-alice");
        }

        @Test
        @DisplayName("configured claim names, keeping only valid role names")
        void configuredClaims() {
            JwtAuthenticator authenticator = JwtAuthenticator.builder().hmacSecret(SECRET).algorithms("HS256")
                    .usernameClaim("email_local").displayNameClaim("full_name").rolesClaim("groups").build();
            JWTClaimsSet claims = Tokens.claims("alice", c -> c.claim("email_local", "alice.smith")
                    .claim("full_name", "Alice Smith").claim("groups", List.of("admin", "Not A Role", "ops", 42)));
            Identity identity = login(authenticator, Tokens.hs256(SECRET, claims)).orElseThrow();
            assertThat(identity.username()).isEqualTo("alice.smith");
            assertThat(identity.displayName()).isEqualTo("Alice Smith");
            assertThat(identity.roles()).containsExactlyInAnyOrder(Role.ADMIN, Role.of("ops"));
        }

        @Test
        @DisplayName("a token under another scheme and credential name")
        void otherSchemeAndCredential() {
            JwtAuthenticator authenticator = JwtAuthenticator.builder().scheme("sso").credential("id_token")
                    .hmacSecret(SECRET).algorithms("HS256").provisionUsers(true).build();
            String token = Tokens.hs256(SECRET, Tokens.claims("alice").build());
            assertThat(authenticator.scheme()).isEqualTo("sso");
            assertThat(authenticator.provisionsUsers()).isTrue();
            assertThat(authenticator.authenticate(new AuthRequest("sso", Map.of("id_token", token), null))).isPresent();
            assertThat(authenticator.authenticate(new AuthRequest("sso", Map.of("jwt", token), null))).isEmpty();
        }

        @Test
        @DisplayName("many tokens at once from many threads, each as its own user")
        void concurrent() throws Exception {
            JwtAuthenticator authenticator = hmac();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Boolean>> logins = new ArrayList<>();
                for (int i = 0; i < 400; i++) {
                    String name = "user" + i;
                    String token = Tokens.hs256(SECRET, Tokens.claims(name).build());
                    logins.add(() -> login(authenticator, token).map(Identity::username).orElse("").equals(name));
                }
                for (Future<Boolean> admitted : pool.invokeAll(logins)) {
                    assertThat(admitted.get()).isTrue();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    @DisplayName("refuses")
    class Refuses {

        @Test
        @DisplayName("an expired token")
        void expired() {
            JWTClaimsSet claims = Tokens.claims("alice", c -> c.expirationTime(ago(Duration.ofMinutes(5))));
            assertThat(login(hmac(), Tokens.hs256(SECRET, claims))).isEmpty();
        }

        @Test
        @DisplayName("a token without an expiry")
        void noExpiry() {
            JWTClaimsSet claims = Tokens.claims("alice", c -> c.expirationTime(null));
            assertThat(login(hmac(), Tokens.hs256(SECRET, claims))).isEmpty();
        }

        @Test
        @DisplayName("a token that is not valid yet")
        void notYetValid() {
            JWTClaimsSet claims = Tokens.claims("alice", c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(300))));
            assertThat(login(hmac(), Tokens.hs256(SECRET, claims))).isEmpty();
        }

        @Test
        @DisplayName("a token signed with another secret, or with its payload changed after signing")
        void wrongSignature() {
            assertThat(login(hmac(), Tokens.hs256(Tokens.secret(32), Tokens.claims("alice").build()))).isEmpty();
            String genuine = Tokens.hs256(SECRET, Tokens.claims("alice").build());
            String tampered = Tokens.withPayload(genuine, Tokens.claims("alice", c -> c.claim("roles", List.of("admin"))));
            assertThat(login(hmac(), tampered)).isEmpty();
            assertThat(login(hmac(), genuine)).isPresent();
        }

        @Test
        @DisplayName("an RS256 token signed by a key that is not in the JWK set")
        void unknownRsaKey() {
            RSAKey stranger = Tokens.rsaKey("2024-1");
            assertThat(login(rsaKeySet(), Tokens.rsa(JWSAlgorithm.RS256, stranger, Tokens.claims("bob").build())))
                    .isEmpty();
        }

        @Test
        @DisplayName("a token from another issuer, or with none")
        void wrongIssuer() {
            assertThat(login(hmac(), Tokens.hs256(SECRET, Tokens.claims("alice", c -> c.issuer("https://evil.example")))))
                    .isEmpty();
            assertThat(login(hmac(), Tokens.hs256(SECRET, Tokens.claims("alice", c -> c.issuer(null))))).isEmpty();
        }

        @Test
        @DisplayName("a token for another audience, or with none")
        void wrongAudience() {
            assertThat(login(hmac(), Tokens.hs256(SECRET, Tokens.claims("alice", c -> c.audience("billing"))))).isEmpty();
            assertThat(login(hmac(), Tokens.hs256(SECRET, Tokens.claims("alice", c -> c.audience((String) null)))))
                    .isEmpty();
        }

        @Test
        @DisplayName("an unsigned token with alg none, however its header is spelled")
        void algNone() {
            JWTClaimsSet claims = Tokens.claims("alice").build();
            assertThat(login(hmac(), Tokens.unsigned(claims))).isEmpty();
            String shouting = Tokens.base64Url("{\"alg\":\"NONE\",\"typ\":\"JWT\"}") + "."
                    + Tokens.base64Url(claims.toString()) + ".";
            assertThat(login(hmac(), shouting)).isEmpty();
            String signedLooking = Tokens.unsigned(claims) + Tokens.hs256(SECRET, claims).split("\\.")[2];
            assertThat(login(hmac(), signedLooking)).isEmpty();
            assertThat(login(rsaKeySet(), Tokens.unsigned(claims))).isEmpty();
        }

        @Test
        @DisplayName("an HS256 token made with the RSA public key as its secret (key confusion)")
        void keyConfusion() throws Exception {
            JwtAuthenticator authenticator = JwtAuthenticator.builder().publicKey(RSA.toRSAPublicKey())
                    .algorithms("RS256").build();
            byte[] publicKeyAsSecret = RSA.toRSAPublicKey().getEncoded();
            String forged = Tokens.hmac(JWSAlgorithm.HS256, publicKeyAsSecret, null, Tokens.claims("alice").build());
            assertThat(login(authenticator, forged)).isEmpty();
            assertThat(login(rsaKeySet(), forged)).isEmpty();
        }

        @Test
        @DisplayName("a correctly signed token whose algorithm is not on the list")
        void algorithmNotOnTheList() {
            String rs384 = Tokens.rsa(JWSAlgorithm.RS384, RSA, Tokens.claims("bob").build());
            assertThat(login(rsaKeySet(), rs384)).isEmpty();
            String hs384 = Tokens.hmac(JWSAlgorithm.HS384, Tokens.secret(48), null, Tokens.claims("bob").build());
            JwtAuthenticator hs256Only = JwtAuthenticator.builder().hmacSecret(Tokens.secret(48)).algorithms("HS256").build();
            assertThat(login(hs256Only, hs384)).isEmpty();
        }

        @Test
        @DisplayName("a token that names no user")
        void noUsername() {
            JWTClaimsSet claims = Tokens.claims("alice", c -> c.claim("preferred_username", null).subject(null));
            assertThat(login(hmac(), Tokens.hs256(SECRET, claims))).isEmpty();
            JWTClaimsSet blank = Tokens.claims("alice", c -> c.claim("preferred_username", " ").subject(""));
            assertThat(login(hmac(), Tokens.hs256(SECRET, blank))).isEmpty();
        }

        @Test
        @DisplayName("malformed strings and missing tokens, without throwing")
        void malformed() {
            String huge = "a".repeat(JwtAuthenticator.MAX_TOKEN_CHARS + 1);
            List<String> junk = List.of("", "   ", "not-a-jwt", "a.b", "a.b.c", "...", "e30.e30.", "eyJhbGciOiJIUzI1NiJ9.!!!.x",
                    Tokens.base64Url("[1,2]") + "." + Tokens.base64Url("{}") + ".sig",
                    Tokens.base64Url("{\"alg\":\"HS256\"}") + "." + Tokens.base64Url("not json") + ".sig",
                    Tokens.base64Url("{\"alg\":\"HS256\"}") + "." + Tokens.base64Url("{\"exp\":\"soon\"}") + ".sig",
                    Tokens.base64Url("{\"alg\":\"RSA-OAEP\",\"enc\":\"A128GCM\"}") + ".a.b.c.d",
                    huge);
            for (String token : junk) {
                assertThat(login(hmac(), token)).as(token.length() > 80 ? "a huge token" : token).isEmpty();
            }
            assertThat(hmac().authenticate(new AuthRequest("jwt", Map.of(), null))).isEmpty();
            assertThat(hmac().authenticate(new AuthRequest("jwt", Map.of("password", "x"), null))).isEmpty();
        }
    }

    private static Date ago(Duration duration) {
        return Date.from(Instant.now().minus(duration));
    }
}
