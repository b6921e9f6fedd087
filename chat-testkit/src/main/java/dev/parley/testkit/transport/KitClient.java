package dev.parley.testkit.transport;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Speaks the protocol over a {@link KitConnection}: numbers requests, waits for the response with the
 * same id, and keeps the events and the unsolicited errors (those with {@code "id": null}) that arrive
 * meanwhile for later. Every wait gives up after {@link #WAIT} and fails the test with what it saw.
 *
 * <p>Not thread-safe: one test thread drives a client.
 */
public final class KitClient implements AutoCloseable {

    /** How long any answer may take before the test fails. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    private final KitConnection connection;
    private final List<JsonNode> events = new ArrayList<>();
    private final List<JsonNode> unsolicited = new ArrayList<>();
    private final Map<String, JsonNode> responses = new HashMap<>();
    private int nextId = 1;
    private long userId;
    private String token;

    /** A client over an open connection. */
    public KitClient(KitConnection connection) {
        this.connection = connection;
    }

    /** The connection underneath. */
    public KitConnection connection() {
        return connection;
    }

    /** Sends a frame as it is, without waiting for anything. */
    public void sendRaw(String frame) {
        connection.send(frame);
    }

    /** Sends a request without data and returns its whole response frame. */
    public JsonNode call(String op) {
        return call(op, null);
    }

    /** Sends a request and returns its whole response frame, ok or not. */
    public JsonNode call(String op, Map<String, ?> data) {
        String id = Integer.toString(nextId++);
        connection.send(Frames.request(id, op, data));
        return awaitResponse(id);
    }

    /** Sends a request that must succeed, and returns its {@code data}. */
    public JsonNode ok(String op, Map<String, ?> data) {
        JsonNode response = call(op, data);
        if (!response.path("ok").asBoolean()) {
            throw new AssertionError(op + " failed: " + response);
        }
        return response.path("data");
    }

    /** Sends a request without data that must succeed, and returns its {@code data}. */
    public JsonNode ok(String op) {
        return ok(op, null);
    }

    /** Sends a request that must fail, and returns its error code. */
    public String error(String op, Map<String, ?> data) {
        JsonNode response = call(op, data);
        if (response.path("ok").asBoolean()) {
            throw new AssertionError(op + " should have failed: " + response);
        }
        return response.path("error").path("code").asText();
    }

    /** Registers a user, which logs this connection in, and returns the response's data. */
    public JsonNode register(String username, String password) {
        JsonNode data = ok("register", Map.of("username", username,
                "displayName", Character.toUpperCase(username.charAt(0)) + username.substring(1), "password", password));
        remember(data);
        return data;
    }

    /** Logs in with a password and returns the response's data. */
    public JsonNode login(String username, String password) {
        JsonNode data = ok("login", Map.of("scheme", "password", "username", username, "password", password));
        remember(data);
        return data;
    }

    private void remember(JsonNode login) {
        userId = login.path("user").path("id").asLong();
        token = login.path("token").asText();
    }

    /** The id of the user this connection logged in as, or 0. */
    public long userId() {
        return userId;
    }

    /** The token of this connection's last login, or null. */
    public String token() {
        return token;
    }

    /** Waits for the response with this id. */
    public JsonNode awaitResponse(String id) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!responses.containsKey(id)) {
            if (!receiveOne(deadline)) {
                throw new AssertionError("no response to request " + id + " within " + WAIT + "; events: " + events
                        + ", errors without id: " + unsolicited + ", open: " + connection.isOpen());
            }
        }
        return responses.remove(id);
    }

    /** Waits for an event with this name, taking the first that has arrived or arrives. */
    public JsonNode awaitEvent(String name) {
        return awaitEvent(name, data -> true);
    }

    /**
     * Waits for an event with this name whose {@code data} matches, and returns its data; events that
     * do not match are kept for later waits.
     */
    public JsonNode awaitEvent(String name, Predicate<JsonNode> matches) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            for (Iterator<JsonNode> it = events.iterator(); it.hasNext(); ) {
                JsonNode event = it.next();
                if (event.path("event").asText().equals(name) && matches.test(event.path("data"))) {
                    it.remove();
                    return event.path("data");
                }
            }
            if (!receiveOne(deadline)) {
                throw new AssertionError("no matching '" + name + "' event within " + WAIT + "; got " + events);
            }
        }
    }

    /** Waits for the next error response that answers no request ({@code "id": null}), and returns it. */
    public JsonNode awaitUnsolicitedError() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (unsolicited.isEmpty()) {
            if (!receiveOne(deadline)) {
                throw new AssertionError("no error without an id within " + WAIT + "; events: " + events);
            }
        }
        return unsolicited.remove(0);
    }

    /** Every event received and not yet taken by {@link #awaitEvent}, in order; taking them empties the list. */
    public List<JsonNode> drainEvents() {
        List<JsonNode> drained = List.copyOf(events);
        events.clear();
        return drained;
    }

    /** Reads every frame that arrives within the timeout, to see what a connection was sent. */
    public void receiveFor(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && receiveOne(deadline)) {
            // keep reading
        }
    }

    /** Whether the connection is still open. */
    public boolean isOpen() {
        return connection.isOpen();
    }

    /** Receives one frame and files it; false if none came before the deadline. */
    private boolean receiveOne(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        String text = connection.receive(Duration.ofNanos(left));
        if (text == null) {
            return false;
        }
        JsonNode frame = Frames.parse(text);
        if (Frames.isEvent(frame)) {
            events.add(frame);
        } else if (frame.path("id").isNull() || frame.path("id").isMissingNode()) {
            unsolicited.add(frame);
        } else {
            responses.put(frame.path("id").asText(), frame);
        }
        return true;
    }

    @Override
    public void close() {
        connection.close();
    }
}
