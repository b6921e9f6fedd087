package dev.parley.core;

import dev.parley.api.Attachment;
import dev.parley.api.AttachmentId;
import dev.parley.api.BadRequestException;
import dev.parley.api.Message;
import dev.parley.api.MessageId;
import dev.parley.api.MessageKind;
import dev.parley.api.NotFoundException;
import dev.parley.api.UnavailableException;
import dev.parley.api.UserId;
import dev.parley.api.spi.Attachments;
import dev.parley.api.spi.BlobInfo;
import dev.parley.api.spi.BlobStore;
import dev.parley.core.internal.AccessPolicy;
import dev.parley.core.internal.TokenDigest;
import java.io.InputStream;

/**
 * Uploads and downloads of attachments. An upload gets a random id the client cannot choose; a
 * download is allowed only through a message the user can see that references the attachment, so
 * only members of a conversation where it was sent can fetch it, and anyone else gets
 * {@code not_found}. Thread-safe; reads and writes the blob store on the calling thread.
 */
public final class AttachmentService {

    private final BlobStore blobs;
    private final AccessPolicy policy;
    private final ChatLimits limits;
    private final AttachmentTypes types;
    private final dev.parley.core.internal.EngineMetrics metrics;

    AttachmentService(BlobStore blobs, AccessPolicy policy, ChatLimits limits, AttachmentTypes types,
                      dev.parley.core.internal.EngineMetrics metrics) {
        this.metrics = metrics;
        this.types = types;
        this.blobs = blobs;
        this.policy = policy;
        this.limits = limits;
    }

    /**
     * Stores an upload for a message of the given kind.
     *
     * @throws dev.parley.api.UnsupportedTypeException if the kind may not carry the content type
     * @throws dev.parley.api.TooLargeException        if the content exceeds the configured maximum
     */
    public Attachment upload(UserId user, MessageKind kind, String contentType, InputStream content) {
        policy.actor(user);
        String type = checkType(kind, contentType);
        BlobInfo info = blobs().put(idFor(user), type, content, limits.maxAttachmentBytes());
        metrics.attachmentIn(info.size());
        return Attachment.of(info.id(), info.mimeType(), info.size());
    }

    /**
     * Checks that a kind of message may carry a content type, against the engine's configured types.
     *
     * @return the normalised type
     * @throws BadRequestException                     if the kind carries no attachment
     * @throws dev.parley.api.UnsupportedTypeException if the kind may not carry the content type
     */
    public String checkType(MessageKind kind, String contentType) {
        if (!kind.needsAttachment()) {
            throw new BadRequestException("only image, voice and file messages carry attachments");
        }
        return types.require(kind, contentType);
    }

    /**
     * Opens an attachment through a message that references it.
     *
     * @throws NotFoundException unless the user can see the message and it carries this attachment
     */
    public Attachments.Download open(UserId user, AttachmentId attachment, MessageId via) {
        Message message;
        try {
            message = policy.visibleMessage(user, via);
        } catch (NotFoundException e) {
            throw new NotFoundException("no such attachment");
        }
        if (message.attachment() == null || !message.attachment().id().equals(attachment)) {
            throw new NotFoundException("no such attachment");
        }
        BlobInfo info = blobs().info(attachment).orElseThrow(() -> new NotFoundException("no such attachment"));
        InputStream content = blobs().open(attachment).orElseThrow(() -> new NotFoundException("no such attachment"));
        metrics.attachmentOut(info.size());
        return new Attachments.Download(info, content);
    }

    /**
     * A new attachment id that names its uploader, {@code u<userId>-<128 random bits>}, so that only the
     * uploader can attach it to a message: someone who merely learned the id, from a message they saw
     * before being kicked, say, cannot re-send it.
     */
    static AttachmentId idFor(UserId uploader) {
        return AttachmentId.of(uploaderPrefix(uploader) + TokenDigest.newId());
    }

    /** The prefix of every attachment id this user uploads. */
    static String uploaderPrefix(UserId uploader) {
        return "u" + uploader.value() + "-";
    }

    private BlobStore blobs() {
        if (blobs == null) {
            throw new UnavailableException("this server keeps no attachments: it has no blob store");
        }
        return blobs;
    }
}
