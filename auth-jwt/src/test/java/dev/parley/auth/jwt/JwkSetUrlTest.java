package dev.parley.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import dev.parley.api.spi.AuthRequest;
import dev.parley.api.spi.Identity;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Keys fetched from a JWK set URL on a real HTTP server: cached, refetched for a new key, and missed safely. */
class JwkSetUrlTest {

    private static final RSAKey FIRST = Tokens.rsaKey("first");
    private static final RSAKey SECOND = Tokens.rsaKey("second");

    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicReference<JWKSet> published = new AtomicReference<>(new JWKSet(FIRST.toPublicJWK()));
    private HttpServer server;

    @BeforeEach
    void serveKeys() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI jwks() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
    }

    private static Optional<Identity> login(JwtAuthenticator authenticator, String token) {
        return authenticator.authenticate(new AuthRequest("jwt", Map.of("jwt", token), null));
    }

    @Test
    @DisplayName("fetches the key set once for many logins, and again when a token names a new key")
    void cachesAndRefetches() {
        try (JwtAuthenticator authenticator = JwtAuthenticator.builder().jwkSetUrl(jwks()).algorithms("RS256").build()) {
            for (String name : List.of("alice", "bob", "carol")) {
                assertThat(login(authenticator, Tokens.rsa(JWSAlgorithm.RS256, FIRST, Tokens.claims(name).build())))
                        .map(Identity::username).contains(name);
            }
            assertThat(fetches).hasValue(1);

            published.set(new JWKSet(List.of(FIRST.toPublicJWK(), SECOND.toPublicJWK())));
            assertThat(login(authenticator, Tokens.rsa(JWSAlgorithm.RS256, SECOND, Tokens.claims("dave").build())))
                    .map(Identity::username).contains("dave");
            assertThat(fetches).hasValue(2);
        }
    }

    @Test
    @DisplayName("refuses every token, without throwing, while the key set cannot be fetched")
    void unreachable() {
        URI gone = jwks();
        server.stop(0);
        try (JwtAuthenticator authenticator = JwtAuthenticator.builder().jwkSetUrl(gone).algorithms("RS256").build()) {
            assertThat(login(authenticator, Tokens.rsa(JWSAlgorithm.RS256, FIRST, Tokens.claims("alice").build())))
                    .isEmpty();
        }
    }
}
