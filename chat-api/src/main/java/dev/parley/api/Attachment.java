package dev.parley.api;

import java.util.Objects;

/**
 * A message's reference to an uploaded blob, with what clients need to show it before downloading.
 *
 * @param id         the blob's id in the {@link dev.parley.api.spi.BlobStore}
 * @param mimeType   the content type, for example {@code image/png}
 * @param size       the size in bytes
 * @param name       the original file name, or null
 * @param width      an image's width in pixels, or null
 * @param height     an image's height in pixels, or null
 * @param durationMs a voice note's length in milliseconds, or null
 */
public record Attachment(AttachmentId id, String mimeType, long size, String name, Integer width,
                         Integer height, Integer durationMs) {

    /** Checks the fields. */
    public Attachment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(mimeType, "mimeType");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
    }

    /** An attachment with only the required fields. */
    public static Attachment of(AttachmentId id, String mimeType, long size) {
        return new Attachment(id, mimeType, size, null, null, null, null);
    }
}
