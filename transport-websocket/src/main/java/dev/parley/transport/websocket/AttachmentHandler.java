package dev.parley.transport.websocket;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Attachment;
import dev.parley.api.AttachmentId;
import dev.parley.api.BadRequestException;
import dev.parley.api.ChatException;
import dev.parley.api.ErrorCode;
import dev.parley.api.MessageId;
import dev.parley.api.MessageKind;
import dev.parley.api.NotFoundException;
import dev.parley.api.TooLargeException;
import dev.parley.api.UnauthorizedException;
import dev.parley.api.User;
import dev.parley.core.AttachmentService;
import dev.parley.core.ChatEngine;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attachments over HTTP, beside the WebSocket endpoint:
 * <ul>
 *   <li>{@code POST /attachments?kind=image|voice|file}, with {@code Authorization: Bearer <token>} and
 *       the content type of the upload, streams the body into the blob store and answers
 *       {@code 201 {"attachment": {...}}}.</li>
 *   <li>{@code GET /attachments/<id>?message=<messageId>}, with the same header, streams the bytes to a
 *       member of a conversation where that message carries the attachment; anyone else gets 404.</li>
 * </ul>
 * Errors are JSON, {@code {"error": {"code": ..., "message": ...}}}, with the protocol's codes.
 * Runs on Jetty's request threads, which may block. Thread-safe.
 */
final class AttachmentHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(AttachmentHandler.class);

    private final String path;
    private final Supplier<ChatEngine> engine;

    AttachmentHandler(String path, Supplier<ChatEngine> engine) {
        this.path = path;
        this.engine = engine;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String target = Request.getPathInContext(request);
        if (!target.equals(path) && !target.startsWith(path + "/")) {
            return false;
        }
        try {
            ChatEngine current = engine.get();
            if (current == null) {
                throw new dev.parley.api.UnavailableException("the server is not running");
            }
            User user = authenticate(current, request);
            if (HttpMethod.POST.is(request.getMethod()) && target.equals(path)) {
                upload(current, user, request, response, callback);
            } else if (HttpMethod.GET.is(request.getMethod()) && target.startsWith(path + "/")) {
                download(current, user, target.substring(path.length() + 1), request, response, callback);
            } else {
                throw new NotFoundException("no such resource");
            }
        } catch (ChatException e) {
            error(response, callback, e.errorCode(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("attachment request failed", e);
            error(response, callback, ErrorCode.INTERNAL, "the server failed; the error is logged");
        }
        return true;
    }

    private static User authenticate(ChatEngine engine, Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new UnauthorizedException("send 'Authorization: Bearer <token>'");
        }
        return engine.auth().authenticateToken(header.substring(7).strip());
    }

    private static void upload(ChatEngine engine, User user, Request request, Response response, Callback callback)
            throws ChatException {
        Fields query = Request.extractQueryParameters(request);
        MessageKind kind = kind(query.getValue("kind"));
        long declared = request.getLength();
        if (declared > engine.limits().maxAttachmentBytes()) {
            throw new TooLargeException("an attachment is at most " + engine.limits().maxAttachmentBytes() + " bytes");
        }
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        Attachment stored;
        try (InputStream body = Content.Source.asInputStream(request)) {
            stored = engine.attachments().upload(user.id(), kind, contentType, body);
        } catch (java.io.IOException e) {
            throw new BadRequestException("the upload broke off");
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ObjectNode attachment = json.putObject("attachment");
        attachment.put("id", stored.id().value());
        attachment.put("mimeType", stored.mimeType());
        attachment.put("size", stored.size());
        respond(response, callback, 201, json);
    }

    private static MessageKind kind(String name) {
        if (name == null) {
            throw new BadRequestException("say what the upload is for: ?kind=image, voice or file");
        }
        try {
            MessageKind kind = MessageKind.valueOf(name.toUpperCase(Locale.ROOT));
            if (kind.needsAttachment()) {
                return kind;
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw new BadRequestException("'kind' must be image, voice or file");
    }

    private static void download(ChatEngine engine, User user, String id, Request request, Response response,
                                 Callback callback) throws Exception {
        AttachmentId attachment;
        MessageId message;
        try {
            attachment = AttachmentId.of(id);
            message = MessageId.of(Long.parseLong(Request.extractQueryParameters(request).getValue("message")));
        } catch (RuntimeException e) {
            throw new NotFoundException("no such attachment");
        }
        AttachmentService.Download download = engine.attachments().open(user.id(), attachment, message);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, download.info().mimeType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, download.info().size());
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "private, max-age=31536000, immutable");
        try (InputStream in = download.content(); OutputStream out = Content.Sink.asOutputStream(response)) {
            in.transferTo(out);
        }
        callback.succeeded();
    }

    private static void error(Response response, Callback callback, ErrorCode code, String message) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ObjectNode error = json.putObject("error");
        error.put("code", code.code());
        error.put("message", message);
        respond(response, callback, status(code), json);
    }

    static int status(ErrorCode code) {
        return switch (code) {
            case BAD_REQUEST, UNKNOWN_OP, UNSUPPORTED_VERSION -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_TYPE -> 415;
            case REJECTED -> 422;
            case RATE_LIMITED -> 429;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
        };
    }

    private static void respond(Response response, Callback callback, int status, ObjectNode json) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.write(true, ByteBuffer.wrap(json.toString().getBytes(StandardCharsets.UTF_8)), callback);
    }
}
