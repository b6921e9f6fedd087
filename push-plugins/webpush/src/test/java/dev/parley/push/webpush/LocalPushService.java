package dev.parley.push.webpush;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A push service as browsers use: it hands out subscriptions (and keeps their private keys, as the
 * browser would), checks each request's VAPID token (ES256 over the JWT with the key in {@code k=}, the
 * audience its own origin, an expiry within 24 hours, a subject) and decrypts the payload with the
 * subscription's private key. 201 when all holds, 401 for a bad VAPID token, 400 for a payload that does
 * not decrypt, 410 for a subscription it dropped.
 */
final class LocalPushService implements AutoCloseable {

    record Delivered(String subscription, String payload, Map<String, String> headers) {
    }

    private record Keys(KeyPair pair, byte[] auth) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, Keys> subscriptions = new ConcurrentHashMap<>();
    final List<Delivered> delivered = new CopyOnWriteArrayList<>();
    final List<String> refusals = new CopyOnWriteArrayList<>();
    volatile ECPublicKey expectedVapidKey;

    LocalPushService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/push/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/push/".length());
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = handle(id, body, exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Encoding"), exchange);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A new subscription, as {@code PushSubscription.toJSON()} gives it. */
    String subscribe() {
        String id = Long.toHexString(new SecureRandom().nextLong());
        byte[] auth = new byte[16];
        new SecureRandom().nextBytes(auth);
        KeyPair pair = WebPushCrypto.newKeyPair();
        subscriptions.put(id, new Keys(pair, auth));
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return "{\"endpoint\":\"" + origin() + "/push/" + id + "\",\"expirationTime\":null,\"keys\":{\"p256dh\":\""
                + b64.encodeToString(WebPushCrypto.encode((ECPublicKey) pair.getPublic())) + "\",\"auth\":\""
                + b64.encodeToString(auth) + "\"}}";
    }

    /** Forgets a subscription, as when the user revokes the permission. */
    void drop(String subscriptionJson) {
        subscriptions.keySet().removeIf(id -> subscriptionJson.contains("/push/" + id + "\""));
    }

    private int handle(String id, byte[] body, String authorization, String encoding,
                       com.sun.net.httpserver.HttpExchange exchange) {
        Keys keys = subscriptions.get(id);
        if (keys == null) {
            return 410;
        }
        String problem = checkVapid(authorization);
        if (problem != null) {
            refusals.add(problem);
            return 401;
        }
        if (!"aes128gcm".equals(encoding)) {
            refusals.add("Content-Encoding " + encoding);
            return 400;
        }
        try {
            byte[] plaintext = WebPushCrypto.decrypt(body, (ECPrivateKey) keys.pair().getPrivate(),
                    (ECPublicKey) keys.pair().getPublic(), keys.auth());
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            delivered.add(new Delivered(id, new String(plaintext, StandardCharsets.UTF_8), headers));
            return 201;
        } catch (RuntimeException e) {
            refusals.add("does not decrypt: " + e.getMessage());
            return 400;
        }
    }

    private String checkVapid(String authorization) {
        if (authorization == null || !authorization.startsWith("vapid ")) {
            return "no vapid authorization";
        }
        String token = null;
        String key = null;
        for (String part : authorization.substring("vapid ".length()).split(",")) {
            String p = part.trim();
            if (p.startsWith("t=")) {
                token = p.substring(2);
            } else if (p.startsWith("k=")) {
                key = p.substring(2);
            }
        }
        if (token == null || key == null) {
            return "vapid without t or k";
        }
        try {
            ECPublicKey vapidKey = WebPushCrypto.publicKey(Base64.getUrlDecoder().decode(key));
            if (expectedVapidKey != null && !vapidKey.getW().equals(expectedVapidKey.getW())) {
                return "another application server's key";
            }
            String[] jwt = token.split("\\.");
            Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
            es256.initVerify(vapidKey);
            es256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
            if (!es256.verify(Base64.getUrlDecoder().decode(jwt[2]))) {
                return "bad vapid signature";
            }
            JsonNode header = json.readTree(Base64.getUrlDecoder().decode(jwt[0]));
            JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(jwt[1]));
            long now = Instant.now().getEpochSecond();
            if (!"ES256".equals(header.path("alg").asText())) {
                return "vapid alg " + header.path("alg").asText();
            }
            if (!origin().equals(claims.path("aud").asText())) {
                return "vapid aud " + claims.path("aud").asText();
            }
            if (claims.path("exp").asLong() <= now || claims.path("exp").asLong() > now + 86_400) {
                return "vapid exp out of range";
            }
            if (!claims.path("sub").asText().startsWith("mailto:")) {
                return "vapid without sub";
            }
            return null;
        } catch (Exception e) {
            return "unreadable vapid: " + e;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
