package dev.parley.api.spi;

import dev.parley.api.AttachmentId;
import java.io.InputStream;
import java.util.Optional;

/**
 * Holds the bytes of attachments: images, voice notes and files. The engine checks who may upload
 * and download; the blob store only keeps bytes under ids the engine chose.
 *
 * <p>An id must never become a filesystem path as it is: an implementation on a filesystem derives
 * its own file names. Thread-safe.
 */
public interface BlobStore extends ChatExtension {

    /**
     * Stores the content under the given id, reading at most one byte past {@code maxBytes}. The
     * caller closes the stream. The store stamps the blob with its own clock.
     *
     * @param maxBytes the most bytes to accept, not negative
     * @throws dev.parley.api.TooLargeException if the content is longer than {@code maxBytes}; nothing
     *                                          is kept then
     * @throws dev.parley.api.ConflictException if the id is taken
     */
    BlobInfo put(AttachmentId id, String mimeType, InputStream content, long maxBytes);

    /** What is known of a blob, if it exists. */
    Optional<BlobInfo> info(AttachmentId id);

    /** Opens a blob's content for reading, if it exists. The caller closes the stream. */
    Optional<InputStream> open(AttachmentId id);

    /** Deletes a blob; returns whether it existed. */
    boolean delete(AttachmentId id);
}
