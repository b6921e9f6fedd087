package dev.parley.testkit.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client of the TCP transport written from docs/protocol.md for a bad network, for reliability
 * tests: every call is retried, on a new connection if need be, until it is answered; a send keeps its
 * {@code clientMsgId} across retries; after each login (by token after the first) it syncs from the
 * last seq it holds without a gap. It remembers every message of one conversation it has seen, by seq,
 * and fails loudly if two messages ever claim the same seq. Given several ports (the nodes of a
 * cluster), it connects to the first, and moves on to the next whenever a connection is refused, as a
 * client behind a load balancer would land on another node when its own dies.
 *
 * <p>Not thread-safe: one thread drives a client. Its connections read on a thread of their own.
 */
public final class RetryingLineClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A password login hashes with Argon2id, slow on purpose: its answer gets at least this long. */
    private static final Duration LOGIN_WITHIN = Duration.ofSeconds(10);

    private final String host;
    private final List<Integer> ports;
    private int port;
    private final String username;
    private final String password;
    private final long conversation;
    private final long deadline;
    private final Duration answerWithin;
    private final Map<Long, String> seen = new ConcurrentSkipListMap<>();
    private Line line;
    private String token;
    private long nextId;
    private int reconnects;

    /**
     * @param conversation the conversation whose messages it sends and remembers, or 0 for a client that
     *                     only calls ops (an admin's, say) and syncs nothing
     * @param answerWithin how long it waits for an answer before it takes the request or the answer as
     *                     lost and tries again
     * @param giveUpAfter  how long all its calls together may take before it fails the test
     */
    public RetryingLineClient(String host, int port, String username, String password, long conversation,
                              Duration answerWithin, Duration giveUpAfter) {
        this(host, List.of(port), username, password, conversation, answerWithin, giveUpAfter);
    }

    /**
     * A client of several nodes: it connects to {@code ports.get(0)} first and, whenever a connection is
     * refused, tries the next port (round the list). The other parameters are as for the one-port
     * constructor.
     */
    public RetryingLineClient(String host, List<Integer> ports, String username, String password, long conversation,
                              Duration answerWithin, Duration giveUpAfter) {
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("at least one port");
        }
        this.answerWithin = answerWithin;
        this.host = host;
        this.ports = List.copyOf(ports);
        this.port = this.ports.get(0);
        this.username = username;
        this.password = password;
        this.conversation = conversation;
        this.deadline = System.nanoTime() + giveUpAfter.toNanos();
    }

    /** The user it logs in as. */
    public String username() {
        return username;
    }

    /** The conversation's messages it has seen (acked, received live or synced): seq to clientMsgId. */
    public Map<Long, String> seen() {
        return Map.copyOf(seen);
    }

    /** The port it is connected to now, or will connect to next. */
    public int port() {
        return port;
    }

    /** How many times it had to connect again. */
    public int reconnects() {
        return reconnects;
    }

    /** Sends a text message with this clientMsgId until it is acked; the ack's data. */
    public JsonNode send(String clientMsgId) {
        ObjectNode data = JSON.createObjectNode().put("conversationId", conversation)
                .put("text", "message " + clientMsgId).put("clientMsgId", clientMsgId);
        JsonNode answer = call("send", data);
        remember(answer.path("message"));
        return answer;
    }

    /** Syncs from the last seq held without a gap until nothing more is there. */
    public void resync() {
        while (takeSync(call("sync", syncRequest()))) {
            // the next page
        }
    }

    /**
     * Calls an op until it is answered, connecting and logging in again first whenever the connection
     * was lost; the answer's data. Retrying is safe for reads and idempotent ops; an op that refuses
     * its own retry (creating a user, say) fails the test if an answer was lost.
     */
    public JsonNode call(String op, ObjectNode data) {
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(username + " gave up on " + op + " after " + reconnects + " reconnects");
            }
            if (line == null || !line.isOpen()) {
                connect();
                continue;
            }
            JsonNode answer = attempt(op, data);
            if (answer != null) {
                return answer;
            }
        }
    }

    /** One try: the answer's data, or null when it did not come (the request or the answer was lost). */
    private JsonNode attempt(String op, ObjectNode data) {
        String id = username + "-" + (++nextId);
        ObjectNode request = JSON.createObjectNode().put("id", id).put("op", op);
        request.set("data", data);
        if (!line.send(request.toString())) {
            return null;
        }
        Duration within = op.equals("login") && answerWithin.compareTo(LOGIN_WITHIN) < 0 ? LOGIN_WITHIN : answerWithin;
        long until = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < until) {
            String frame = line.receive(Duration.ofMillis(50));
            if (frame == null) {
                continue;
            }
            JsonNode node = read(frame);
            if ("message".equals(node.path("event").asText())) {
                remember(node.path("data").path("message"));
            } else if (id.equals(node.path("id").asText())) {
                if (node.path("ok").asBoolean()) {
                    return node.path("data");
                }
                String code = node.path("error").path("code").asText();
                if (!code.equals("rate_limited") && !code.equals("unavailable")) {
                    throw new AssertionError(op + " refused: " + frame);
                }
                pause(node.path("error").path("retryAfterMs").asLong(100));
                return null;
            }
        }
        return null;
    }

    /** A new connection, logged in (by token after the first time) and synced; on failure, none. */
    private void connect() {
        if (line != null) {
            line.close();
            reconnects++;
        }
        try {
            line = new Line(host, port);
        } catch (IOException e) {
            line = null;
            reconnects++;
            // The node is down or restarting: the next one, if there are others.
            port = ports.get((ports.indexOf(port) + 1) % ports.size());
            pause(ports.size() > 1 ? 10 : 100);
            return;
        }
        ObjectNode login = JSON.createObjectNode();
        if (token == null) {
            login.put("scheme", "password").put("username", username).put("password", password);
        } else {
            login.put("scheme", "token").put("token", token);
        }
        JsonNode answer = attempt("login", login);
        if (answer == null) {
            line.close();
            return;
        }
        token = answer.path("token").asText();
        // The sync after a login; a loss here just means connecting again, which syncs again.
        while (conversation > 0 && line.isOpen()) {
            JsonNode page = attempt("sync", syncRequest());
            if (page == null) {
                line.close();
                return;
            }
            if (!takeSync(page)) {
                return;
            }
        }
    }

    private ObjectNode syncRequest() {
        ObjectNode data = JSON.createObjectNode();
        data.putObject("since").put(Long.toString(conversation), contiguous());
        return data;
    }

    /** Remembers a sync answer's messages; whether there is more. */
    private boolean takeSync(JsonNode answer) {
        boolean more = false;
        for (JsonNode page : answer.path("conversations")) {
            page.path("messages").forEach(this::remember);
            more |= page.path("hasMore").asBoolean();
        }
        return more;
    }

    /** The last seq up to which it holds every message. */
    private long contiguous() {
        long seq = 0;
        while (seen.containsKey(seq + 1)) {
            seq++;
        }
        return seq;
    }

    private void remember(JsonNode message) {
        if (message.path("conversationId").asLong() != conversation) {
            return;
        }
        String clientMsgId = message.path("clientMsgId").asText();
        String earlier = seen.putIfAbsent(message.path("seq").asLong(), clientMsgId);
        if (earlier != null && !earlier.equals(clientMsgId)) {
            throw new AssertionError("seq " + message.path("seq") + " named both " + earlier + " and " + clientMsgId);
        }
    }

    private static JsonNode read(String frame) {
        try {
            return JSON.readTree(frame);
        } catch (IOException e) {
            throw new AssertionError("the server sent a frame that is not JSON: " + frame, e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(Math.min(millis, 2_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (line != null) {
            line.close();
        }
    }

    /** One TCP connection: lines out, and a thread reading lines in until the stream ends. */
    private static final class Line {

        private final Socket socket = new Socket();
        private final OutputStream out;
        private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private volatile boolean ended;

        Line(String host, int port) throws IOException {
            socket.connect(new InetSocketAddress(host, port), 2_000);
            out = socket.getOutputStream();
            Thread reader = new Thread(this::read, "retrying-client-" + socket.getLocalPort());
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (InputStream in = socket.getInputStream()) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            lines.add(line.toString(StandardCharsets.UTF_8));
                            line.reset();
                        } else {
                            line.write(buffer[i]);
                        }
                    }
                }
            } catch (IOException e) {
                // reset or closed: the end of the stream either way
            } finally {
                ended = true;
            }
        }

        boolean send(String frame) {
            try {
                out.write((frame + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                return true;
            } catch (IOException e) {
                close();
                return false;
            }
        }

        String receive(Duration timeout) {
            try {
                return lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        boolean isOpen() {
            return !ended && !socket.isClosed();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
