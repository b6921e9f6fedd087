package dev.parley.transport.websocket;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.ChatException;
import dev.parley.api.ErrorCode;
import dev.parley.api.RateLimitedException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The one shape of every HTTP error this transport sends, {@code {"error": {"code": ..., "message": ...}}}
 * with the protocol's error codes (and {@code retryAfterMs} for {@code rate_limited}), and the mapping
 * between those codes and HTTP statuses. Stateless.
 */
final class HttpErrors {

    static final String JSON = "application/json; charset=utf-8";

    private HttpErrors() {
    }

    /** The HTTP status for an error code. */
    static int status(ErrorCode code) {
        return switch (code) {
            case BAD_REQUEST, UNKNOWN_OP, UNSUPPORTED_VERSION -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case SYNC_EXPIRED -> 410;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_TYPE -> 415;
            case REJECTED -> 422;
            case RATE_LIMITED -> 429;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
        };
    }

    /** The error code for an HTTP status that Jetty chose itself, such as 404 or 431. */
    static ErrorCode code(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 409 -> ErrorCode.CONFLICT;
            case 413, 414, 431 -> ErrorCode.TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_TYPE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
        };
    }

    /** Answers with the exception's code and message, and its wait if it is {@code rate_limited}. */
    static void write(Response response, Callback callback, ChatException e) {
        Duration retryAfter = e instanceof RateLimitedException limited ? limited.retryAfter() : null;
        write(response, callback, status(e.errorCode()), e.errorCode(), e.getMessage(), retryAfter);
    }

    /** Answers 500 {@code internal}, saying no more: the cause is for the log, not the client. */
    static void internal(Response response, Callback callback) {
        write(response, callback, 500, ErrorCode.INTERNAL, "the server failed; the error is logged", null);
    }

    /** Answers with the error; {@code retryAfter} may be null. */
    static void write(Response response, Callback callback, int status, ErrorCode code, String message,
                      Duration retryAfter) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ObjectNode error = json.putObject("error");
        error.put("code", code.code());
        error.put("message", message);
        if (retryAfter != null) {
            error.put("retryAfterMs", retryAfter.toMillis());
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Math.max(1, (retryAfter.toMillis() + 999) / 1000));
        }
        write(response, callback, status, json);
    }

    /** Answers with a JSON body. */
    static void write(Response response, Callback callback, int status, ObjectNode json) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
        response.write(true, ByteBuffer.wrap(json.toString().getBytes(StandardCharsets.UTF_8)), callback);
    }
}
