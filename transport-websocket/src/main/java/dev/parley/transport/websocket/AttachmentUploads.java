package dev.parley.transport.websocket;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Attachment;
import dev.parley.api.BadRequestException;
import dev.parley.api.ChatException;
import dev.parley.api.ErrorCode;
import dev.parley.api.MessageKind;
import dev.parley.api.RateLimitedException;
import dev.parley.api.TooLargeException;
import dev.parley.api.User;
import dev.parley.api.spi.Attachments;
import dev.parley.api.spi.ConcurrencyLimit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload side of the attachment endpoint, {@code POST /attachments?kind=...}: checks what it can
 * before reading a byte (kind, content type, announced length), holds one of the concurrent uploads that
 * the uploader's address and the uploader may have, reads the body as it arrives ({@link UploadBody}) under
 * the upload idle timeout, and stores it once whole. Thread-safe.
 */
final class AttachmentUploads {

    private static final Logger LOG = LoggerFactory.getLogger(AttachmentUploads.class);
    /** What a client over an upload cap is told to wait: a place frees when any upload ends. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final Duration idleTimeout;
    private final ConcurrencyLimit perAddress;
    private final ConcurrencyLimit perUser;

    AttachmentUploads(Duration idleTimeout, int maxPerAddress, int maxPerUser) {
        this.idleTimeout = idleTimeout;
        this.perAddress = new ConcurrencyLimit(maxPerAddress);
        this.perUser = new ConcurrencyLimit(maxPerUser);
    }

    /**
     * Takes an authenticated upload. Answers through {@code done} once the body is stored or refused;
     * throws a {@link ChatException} for what is refused before the body is read.
     */
    void take(Attachments attachments, User user, Request request, Response response, Callback done) {
        MessageKind kind = kind(Request.extractQueryParameters(request).getValue("kind"));
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        attachments.checkType(kind, contentType);
        long max = attachments.maxBytes();
        if (request.getLength() > max) {
            throw new TooLargeException("an attachment is at most " + max + " bytes");
        }
        String address = Request.getRemoteAddr(request);
        String uploader = String.valueOf(user.id().value());
        if (!perAddress.tryAcquire(address)) {
            throw new RateLimitedException("at most " + perAddress.max() + " uploads at once from one address",
                    RETRY_AFTER);
        }
        if (!perUser.tryAcquire(uploader)) {
            perAddress.release(address);
            throw new RateLimitedException("at most " + perUser.max() + " uploads at once per user", RETRY_AFTER);
        }
        Callback finished = Callback.from(done, () -> {
            perUser.release(uploader);
            perAddress.release(address);
        });
        IdleTimeout timeout = IdleTimeout.during(request, idleTimeout);
        new UploadBody(request, max, new Promise<>() {
            @Override
            public void succeeded(UploadBody body) {
                timeout.restore();
                store(attachments, user, kind, contentType, body, response, finished);
            }

            @Override
            public void failed(Throwable failure) {
                timeout.restore();
                brokeOff(failure, request, response, finished);
            }
        }).run();
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

    private static void store(Attachments attachments, User user, MessageKind kind, String contentType, UploadBody body,
                              Response response, Callback finished) {
        try (InputStream content = body.content()) {
            Attachment stored = attachments.upload(user, kind, contentType, content);
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            ObjectNode attachment = json.putObject("attachment");
            attachment.put("id", stored.id().value());
            attachment.put("mimeType", stored.mimeType());
            attachment.put("size", stored.size());
            HttpErrors.write(response, finished, 201, json);
        } catch (ChatException e) {
            HttpErrors.write(response, finished, e);
        } catch (IOException | RuntimeException e) {
            LOG.error("could not store an upload", e);
            HttpErrors.internal(response, finished);
        } finally {
            body.discard();
        }
    }

    /**
     * Answers an upload whose body did not arrive whole: the client's fault (too large, stalled, broken
     * off), unless buffering it failed here.
     */
    private void brokeOff(Throwable failure, Request request, Response response, Callback finished) {
        if (failure instanceof ChatException e) {
            HttpErrors.write(response, finished, e);
        } else if (failure instanceof TimeoutException) {
            HttpErrors.write(response, finished, 408, ErrorCode.BAD_REQUEST, "the upload stalled: nothing arrived for "
                    + idleTimeout.toMillis() + " ms", null);
        } else if (failure instanceof IOException || failure instanceof HttpException) {
            long declared = request.getLength();
            HttpErrors.write(response, finished, new BadRequestException("the upload broke off"
                    + (declared >= 0 ? " before the " + declared + " bytes it announced" : "")));
        } else {
            LOG.error("could not receive an upload", failure instanceof UncheckedIOException u ? u.getCause() : failure);
            HttpErrors.internal(response, finished);
        }
    }

    /**
     * The upload idle timeout on an HTTP/1 connection for as long as a body is read, whatever the
     * connection's own is, which it gets back for the next request on it. An HTTP/2 connection, which only
     * an application's own server can have, carries other streams too: it keeps the application's.
     */
    private record IdleTimeout(EndPoint endPoint, long previous) {

        static IdleTimeout during(Request request, Duration timeout) {
            if (request.getConnectionMetaData().getHttpVersion().getVersion() >= HttpVersion.HTTP_2.getVersion()) {
                return new IdleTimeout(null, 0);
            }
            EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
            IdleTimeout previous = new IdleTimeout(endPoint, endPoint.getIdleTimeout());
            endPoint.setIdleTimeout(timeout.toMillis());
            return previous;
        }

        void restore() {
            if (endPoint != null) {
                endPoint.setIdleTimeout(previous);
            }
        }
    }
}
