package dev.parley.push.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A host's push service as docs/push.md tells one to write it: it recomputes the HMAC-SHA256 of
 * timestamp, full stop and body with the shared secret, refuses a request whose signature differs with
 * 401, and answers the others with the status it is told to.
 */
final class SigningHookServer implements AutoCloseable {

    /** One request that passed the signature check. */
    record Hook(String body, String contentType, String timestamp) {
    }

    private final HttpServer server;
    private final String secret;
    final List<Hook> accepted = new CopyOnWriteArrayList<>();
    volatile int refusedSignatures;
    volatile int status = 204;

    SigningHookServer(String secret) throws IOException {
        this.secret = secret;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/push", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String timestamp = exchange.getRequestHeaders().getFirst("X-Parley-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("X-Parley-Signature");
            int answer;
            if (!"POST".equals(exchange.getRequestMethod()) || timestamp == null || signature == null
                    || !MessageDigest.isEqual(expected(timestamp, body), signature.getBytes(StandardCharsets.US_ASCII))) {
                refusedSignatures++;
                answer = 401;
            } else {
                accepted.add(new Hook(new String(body, StandardCharsets.UTF_8),
                        exchange.getRequestHeaders().getFirst("Content-Type"), timestamp));
                answer = status;
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        server.start();
    }

    private byte[] expected(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return ("sha256=" + HexFormat.of().formatHex(mac.doFinal(body))).getBytes(StandardCharsets.US_ASCII);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/push";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
