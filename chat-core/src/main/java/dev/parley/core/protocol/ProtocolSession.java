package dev.parley.core.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.ChatException;
import dev.parley.api.ErrorCode;
import dev.parley.api.RateLimitedException;
import dev.parley.api.UnauthorizedException;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.event.ChatEvent;
import dev.parley.api.spi.Connection;
import dev.parley.api.spi.FrameHandler;
import dev.parley.core.ChatSession;
import dev.parley.core.EventSink;
import dev.parley.core.LoginResult;
import dev.parley.core.internal.InputRules;
import dev.parley.core.internal.SerialExecutor;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection speaking the protocol, on any transport. Frames arrive on the transport's I/O
 * thread and are handed, in order, to the engine's worker pool; responses and events leave through the
 * connection's bounded queue.
 *
 * <p>Until it logs in, a session may use only {@code hello}, {@code ping}, {@code register} and
 * {@code login}. Once logged in, it is a live {@link ChatSession} of its user, and every request acts
 * as that user: a request never names its sender. Thread-safe.
 */
public final class ProtocolSession implements FrameHandler, EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(ProtocolSession.class);
    /** Frames in a row that fail to parse before the peer counts as abusive and is disconnected. */
    static final int MAX_BAD_FRAMES_IN_A_ROW = 20;
    // Requests of one connection that may wait for a worker are bounded by ChatLimits.maxPendingRequests:
    // past it, requests are refused with rate_limited, so that a client that sends faster than it is
    // served cannot grow the heap.

    private final ChatProtocol protocol;
    private final Connection connection;
    private final SerialExecutor requests;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
    private volatile ChatSession chat;
    private volatile String token;
    private int badFramesInARow;

    ProtocolSession(ChatProtocol protocol, Connection connection) {
        this.protocol = protocol;
        this.connection = connection;
        this.requests = new SerialExecutor(protocol.workers());
    }

    /** The logged-in user, or null. */
    UserId user() {
        ChatSession session = chat;
        return session == null ? null : session.userId();
    }

    ChatSession chatSession() {
        return chat;
    }

    String token() {
        return token;
    }

    ChatProtocol protocol() {
        return protocol;
    }

    Connection connection() {
        return connection;
    }

    private volatile String countedAddress;

    void countedAt(String address) {
        this.countedAddress = address;
    }

    String countedAddress() {
        return countedAddress;
    }

    /** Turns the connection away at once, saying why. */
    void refuse(String reason) {
        closed.set(true);
        ObjectNode data = Wire.object();
        data.put("reason", reason);
        connection.send(Wire.eventFrame("closing", data).toString());
        connection.close(reason);
    }

    /** Runs a task after the request now running, in this session's order. */
    void later(Runnable task) {
        requests.execute(task);
    }

    /** Binds the connection to a user after a successful login or registration. */
    ObjectNode loggedIn(LoginResult login) {
        if (chat != null) {
            throw new dev.parley.api.ConflictException("this session is already logged in");
        }
        token = login.token();
        chat = protocol.engine().sessions().open(login.user().id(), this,
                dev.parley.core.internal.TokenDigest.hash(login.token()));
        ObjectNode data = Wire.object();
        data.set("user", Wire.user(login.user()));
        data.put("token", login.token());
        data.put("expiresAt", login.expiresAt().toString());
        data.put("sessionId", chat.id());
        return data;
    }

    User requireAdmin() {
        User user = protocol.engine().users().find(user()).orElseThrow(
                () -> new UnauthorizedException("log in first"));
        if (!user.isAdmin() || !user.enabled()) {
            throw new dev.parley.api.ForbiddenException("only admins may do this");
        }
        return user;
    }

    @Override
    public void onFrame(String frame) {
        if (closed.get()) {
            return;
        }
        if (utf8Length(frame) > protocol.maxFrameBytes()) {
            sendError(null, ErrorCode.TOO_LARGE, "a frame is at most " + protocol.maxFrameBytes() + " bytes");
            return;
        }
        enqueue(() -> handle(frame));
    }

    /**
     * Answers a frame the transport could not decode like one that is not JSON, in order with the
     * others: it counts toward the unreadable frames in a row, and the last one is answered too.
     */
    @Override
    public void onUnreadableFrame(String message) {
        if (closed.get()) {
            return;
        }
        enqueue(() -> badFrame(message));
    }

    /** Queues work for this session's worker, refusing it once too many requests wait. */
    private void enqueue(Runnable work) {
        int maxPending = protocol.maxPendingRequests();
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            ObjectNode error = errorNode(ErrorCode.RATE_LIMITED,
                    "more than " + maxPending + " requests are waiting; wait for answers before sending more");
            error.put("retryAfterMs", 100);
            send(null, false, error);
            return;
        }
        requests.execute(() -> {
            try {
                work.run();
            } finally {
                pending.decrementAndGet();
            }
        });
    }

    /** Refuses a binary frame; the protocol is text only. */
    @Override
    public void onBinaryFrame() {
        sendError(null, ErrorCode.BAD_REQUEST, "binary frames are not part of the protocol; send JSON text");
    }

    private void handle(String frame) {
        JsonNode request;
        try {
            request = protocol.mapper().readTree(frame);
        } catch (JsonProcessingException e) {
            badFrame("malformed JSON: " + e.getOriginalMessage());
            return;
        }
        if (request == null || !request.isObject()) {
            badFrame("a request is a JSON object");
            return;
        }
        JsonNode id = request.get("id");
        if (id == null || !(id.isTextual() || id.isIntegralNumber()) || id.asText().length() > 64) {
            badFrame("a request has an 'id': a string or integer of at most 64 characters");
            return;
        }
        if (id.isTextual() && !InputRules.isWellFormed(id.textValue())) {
            // A lone surrogate has no UTF-8 form, so the id could not be echoed as it came: the client
            // would get another id back (Jackson and the transports write '?') and match the wrong request.
            badFrame("a request's 'id' must be well-formed Unicode, without lone surrogates");
            return;
        }
        badFramesInARow = 0;
        JsonNode op = request.get("op");
        if (op == null || !op.isTextual()) {
            sendError(id, ErrorCode.BAD_REQUEST, "a request has an 'op' string");
            return;
        }
        Operation operation = protocol.operations().get(op.textValue());
        if (operation == null) {
            sendError(id, ErrorCode.UNKNOWN_OP, "unknown op: " + abbreviate(op.textValue()));
            return;
        }
        try {
            if (operation.needsLogin() && chat == null) {
                throw new UnauthorizedException("log in first");
            }
            if (operation.admin()) {
                requireAdmin();
            }
            Object result = operation.handler().handle(this, new Params(request.get("data")));
            if (operation.admin()) {
                audit("admin_action", op.textValue(), request.get("data"));
            }
            if (result instanceof CompletionStage<?> pending) {
                pending.whenComplete((value, failure) -> {
                    if (failure != null) {
                        fail(id, failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure);
                    } else {
                        sendOk(id, (JsonNode) value);
                    }
                });
            } else {
                sendOk(id, (JsonNode) result);
            }
        } catch (RuntimeException e) {
            if (e instanceof ChatException chatException && chatException.errorCode() == ErrorCode.FORBIDDEN) {
                audit("denied", op.textValue(), null);
            }
            fail(id, e);
        }
    }

    /** Records a security event: the op and whom it named, never a message body, password or token. */
    private void audit(String type, String op, JsonNode data) {
        java.util.Map<String, String> details = new java.util.LinkedHashMap<>();
        details.put("op", op);
        if (data != null) {
            for (String field : java.util.List.of("username", "userId", "conversationId", "from", "friend", "owner")) {
                JsonNode value = data.get(field);
                if (value != null && (value.isTextual() || value.isNumber())) {
                    details.put(field, value.asText());
                }
            }
        }
        protocol.engine().audit(type, user(), connection.remoteAddress(), details);
    }

    private void badFrame(String message) {
        sendError(null, ErrorCode.BAD_REQUEST, message);
        if (++badFramesInARow >= MAX_BAD_FRAMES_IN_A_ROW) {
            LOG.info("closing {} after {} unreadable frames in a row", connection.remoteAddress(), badFramesInARow);
            close("abusive");
        }
    }

    private void fail(JsonNode id, Throwable failure) {
        if (failure instanceof ChatException chat) {
            if (chat.errorCode() == ErrorCode.INTERNAL) {
                LOG.error("request failed inside the server", chat);
            }
            ObjectNode error = errorNode(chat.errorCode(), chat.getMessage());
            if (chat instanceof RateLimitedException limited) {
                error.put("retryAfterMs", limited.retryAfter().toMillis());
            }
            send(id, false, error);
        } else {
            LOG.error("request failed inside the server", failure);
            sendError(id, ErrorCode.INTERNAL, "the server failed; the error is logged");
        }
    }

    void sendOk(JsonNode id, JsonNode data) {
        ObjectNode frame = Wire.object();
        frame.set("id", id);
        frame.put("ok", true);
        frame.set("data", data == null ? Wire.object() : data);
        sendRaw(frame.toString());
    }

    private void sendError(JsonNode id, ErrorCode code, String message) {
        send(id, false, errorNode(code, message));
    }

    private void send(JsonNode id, boolean ok, ObjectNode error) {
        ObjectNode frame = Wire.object();
        frame.set("id", id);
        frame.put("ok", ok);
        frame.set("error", error);
        sendRaw(frame.toString());
    }

    private static ObjectNode errorNode(ErrorCode code, String message) {
        ObjectNode error = Wire.object();
        error.put("code", code.code());
        error.put("message", message == null ? code.code() : message);
        return error;
    }

    /** Queues a frame; a full queue closes the session as a slow consumer. */
    void sendRaw(String frame) {
        if (!closed.get() && !connection.send(frame)) {
            slowConsumer();
        }
    }

    private void slowConsumer() {
        ChatSession session = chat;
        if (session != null) {
            session.close("slow_consumer");
        } else {
            close("slow_consumer");
        }
    }

    @Override
    public boolean offer(ChatEvent event) {
        return closed.get() || connection.send(protocol.encode(event));
    }

    /** Tells the peer why, if its queue has room, then closes the connection. Idempotent. */
    @Override
    public void close(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (!"slow_consumer".equals(reason)) {
            ObjectNode data = Wire.object();
            data.put("reason", reason);
            connection.send(Wire.eventFrame("closing", data).toString());
        }
        connection.close(reason);
        cleanUp();
    }

    @Override
    public void onClose() {
        closed.set(true);
        cleanUp();
    }

    private void cleanUp() {
        protocol.tail().unsubscribe(this);
        protocol.forget(this);
        ChatSession session = chat;
        if (session != null) {
            session.close("disconnected");
        }
    }

    /**
     * At most 40 chars of a value echoed in a message, cut between characters, never inside a surrogate
     * pair, and with any lone surrogate shown as U+FFFD, so that the message survives UTF-8.
     */
    private static String abbreviate(String value) {
        String shown = value;
        if (value.length() > 40) {
            int end = Character.isHighSurrogate(value.charAt(39)) ? 39 : 40;
            shown = value.substring(0, end) + "…";
        }
        if (InputRules.isWellFormed(shown)) {
            return shown;
        }
        StringBuilder replaced = new StringBuilder(shown.length());
        // codePoints() yields a lone surrogate as a code point of its own, in 0xD800..0xDFFF.
        shown.codePoints().forEach(cp -> replaced.appendCodePoint(cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : cp));
        return replaced.toString();
    }

    /** The UTF-8 length, computed only when the char count alone cannot settle the question. */
    private int utf8Length(String frame) {
        if (frame.length() * 3L <= protocol.maxFrameBytes()) {
            return frame.length();
        }
        int bytes = 0;
        for (int i = 0; i < frame.length(); i++) {
            char c = frame.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
