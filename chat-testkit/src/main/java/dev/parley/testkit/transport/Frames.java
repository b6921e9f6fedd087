package dev.parley.testkit.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Small JSON helpers for writing requests and reading protocol frames. Thread-safe. */
public final class Frames {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Frames() {
    }

    /** A request frame: {@code {"id": id, "op": op, "data": data}}, without data when it is null. */
    public static String request(String id, String op, Map<String, ?> data) {
        ObjectNode frame = JSON.createObjectNode();
        frame.put("id", id);
        frame.put("op", op);
        if (data != null) {
            frame.set("data", JSON.valueToTree(data));
        }
        return frame.toString();
    }

    /**
     * Parses a frame.
     *
     * @throws AssertionError if it is not JSON, which a server never sends
     */
    public static JsonNode parse(String frame) {
        try {
            return JSON.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new AssertionError("the server sent a frame that is not JSON: " + frame, e);
        }
    }

    /** Whether a frame is an event (it has an {@code event} name) rather than a response. */
    public static boolean isEvent(JsonNode frame) {
        return frame.has("event");
    }

    /** A response's error code, or null if it is ok. */
    public static String errorCode(JsonNode response) {
        return response.path("ok").asBoolean() ? null : response.path("error").path("code").asText(null);
    }
}
