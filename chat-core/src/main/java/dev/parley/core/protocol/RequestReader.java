package dev.parley.core.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.internal.InputRules;

/**
 * Reads a frame's text as a request: a JSON object with an {@code id} that can be echoed. What has no
 * such id cannot be answered as a request and is {@link Unreadable}; the op is checked later, when
 * the id can be echoed with the error. Thread-safe.
 */
final class RequestReader {

    /** A frame that is not a request with an id; its message says why, for the client. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /** A request that has an echoable id; {@code op} and {@code data} are as sent, possibly null. */
    record Request(JsonNode id, JsonNode op, JsonNode data) {
    }

    private final ObjectMapper mapper;

    RequestReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    Request read(String frame) throws Unreadable {
        JsonNode request;
        try {
            request = mapper.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new Unreadable("malformed JSON: " + e.getOriginalMessage());
        }
        if (request == null || !request.isObject()) {
            throw new Unreadable("a request is a JSON object");
        }
        JsonNode id = request.get("id");
        if (id == null || !(id.isTextual() || id.isIntegralNumber()) || id.asText().length() > 64) {
            throw new Unreadable("a request has an 'id': a string or integer of at most 64 characters");
        }
        if (id.isTextual() && !InputRules.isWellFormed(id.textValue())) {
            // A lone surrogate has no UTF-8 form, so the id could not be echoed as it came: the client
            // would get another id back (Jackson and the transports write '?') and match the wrong request.
            throw new Unreadable("a request's 'id' must be well-formed Unicode, without lone surrogates");
        }
        return new Request(id, request.get("op"), request.get("data"));
    }
}
