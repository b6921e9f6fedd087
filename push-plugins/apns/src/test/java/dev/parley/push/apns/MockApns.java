package dev.parley.push.apns;

import com.eatthepath.pushy.apns.auth.ApnsVerificationKey;
import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import com.eatthepath.pushy.apns.server.MockApnsServerListener;
import com.eatthepath.pushy.apns.server.RejectionReason;
import com.eatthepath.pushy.apns.server.ValidatingPushNotificationHandlerFactory;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Pushy's own mock APNs server, with real TLS and HTTP/2, behind Pushy's validating handler: it checks
 * the topic, the device token (known, unregistered since a time, or bad) and the authentication, a
 * token signed with the team's key or a client certificate the server trusts.
 */
public final class MockApns implements AutoCloseable {

    public static final String TOPIC = "dev.parley.example";
    public static final String TEAM = "TEAM123456";
    public static final String KEY_ID = "KEY1234567";

    /** One notification the server accepted or rejected. */
    public record Received(Map<String, String> headers, String payload, String rejection) {
    }

    final TestCertificates serverCertificates;
    final Path signingKey;
    final Path dir;
    final int port;
    final Map<String, Set<String>> tokensByTopic = new ConcurrentHashMap<>();
    final Map<String, Instant> unregisteredSince = new ConcurrentHashMap<>();
    public final List<Received> received = new CopyOnWriteArrayList<>();
    private final TestCertificates trustedClient;
    private final ApnsVerificationKey verification;
    private volatile MockApnsServer server;

    public MockApns(Path dir, TestCertificates trustedClient, int port) throws Exception {
        this.trustedClient = trustedClient;
        this.dir = dir;
        this.port = port;
        serverCertificates = TestCertificates.create(dir, "apns-server", "CN=localhost", "ip:127.0.0.1,dns:localhost");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        signingKey = dir.resolve("AuthKey_" + KEY_ID + ".p8");
        Files.writeString(signingKey, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
                        ((ECPrivateKey) pair.getPrivate()).getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        verification = new ApnsVerificationKey(KEY_ID, TEAM, (ECPublicKey) pair.getPublic());
        tokensByTopic.put(TOPIC, ConcurrentHashMap.newKeySet());
        start();
    }

    /** Starts, or starts again after {@link #stop()}, on the same port with the same keys and tokens. */
    public void start() throws Exception {
        MockApnsServerBuilder builder = new MockApnsServerBuilder()
                .setServerCredentials(new java.security.cert.X509Certificate[] {serverCertificates.certificate()},
                        serverCertificates.key(), null)
                .setHandlerFactory(new ValidatingPushNotificationHandlerFactory(tokensByTopic, unregisteredSince,
                        Map.of(KEY_ID, verification), Map.of(verification, Set.of(TOPIC))))
                .setListener(new Listener());
        if (trustedClient != null) {
            builder.setTrustedClientCertificateChain(trustedClient.pem().toFile());
        }
        server = builder.build();
        server.start(port).get(10, TimeUnit.SECONDS);
    }

    /** Stops listening, as an APNs that is down. */
    public void stop() throws Exception {
        server.shutdown().get(10, TimeUnit.SECONDS);
    }

    /** A token the server knows for the topic. */
    public String knownToken() {
        String token = randomToken();
        tokensByTopic.get(TOPIC).add(token);
        return token;
    }

    /** A token the server knew, whose app was uninstalled. */
    public String unregisteredToken() {
        String token = knownToken();
        unregisteredSince.put(token, Instant.now().minusSeconds(60));
        return token;
    }

    public static String randomToken() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    /** Settings for token auth against this server. */
    public Map<String, String> tokenSettings() {
        return Map.of("topic", TOPIC, "server", "127.0.0.1:" + port, "key-file", signingKey.toString(),
                "team-id", TEAM, "key-id", KEY_ID, "trust-file", serverCertificates.pem().toString(),
                "connect-timeout", "2");
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    private final class Listener implements MockApnsServerListener {
        @Override
        public void handlePushNotificationAccepted(Http2Headers headers, ByteBuf payload) {
            received.add(new Received(headers(headers), payload == null ? null : payload.toString(StandardCharsets.UTF_8), null));
        }

        @Override
        public void handlePushNotificationRejected(Http2Headers headers, ByteBuf payload, RejectionReason reason,
                                                   Instant deviceTokenExpiration) {
            received.add(new Received(headers(headers), payload == null ? null : payload.toString(StandardCharsets.UTF_8),
                    reason.name()));
        }

        private Map<String, String> headers(Http2Headers headers) {
            Map<String, String> copy = new java.util.HashMap<>();
            headers.forEach(e -> copy.put(e.getKey().toString(), e.getValue().toString()));
            return copy;
        }
    }
}
