package dev.parley.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.ChatException;
import dev.parley.api.CloseReason;
import dev.parley.api.ErrorCode;
import dev.parley.api.UnauthorizedException;
import dev.parley.core.internal.EngineMetrics;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one session's requests: reads each frame, finds its operation in the table, checks login and
 * admin rights, calls the handler and answers, at once or when the handler's stage completes. Frames
 * that cannot be read are answered with {@code id: null} and counted; too many in a row close the
 * connection as {@code abusive}. Runs on the session's serial queue only, one frame at a time.
 */
final class RequestDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);
    /** Frames in a row that fail to parse before the peer counts as abusive and is disconnected. */
    static final int MAX_BAD_FRAMES_IN_A_ROW = 20;

    private final ProtocolConnection session;
    private final Operations operations;
    private final RequestReader reader;
    private final ResponseWriter responses;
    private final AdminChecks admin;
    private int badFramesInARow;

    RequestDispatcher(ProtocolConnection session, Operations operations, RequestReader reader,
                      ResponseWriter responses, AdminChecks admin) {
        this.session = session;
        this.operations = operations;
        this.reader = reader;
        this.responses = responses;
        this.admin = admin;
    }

    /** @param received when the frame arrived, by {@link System#nanoTime()}: the start of its latency */
    void handle(String frame, long received) {
        RequestReader.Request request;
        try {
            request = reader.read(frame);
        } catch (RequestReader.Unreadable e) {
            badFrame(e.getMessage(), received);
            return;
        }
        badFramesInARow = 0;
        dispatch(request, received);
    }

    /** Answers a frame that is no request, and closes the connection at the last one allowed in a row. */
    void badFrame(String message, long received) {
        record(EngineMetrics.UNKNOWN_OP, ErrorCode.BAD_REQUEST.code(), received);
        responses.error(null, ErrorCode.BAD_REQUEST, message);
        if (++badFramesInARow >= MAX_BAD_FRAMES_IN_A_ROW) {
            LOG.info("closing {} after {} unreadable frames in a row", session.connection().remoteAddress(),
                    badFramesInARow);
            session.close(CloseReason.ABUSIVE);
        }
    }

    private void dispatch(RequestReader.Request request, long received) {
        JsonNode id = request.id();
        JsonNode op = request.op();
        if (op == null || !op.isTextual()) {
            record(EngineMetrics.UNKNOWN_OP, ErrorCode.BAD_REQUEST.code(), received);
            responses.error(id, ErrorCode.BAD_REQUEST, "a request has an 'op' string");
            return;
        }
        Operation operation = operations.get(op.textValue());
        if (operation == null) {
            record(EngineMetrics.UNKNOWN_OP, ErrorCode.UNKNOWN_OP.code(), received);
            responses.error(id, ErrorCode.UNKNOWN_OP, "unknown op: " + FrameText.abbreviate(op.textValue()));
            return;
        }
        // A name in the table, so that the op tag is one of a fixed set.
        String name = op.textValue();
        try {
            if (operation.admin()) {
                admin.require(session.user());
            } else if (operation.needsLogin() && session.user() == null) {
                throw new UnauthorizedException("log in first");
            }
            Object result = operation.handler().handle(session, new Params(request.data()));
            if (operation.admin()) {
                admin.audit("admin_action", session.user(), op.textValue(), request.data());
            }
            answer(id, result, name, received);
        } catch (RuntimeException e) {
            if (e instanceof ChatException chat && chat.errorCode() == ErrorCode.FORBIDDEN) {
                admin.audit("denied", session.user(), op.textValue(), null);
            }
            record(name, outcome(e), received);
            responses.fail(id, e);
        }
    }

    private void answer(JsonNode id, Object result, String op, long received) {
        if (result instanceof CompletionStage<?> pending) {
            pending.whenComplete((value, failure) -> {
                if (failure != null) {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    record(op, outcome(cause), received);
                    responses.fail(id, cause);
                } else {
                    record(op, OK, received);
                    responses.ok(id, (JsonNode) value);
                }
            });
        } else {
            record(op, OK, received);
            responses.ok(id, (JsonNode) result);
        }
    }

    private static final String OK = "ok";

    /** The error code a failure is answered with, as {@link ResponseWriter#fail} answers it. */
    static String outcome(Throwable failure) {
        return failure instanceof ChatException chat ? chat.errorCode().code() : ErrorCode.INTERNAL.code();
    }

    private void record(String op, String outcome, long received) {
        EngineMetrics metrics = session.protocol().metrics();
        metrics.request(op, outcome, System.nanoTime() - received);
        if ("login".equals(op)) {
            metrics.login(loginOutcome(outcome));
        }
    }

    /** {@code ok}, {@code throttled} for a rate_limited refusal, else {@code refused}. */
    static String loginOutcome(String outcome) {
        return OK.equals(outcome) ? OK : ErrorCode.RATE_LIMITED.code().equals(outcome) ? "throttled" : "refused";
    }
}
