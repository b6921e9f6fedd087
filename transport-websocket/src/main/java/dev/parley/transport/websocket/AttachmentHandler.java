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
import dev.parley.api.RateLimitedException;
import dev.parley.api.TooLargeException;
import dev.parley.api.UnauthorizedException;
import dev.parley.api.UnavailableException;
import dev.parley.api.User;
import dev.parley.core.AttachmentService;
import dev.parley.core.AttachmentTypes;
import dev.parley.core.ChatEngine;
import dev.parley.core.internal.ConcurrencyLimit;
import dev.parley.core.protocol.ChatProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attachments over HTTP, beside the WebSocket endpoint:
 * <ul>
 *   <li>{@code POST /attachments?kind=image|voice|file}, with {@code Authorization: Bearer <token>} and
 *       the content type of the upload, stores the body in the blob store and answers
 *       {@code 201 {"attachment": {...}}}.</li>
 *   <li>{@code GET /attachments/<id>?message=<messageId>}, with the same header, streams the bytes to a
 *       member of a conversation where that message carries the attachment; anyone else gets 404.</li>
 * </ul>
 * Errors are JSON, {@code {"error": {"code": ..., "message": ...}}}, with the protocol's codes.
 *
 * <p>No request holds a thread while it waits for its client: an upload's body is read as it arrives
 * ({@link UploadBody}) and handed to the blob store only once whole, and a download is written as the
 * client takes it. A request in progress counts as a connection against the engine's per-address cap;
 * uploads are also capped per address and per user, and one whose client falls silent for the upload
 * idle timeout is answered 408 and cut. Thread-safe.
 */
final class AttachmentHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(AttachmentHandler.class);
    /** What a client over an upload cap is told to wait: a slot frees when any upload ends. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final String path;
    private final Supplier<ChatProtocol> protocol;
    private final Duration uploadIdleTimeout;
    private final ConcurrencyLimit uploadsPerAddress;
    private final ConcurrencyLimit uploadsPerUser;

    AttachmentHandler(String path, Supplier<ChatProtocol> protocol, Duration uploadIdleTimeout,
                      int maxUploadsPerAddress, int maxUploadsPerUser) {
        this.path = path;
        this.protocol = protocol;
        this.uploadIdleTimeout = uploadIdleTimeout;
        this.uploadsPerAddress = new ConcurrencyLimit(maxUploadsPerAddress);
        this.uploadsPerUser = new ConcurrencyLimit(maxUploadsPerUser);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String target = Request.getPathInContext(request);
        if (!target.equals(path) && !target.startsWith(path + "/")) {
            return false;
        }
        boolean upload = target.equals(path);
        HttpMethod allowed = upload ? HttpMethod.POST : HttpMethod.GET;
        if (!allowed.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, allowed.asString());
            HttpErrors.write(response, callback, 405, ErrorCode.BAD_REQUEST,
                    "use " + allowed.asString() + " on " + (upload ? path : path + "/<id>"), null);
            return true;
        }
        ChatProtocol current = protocol.get();
        if (current == null) {
            error(response, callback, new UnavailableException("the server is not running"));
            return true;
        }
        String remote = String.valueOf(request.getConnectionMetaData().getRemoteSocketAddress());
        if (!current.admitConnection(remote)) {
            error(response, callback, new RateLimitedException("this address holds the most connections allowed",
                    RETRY_AFTER));
            return true;
        }
        Callback done = Callback.from(callback, () -> current.releaseConnection(remote));
        try {
            ChatEngine engine = current.engine();
            User user = authenticate(engine, request);
            if (upload) {
                upload(engine, user, request, response, done);
            } else {
                download(engine, user, target.substring(path.length() + 1), request, response, done);
            }
        } catch (ChatException e) {
            error(response, done, e);
        } catch (RuntimeException e) {
            LOG.error("attachment request failed", e);
            error(response, done, ErrorCode.INTERNAL, "the server failed; the error is logged");
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

    private void upload(ChatEngine engine, User user, Request request, Response response, Callback done) {
        MessageKind kind = kind(Request.extractQueryParameters(request).getValue("kind"));
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        AttachmentTypes.check(kind, contentType); // refuse a wrong type before reading a byte
        long max = engine.limits().maxAttachmentBytes();
        if (request.getLength() > max) {
            throw new TooLargeException("an attachment is at most " + max + " bytes");
        }
        String address = Request.getRemoteAddr(request);
        String uploader = String.valueOf(user.id().value());
        if (!uploadsPerAddress.tryAcquire(address)) {
            throw new RateLimitedException("at most " + uploadsPerAddress.max()
                    + " uploads at once from one address", RETRY_AFTER);
        }
        if (!uploadsPerUser.tryAcquire(uploader)) {
            uploadsPerAddress.release(address);
            throw new RateLimitedException("at most " + uploadsPerUser.max() + " uploads at once per user", RETRY_AFTER);
        }
        Callback finished = Callback.from(done, () -> {
            uploadsPerUser.release(uploader);
            uploadsPerAddress.release(address);
        });
        // A body that stalls is cut after the upload idle timeout, whatever the connection's own is;
        // the connection gets its own back for whatever request comes next on it.
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        long idleTimeout = endPoint.getIdleTimeout();
        endPoint.setIdleTimeout(uploadIdleTimeout.toMillis());
        new UploadBody(request, max, new Promise<>() {
            @Override
            public void succeeded(UploadBody body) {
                endPoint.setIdleTimeout(idleTimeout);
                store(engine, user, kind, contentType, body, response, finished);
            }

            @Override
            public void failed(Throwable failure) {
                endPoint.setIdleTimeout(idleTimeout);
                brokeOff(failure, request, response, finished);
            }
        }).run();
    }

    private static void store(ChatEngine engine, User user, MessageKind kind, String contentType, UploadBody body,
                              Response response, Callback finished) {
        try (InputStream content = body.content()) {
            Attachment stored = engine.attachments().upload(user.id(), kind, contentType, content);
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            ObjectNode attachment = json.putObject("attachment");
            attachment.put("id", stored.id().value());
            attachment.put("mimeType", stored.mimeType());
            attachment.put("size", stored.size());
            HttpErrors.write(response, finished, 201, json);
        } catch (ChatException e) {
            error(response, finished, e);
        } catch (IOException | RuntimeException e) {
            LOG.error("could not store an upload", e);
            error(response, finished, ErrorCode.INTERNAL, "the server failed; the error is logged");
        } finally {
            body.discard();
        }
    }

    /** Answers an upload whose body did not arrive whole; the client's fault, except a local failure. */
    private void brokeOff(Throwable failure, Request request, Response response, Callback finished) {
        if (failure instanceof ChatException e) {
            error(response, finished, e);
        } else if (failure instanceof TimeoutException) {
            HttpErrors.write(response, finished, 408, ErrorCode.BAD_REQUEST, "the upload stalled: nothing arrived for "
                    + uploadIdleTimeout.toMillis() + " ms", null);
        } else if (failure instanceof IOException || failure instanceof HttpException) {
            long declared = request.getLength();
            error(response, finished, new BadRequestException("the upload broke off"
                    + (declared >= 0 ? " before the " + declared + " bytes it announced" : "")));
        } else {
            LOG.error("could not receive an upload", failure instanceof UncheckedIOException u ? u.getCause() : failure);
            error(response, finished, ErrorCode.INTERNAL, "the server failed; the error is logged");
        }
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
                                 Callback done) {
        AttachmentId attachment;
        MessageId message;
        try {
            Fields query = Request.extractQueryParameters(request);
            attachment = AttachmentId.of(id);
            message = MessageId.of(Long.parseLong(query.getValue("message")));
        } catch (RuntimeException e) {
            throw new NotFoundException("no such attachment");
        }
        AttachmentService.Download download = engine.attachments().open(user.id(), attachment, message);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, download.info().mimeType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, download.info().size());
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "private, max-age=31536000, immutable");
        InputStream in = download.content();
        // Written as the client takes it, so a client that stops reading holds no thread. The copy reads
        // the blob store's stream, which may block on a disk: it is resumed on a pool thread, never on
        // Jetty's selector.
        Content.copy(Content.Source.from(in), response, Callback.from(Invocable.InvocationType.BLOCKING,
                () -> {
                    close(in);
                    done.succeeded();
                },
                failure -> {
                    close(in);
                    done.failed(failure);
                }));
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing more to read from it anyway
        }
    }

    private static void error(Response response, Callback callback, ChatException e) {
        Duration retryAfter = e instanceof RateLimitedException limited ? limited.retryAfter() : null;
        HttpErrors.write(response, callback, HttpErrors.status(e.errorCode()), e.errorCode(), e.getMessage(), retryAfter);
    }

    private static void error(Response response, Callback callback, ErrorCode code, String message) {
        HttpErrors.write(response, callback, HttpErrors.status(code), code, message, null);
    }
}
