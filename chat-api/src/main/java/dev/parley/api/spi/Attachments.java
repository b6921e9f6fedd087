package dev.parley.api.spi;

import dev.parley.api.Attachment;
import dev.parley.api.AttachmentId;
import dev.parley.api.MessageId;
import dev.parley.api.MessageKind;
import dev.parley.api.User;
import java.io.InputStream;
import java.util.Objects;

/**
 * The engine's attachments, as a {@link Transport} that serves them on an endpoint of its own (HTTP
 * beside WebSocket, say) reaches them through {@link TransportContext#attachments()}. Each method
 * applies the engine's rules: who may upload, which content types each kind may carry, the size limit,
 * and who may download. Thread-safe; the upload and download methods read and write the blob store on
 * the calling thread, so a transport calls them from a thread that may block.
 */
public interface Attachments {

    /**
     * The user behind a session token, as a client presents it in an {@code Authorization: Bearer}
     * header.
     *
     * @throws dev.parley.api.UnauthorizedException if the token is unknown, expired or its user disabled
     */
    User authenticate(String token);

    /** The largest upload the engine stores, in bytes; a transport may refuse a larger one before reading it. */
    long maxBytes();

    /**
     * Checks, before a byte of the body is read, that a kind of message may carry this content type,
     * against the engine's configured types.
     *
     * @throws dev.parley.api.BadRequestException      if the kind carries no attachment
     * @throws dev.parley.api.UnsupportedTypeException if the kind may not carry the content type
     */
    void checkType(MessageKind kind, String contentType);

    /**
     * Stores an upload for a message of the given kind.
     *
     * @throws dev.parley.api.UnsupportedTypeException if the kind may not carry the content type
     * @throws dev.parley.api.TooLargeException        if the content exceeds {@link #maxBytes()}
     */
    Attachment upload(User uploader, MessageKind kind, String contentType, InputStream content);

    /**
     * Opens an attachment through a message that references it.
     *
     * @throws dev.parley.api.NotFoundException unless the reader can see the message and it carries
     *                                          this attachment
     */
    Download open(User reader, AttachmentId attachment, MessageId via);

    /**
     * An attachment opened for download.
     *
     * @param info    its type and size
     * @param content its bytes; the caller closes the stream
     */
    record Download(BlobInfo info, InputStream content) {

        /** Checks the fields. */
        public Download {
            Objects.requireNonNull(info, "info");
            Objects.requireNonNull(content, "content");
        }
    }
}
