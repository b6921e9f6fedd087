package dev.parley.testkit.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for Firebase Cloud Messaging's HTTP v1 API and Google's OAuth2 token endpoint, for
 * testing FCM providers over real HTTP. The token endpoint checks the service account's signed JWT
 * (RS256, with the right issuer, Google's audience and the firebase.messaging scope) and issues an access token; the send endpoint
 * checks that bearer token and the message body, and answers as FCM does: 200 with a message name,
 * 404 {@code UNREGISTERED} for tokens marked unregistered, 503 {@code UNAVAILABLE} while it is told to be
 * unavailable, 400 {@code INVALID_ARGUMENT} for a body without {@code message.token}. Thread-safe.
 */
public final class FakeFcmServer implements AutoCloseable {

    /** The project id of the service account this server writes. */
    public static final String PROJECT = "parley-test";
    private static final String EMAIL = "push@parley-test.iam.gserviceaccount.com";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final KeyPair key;
    private final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> unregistered = ConcurrentHashMap.newKeySet();
    private final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private volatile boolean unavailable;
    private volatile int tokenRequests;
    private volatile int sendRequests;

    /** Starts on a free port of 127.0.0.1. */
    public FakeFcmServer() throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            key = generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", this::token);
        server.createContext("/v1/projects/", this::send);
        server.start();
    }

    /** The base URL of the HTTP v1 API, for the provider's {@code base-url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The token endpoint, as the key file's {@code token_uri} names it. */
    public String tokenUri() {
        return baseUrl() + "/token";
    }

    /** Writes a service account key file whose {@code token_uri} is this server, and returns its path. */
    public Path writeServiceAccount(Path dir) throws IOException {
        ObjectNode account = json.createObjectNode();
        account.put("type", "service_account");
        account.put("project_id", PROJECT);
        account.put("private_key_id", "key-1");
        account.put("private_key", "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        account.put("client_email", EMAIL);
        account.put("client_id", "1234567890");
        account.put("token_uri", tokenUri());
        Path file = dir.resolve("service-account.json");
        Files.writeString(file, json.writeValueAsString(account));
        return file;
    }

    /** From now on, answers sends to this token with 404 UNREGISTERED. */
    public void unregister(String token) {
        unregistered.add(token);
    }

    /** While unavailable, answers every send with 503 UNAVAILABLE. */
    public void unavailable(boolean isUnavailable) {
        this.unavailable = isUnavailable;
    }

    /** The {@code message} objects of the sends it accepted, in order. */
    public List<JsonNode> accepted() {
        return List.copyOf(accepted);
    }

    /** Why it refused requests, such as {@code bad bearer token}, in order. */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    /** How many access tokens it issued. */
    public int tokenRequests() {
        return tokenRequests;
    }

    /** How many send requests reached it, accepted or not. */
    public int sendRequests() {
        return sendRequests;
    }

    private void token(HttpExchange exchange) throws IOException {
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> fields = new HashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String problem = checkAssertion(fields);
        if (problem != null) {
            refusals.add(problem);
            answer(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"" + problem + "\"}");
            return;
        }
        tokenRequests++;
        String token = "ya29." + UUID.randomUUID();
        issuedTokens.add(token);
        answer(exchange, 200, "{\"access_token\":\"" + token + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
    }

    private String checkAssertion(Map<String, String> fields) {
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(fields.get("grant_type"))) {
            return "wrong grant_type";
        }
        String assertion = fields.get("assertion");
        String[] parts = assertion == null ? new String[0] : assertion.split("\\.");
        if (parts.length != 3) {
            return "no JWT assertion";
        }
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(key.getPublic());
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rs256.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return "bad JWT signature";
            }
            JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (!"RS256".equals(header.path("alg").asText())) {
                return "JWT not RS256";
            }
            if (!EMAIL.equals(claims.path("iss").asText())) {
                return "wrong JWT issuer";
            }
            // Google's token server wants its own name as the audience, wherever the request is sent.
            if (!"https://oauth2.googleapis.com/token".equals(claims.path("aud").asText())) {
                return "wrong JWT audience " + claims.path("aud").asText();
            }
            if (!claims.path("scope").asText().contains("https://www.googleapis.com/auth/firebase.messaging")) {
                return "JWT without the firebase.messaging scope";
            }
            return null;
        } catch (Exception e) {
            return "unreadable JWT: " + e.getMessage();
        }
    }

    private void send(HttpExchange exchange) throws IOException {
        sendRequests++;
        if (!exchange.getRequestURI().getPath().equals("/v1/projects/" + PROJECT + "/messages:send")
                || !"POST".equals(exchange.getRequestMethod())) {
            refusals.add("wrong path " + exchange.getRequestURI().getPath());
            answer(exchange, 404, error(404, "NOT_FOUND", null));
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")
                || !issuedTokens.contains(authorization.substring("Bearer ".length()))) {
            refusals.add("bad bearer token");
            answer(exchange, 401, error(401, "UNAUTHENTICATED", null));
            return;
        }
        JsonNode body;
        try {
            body = json.readTree(exchange.getRequestBody().readAllBytes());
        } catch (IOException e) {
            refusals.add("body is not JSON");
            answer(exchange, 400, error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT"));
            return;
        }
        JsonNode message = body.path("message");
        String token = message.path("token").asText(null);
        if (token == null || !message.path("notification").has("title")) {
            refusals.add("message without token or notification.title");
            answer(exchange, 400, error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT"));
            return;
        }
        if (unavailable) {
            answer(exchange, 503, error(503, "UNAVAILABLE", "UNAVAILABLE"));
            return;
        }
        if (unregistered.contains(token)) {
            answer(exchange, 404, error(404, "NOT_FOUND", "UNREGISTERED"));
            return;
        }
        accepted.add(message);
        answer(exchange, 200, "{\"name\":\"projects/" + PROJECT + "/messages/" + UUID.randomUUID() + "\"}");
    }

    private static String error(int code, String status, String fcmCode) {
        String details = fcmCode == null ? "" : ",\"details\":[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\","
                + "\"errorCode\":\"" + fcmCode + "\"}]";
        return "{\"error\":{\"code\":" + code + ",\"message\":\"" + status + "\",\"status\":\"" + status + "\"" + details + "}}";
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
