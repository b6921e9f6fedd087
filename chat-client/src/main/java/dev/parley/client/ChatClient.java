package dev.parley.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A client for Parley's JSON protocol over WebSocket, built on the JDK's {@link java.net.http}.
 *
 * <pre>{@code
 * try (ChatClient client = ChatClient.connect(URI.create("ws://localhost:8080/chat"))) {
 *     client.login("alice", "correct horse battery");
 *     client.call("send", Map.of("toUserId", 2, "text", "Hi Bob"));
 *     ServerEvent next = client.awaitEvent("message", Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Requests get ids of their own; {@link #request} returns a future of the one reply. Events are
 * queued for {@link #nextEvent} and {@link #awaitEvent}, and also passed to an optional listener.
 * Thread-safe.
 */
public final class ChatClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final URI uri;
    private final HttpClient http;
    private final WebSocket socket;
    private final Map<String, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<ServerEvent> events = new LinkedBlockingQueue<>();
    private final List<Reply> unsolicitedErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicBoolean reading = new AtomicBoolean(true);
    private volatile Consumer<ServerEvent> listener = e -> {
    };
    private volatile String token;

    private ChatClient(URI uri, HttpClient http, WebSocket.Builder builder) throws IOException {
        this.uri = uri;
        this.http = http;
        try {
            this.socket = builder.buildAsync(uri, new Listener()).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + uri, e);
        } catch (ExecutionException e) {
            String why = e.getCause() instanceof java.net.http.WebSocketHandshakeException refused
                    ? "the server answered HTTP " + refused.getResponse().statusCode()
                    : String.valueOf(e.getCause());
            throw new IOException("could not connect to " + uri + ": " + why, e);
        } catch (TimeoutException e) {
            throw new IOException("could not connect to " + uri + " within 10 s", e);
        }
    }

    /** Connects to a server's WebSocket endpoint, such as {@code ws://localhost:8080/chat}. */
    public static ChatClient connect(URI uri) throws IOException {
        return connect(uri, Map.of());
    }

    /** Connects, sending extra headers with the upgrade request, such as {@code Origin}. */
    public static ChatClient connect(URI uri, Map<String, String> headers) throws IOException {
        return connect(uri, headers, null);
    }

    /**
     * Connects over {@code wss://} trusting the given TLS context, for example one that trusts a
     * server's self-signed certificate; null uses the JDK's default trust.
     */
    public static ChatClient connect(URI uri, Map<String, String> headers, javax.net.ssl.SSLContext tls)
            throws IOException {
        HttpClient.Builder httpBuilder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (tls != null) {
            httpBuilder.sslContext(tls);
        }
        HttpClient http = httpBuilder.build();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        return new ChatClient(uri, http, builder);
    }

    /** Receives every event as it arrives, on the client's receiving thread. */
    public void onEvent(Consumer<ServerEvent> listener) {
        this.listener = listener;
    }

    /** Sends a request; the future completes with the server's reply. */
    public CompletableFuture<Reply> request(String op, JsonNode data) {
        String id = Long.toString(nextId.getAndIncrement());
        ObjectNode frame = JSON.createObjectNode();
        frame.put("id", id);
        frame.put("op", op);
        if (data != null) {
            frame.set("data", data);
        }
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        pending.put(id, reply);
        sendText(frame.toString()).whenComplete((ws, failure) -> {
            if (failure != null) {
                pending.remove(id);
                reply.completeExceptionally(new ChatClientException("could not send", failure));
            }
        });
        return reply;
    }

    /**
     * Sends a request written out in full, with its own {@code id}, and waits for the reply: for tools
     * and tests that replay recorded frames.
     */
    public Reply requestRaw(String frame) {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        String id = parsed.path("id").asText();
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        pending.put(id, reply);
        sendText(frame);
        return await(reply);
    }

    /** Sends a request with data built from a map, and waits up to 10 seconds for the reply. */
    public Reply call(String op, Map<String, ?> data) {
        return await(request(op, JSON.valueToTree(data)));
    }

    /** Sends a request without data, and waits for the reply. */
    public Reply call(String op) {
        return await(request(op, null));
    }

    /** Sends a request with the given JSON data, and waits for the reply. */
    public Reply call(String op, JsonNode data) {
        return await(request(op, data));
    }

    private static Reply await(CompletableFuture<Reply> reply) {
        try {
            return reply.get(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatClientException("interrupted", e);
        } catch (ExecutionException e) {
            throw new ChatClientException("the request failed", e.getCause());
        } catch (TimeoutException e) {
            throw new ChatClientException("no reply within " + DEFAULT_TIMEOUT, e);
        }
    }

    /** Logs in with a username and password, and remembers the token for attachments. */
    public JsonNode login(String username, String password) {
        JsonNode data = call("login", Map.of("scheme", "password", "username", username, "password", password)).orThrow();
        token = data.get("token").asText();
        return data;
    }

    /** Logs in with a token from an earlier login. */
    public JsonNode loginWithToken(String loginToken) {
        JsonNode data = call("login", Map.of("scheme", "token", "token", loginToken)).orThrow();
        token = loginToken;
        return data;
    }

    /** Registers a user and logs in as them. */
    public JsonNode register(String username, String displayName, String password) {
        JsonNode data = call("register", Map.of("username", username, "displayName", displayName,
                "password", password)).orThrow();
        token = data.get("token").asText();
        return data;
    }

    /** Uses this token for attachments, as after a login made with {@link #requestRaw}. */
    public void useToken(String loginToken) {
        this.token = loginToken;
    }

    /** The token of the last login, or null. */
    public String token() {
        return token;
    }

    /** Sends raw text as one frame, for tools and tests. */
    public CompletableFuture<WebSocket> sendText(String text) {
        synchronized (socket) {
            // The JDK's WebSocket allows one outstanding send; chaining keeps frames in order.
            return sendChain = sendChain.thenCompose(ws -> socket.sendText(text, true));
        }
    }

    private CompletableFuture<WebSocket> sendChain = CompletableFuture.completedFuture(null);

    /** Sends raw bytes as one binary frame, for tests of what the server does with them. */
    public CompletableFuture<WebSocket> sendBinary(byte[] bytes) {
        synchronized (socket) {
            return sendChain = sendChain.thenCompose(ws -> socket.sendBinary(ByteBuffer.wrap(bytes), true));
        }
    }

    /** The next event, waiting up to the timeout; null if none came. */
    public ServerEvent nextEvent(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits for the next event with this name, discarding others; throws if none comes in time. */
    public ServerEvent awaitEvent(String name, Duration timeout) {
        return awaitEvent(name, e -> true, timeout);
    }

    /** Waits for an event with this name that matches, discarding others; throws if none comes in time. */
    public ServerEvent awaitEvent(String name, Predicate<JsonNode> matches, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                ServerEvent event = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
                if (event == null) {
                    throw new ChatClientException("timeout", "no '" + name + "' event within " + timeout);
                }
                if (event.name().equals(name) && matches.test(event.data())) {
                    return event;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatClientException("interrupted", e);
        }
    }

    /** Every event received and not yet taken. */
    public List<ServerEvent> drainEvents() {
        List<ServerEvent> drained = new ArrayList<>();
        events.drainTo(drained);
        return drained;
    }

    /** Error replies the server sent without a request id, such as to a frame it could not parse. */
    public List<Reply> unsolicitedErrors() {
        return List.copyOf(unsolicitedErrors);
    }

    /** Stops asking for more frames, as a client that stops reading would; the server's queue then fills. */
    public void pauseReading() {
        reading.set(false);
    }

    /** Completes with the close status code when the connection closes. */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    /** Whether the connection is still open for reading. */
    public boolean isOpen() {
        return !closed.isDone() && !socket.isInputClosed();
    }

    /**
     * Uploads an attachment over HTTP to the same server, as the logged-in user.
     *
     * @param kind        image, voice or file
     * @param contentType the content type, for example {@code image/png}
     * @return the server's reply: {@code {"attachment": {...}}} on success, or an error
     */
    public HttpReply upload(String kind, String contentType, byte[] content) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(httpBase().resolve("/attachments?kind=" + kind))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new HttpReply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    /** Downloads an attachment through a message that carries it. */
    public HttpReply download(String attachmentId, long messageId) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        httpBase().resolve("/attachments/" + attachmentId + "?message=" + messageId))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new HttpReply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    /**
     * An HTTP response from the attachment endpoint.
     *
     * @param status      the HTTP status
     * @param contentType its content type
     * @param body        its bytes
     */
    public record HttpReply(int status, String contentType, byte[] body) {

        /** The body parsed as JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new ChatClientException("the body is not JSON", e);
            }
        }
    }

    private URI httpBase() {
        String scheme = "wss".equals(uri.getScheme()) ? "https" : "http";
        return URI.create(scheme + "://" + uri.getAuthority() + "/");
    }

    /** Closes the connection normally. */
    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                receive(text);
            }
            if (reading.get()) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            finish(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            finish(1006);
        }
    }

    private void finish(int statusCode) {
        closed.complete(statusCode);
        ChatClientException gone = new ChatClientException("connection", "the connection closed (" + statusCode + ")");
        pending.values().forEach(reply -> reply.completeExceptionally(gone));
        pending.clear();
    }

    private void receive(String text) {
        JsonNode frame;
        try {
            frame = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return;
        }
        if (frame.has("event")) {
            ServerEvent event = new ServerEvent(frame.get("event").asText(), frame.path("data"));
            events.add(event);
            listener.accept(event);
            return;
        }
        JsonNode id = frame.get("id");
        boolean ok = frame.path("ok").asBoolean(false);
        JsonNode error = frame.path("error");
        Reply reply = new Reply(id == null || id.isNull() ? null : id.asText(), ok,
                frame.has("data") ? frame.get("data") : JSON.createObjectNode(),
                ok ? null : error.path("code").asText(null), ok ? null : error.path("message").asText(null), frame);
        CompletableFuture<Reply> waiting = reply.id() == null ? null : pending.remove(reply.id());
        if (waiting != null) {
            waiting.complete(reply);
        } else {
            unsolicitedErrors.add(reply);
        }
    }
}
