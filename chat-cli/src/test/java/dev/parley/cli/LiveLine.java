package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A client of the TCP transport that keeps every frame it receives, for tests that watch live events
 * cross between nodes: {@link #call} waits for the answer to one request, {@link #awaitFrame} for an event
 * that came after a {@link #mark}. No retries: a connection lost fails the test. Thread-safe enough
 * for one test thread and its reader thread.
 */
final class LiveLine implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Socket socket;
    private final OutputStream out;
    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean ended;
    private long userId;

    /** Connects to a node's TCP port and logs in with a password. */
    LiveLine(int port, String username, String password) throws IOException {
        this.name = username;
        socket = new Socket("127.0.0.1", port);
        out = socket.getOutputStream();
        Thread reader = new Thread(this::read, "live-line-" + username);
        reader.setDaemon(true);
        reader.start();
        JsonNode login = call("login", JSON.createObjectNode().put("scheme", "password").put("username", username)
                .put("password", password));
        userId = login.path("user").path("id").asLong();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                frames.add(JSON.readTree(line));
            }
        } catch (IOException e) {
            // closed
        } finally {
            ended = true;
        }
    }

    /** The logged-in user's id. */
    long userId() {
        return userId;
    }

    /** Sends a request and waits for its answer; fails the test unless it is ok. The answer's data. */
    JsonNode call(String op, ObjectNode data) {
        String id = name + "-" + ids.incrementAndGet();
        ObjectNode request = JSON.createObjectNode().put("id", id).put("op", op);
        request.set("data", data);
        try {
            out.write((request + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new AssertionError(name + " could not send " + op, e);
        }
        JsonNode answer = awaitFrame(0, f -> id.equals(f.path("id").asText()), Duration.ofSeconds(20));
        assertThat(answer.path("ok").asBoolean()).as(name + " " + op + ": " + answer).isTrue();
        return answer.path("data");
    }

    /** Where the frames received so far end; pass it to {@link #awaitFrame} to wait only for later ones. */
    int mark() {
        return frames.size();
    }

    /** Waits until a frame received after {@code from} matches, and returns it. */
    JsonNode awaitFrame(int from, Predicate<JsonNode> matches, Duration within) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(within).pollInterval(Duration.ofMillis(10)).alias(name + " waits for a frame")
                .until(() -> (found[0] = find(from, matches)) != null || ended);
        assertThat(found[0]).as(name + "'s connection closed; frames " + frames).isNotNull();
        return found[0];
    }

    /** Whether a frame received after {@code from} matches within this time. */
    boolean receives(int from, Predicate<JsonNode> matches, Duration within) {
        try {
            await().atMost(within).pollInterval(Duration.ofMillis(10))
                    .until(() -> find(from, matches) != null || ended);
        } catch (ConditionTimeoutException e) {
            return false;
        }
        return find(from, matches) != null;
    }

    /** The first frame after {@code from} that matches, or null. */
    JsonNode find(int from, Predicate<JsonNode> matches) {
        List<JsonNode> all = List.copyOf(frames);
        for (int i = from; i < all.size(); i++) {
            if (matches.test(all.get(i))) {
                return all.get(i);
            }
        }
        return null;
    }

    /** A predicate for an event by name whose {@code data} satisfies the rest. */
    static Predicate<JsonNode> event(String event, Predicate<JsonNode> data) {
        return f -> event.equals(f.path("event").asText()) && data.test(f.path("data"));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
