package dev.parley.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.ChatException;
import dev.parley.api.ErrorCode;
import dev.parley.api.RateLimitedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes a session's responses, {@code {"id":..., "ok":true, "data":...}} and
 * {@code {"id":..., "ok":false, "error":{"code":..., "message":...}}}, and turns a failure into its
 * stable error code: a {@link ChatException} by its own code, anything else as {@code internal},
 * logged and never shown to the client. Thread-safe.
 */
final class ResponseWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseWriter.class);

    private final Outbound out;

    ResponseWriter(Outbound out) {
        this.out = out;
    }

    /** A success; null data is sent as {@code {}}. */
    void ok(JsonNode id, JsonNode data) {
        ObjectNode frame = Wire.object();
        frame.set("id", id);
        frame.put("ok", true);
        frame.set("data", data == null ? Wire.object() : data);
        out.send(frame.toString());
    }

    /** An error; a null id answers no request, such as a frame that could not be read. */
    void error(JsonNode id, ErrorCode code, String message) {
        send(id, errorNode(code, message));
    }

    /** A {@code rate_limited} error that tells the client when to try again. */
    void rateLimited(JsonNode id, String message, long retryAfterMs) {
        ObjectNode error = errorNode(ErrorCode.RATE_LIMITED, message);
        error.put("retryAfterMs", retryAfterMs);
        send(id, error);
    }

    /** The error a failed request gets. */
    void fail(JsonNode id, Throwable failure) {
        if (failure instanceof ChatException chat) {
            if (chat.errorCode() == ErrorCode.INTERNAL) {
                LOG.error("request failed inside the server", chat);
            }
            if (chat instanceof RateLimitedException limited) {
                rateLimited(id, chat.getMessage(), limited.retryAfter().toMillis());
            } else if (chat instanceof dev.parley.api.SyncExpiredException expired) {
                // Which conversation to reload, for clients that should not parse the message.
                ObjectNode error = errorNode(ErrorCode.SYNC_EXPIRED, chat.getMessage());
                error.put("conversationId", expired.conversationId().value());
                send(id, error);
            } else {
                error(id, chat.errorCode(), chat.getMessage());
            }
        } else {
            LOG.error("request failed inside the server", failure);
            error(id, ErrorCode.INTERNAL, "the server failed; the error is logged");
        }
    }

    private void send(JsonNode id, ObjectNode error) {
        ObjectNode frame = Wire.object();
        frame.set("id", id);
        frame.put("ok", false);
        frame.set("error", error);
        out.send(frame.toString());
    }

    private static ObjectNode errorNode(ErrorCode code, String message) {
        ObjectNode error = Wire.object();
        error.put("code", code.code());
        error.put("message", message == null ? code.code() : message);
        return error;
    }
}
