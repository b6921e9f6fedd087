package dev.parley.api.spi;

import dev.parley.api.AttachmentId;
import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link BlobStore} knows of a stored blob.
 *
 * @param id        the attachment id
 * @param mimeType  the content type given at upload
 * @param size      the size in bytes
 * @param createdAt when it was stored
 */
public record BlobInfo(AttachmentId id, String mimeType, long size, Instant createdAt) {

    /** Checks the fields. */
    public BlobInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
