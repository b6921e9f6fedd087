package dev.parley.transport.websocket;

import dev.parley.api.AttachmentId;
import dev.parley.api.ChatException;
import dev.parley.api.ErrorCode;
import dev.parley.api.MessageId;
import dev.parley.api.NotFoundException;
import dev.parley.api.RateLimitedException;
import dev.parley.api.UnauthorizedException;
import dev.parley.api.UnavailableException;
import dev.parley.api.User;
import dev.parley.api.spi.Attachments;
import dev.parley.api.spi.TransportContext;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
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
 * <p>No request holds a thread while it waits for its client: uploads ({@link AttachmentUploads}) are
 * read as they arrive and stored once whole, and a download is written as the client takes it. A
 * request in progress counts as a connection against the engine's per-address cap. Thread-safe.
 */
final class AttachmentHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(AttachmentHandler.class);
    /** What a client over the connection cap is told to wait. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final String path;
    private final Supplier<TransportContext> engine;
    private final AttachmentUploads uploads;

    AttachmentHandler(String path, Supplier<TransportContext> engine, AttachmentUploads uploads) {
        this.path = path;
        this.engine = engine;
        this.uploads = uploads;
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
        TransportContext current = engine.get();
        if (current == null) {
            HttpErrors.write(response, callback, new UnavailableException("the server is not running"));
            return true;
        }
        String remote = String.valueOf(request.getConnectionMetaData().getRemoteSocketAddress());
        if (!current.admitConnection(remote)) {
            HttpErrors.write(response, callback, new RateLimitedException("this address holds the most connections allowed",
                    RETRY_AFTER));
            return true;
        }
        Callback done = Callback.from(callback, () -> current.releaseConnection(remote));
        try {
            Attachments attachments = current.attachments();
            User user = authenticate(attachments, request);
            if (upload) {
                uploads.take(attachments, user, request, response, done);
            } else {
                download(attachments, user, target.substring(path.length() + 1), request, response, done);
            }
        } catch (ChatException e) {
            HttpErrors.write(response, done, e);
        } catch (RuntimeException e) {
            LOG.error("attachment request failed", e);
            HttpErrors.internal(response, done);
        }
        return true;
    }

    private static User authenticate(Attachments attachments, Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new UnauthorizedException("send 'Authorization: Bearer <token>'");
        }
        return attachments.authenticate(header.substring(7).strip());
    }

    private static void download(Attachments attachments, User user, String id, Request request, Response response,
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
        Attachments.Download download = attachments.open(user, attachment, message);
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
}
