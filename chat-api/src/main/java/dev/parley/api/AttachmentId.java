package dev.parley.api;

import java.util.regex.Pattern;

/**
 * The id of an uploaded attachment (an image, a voice note or a file) held by a
 * {@link dev.parley.api.spi.BlobStore}.
 *
 * <p>Attachment ids are random and unguessable, chosen by the engine, never by a client. They are
 * restricted to URL-safe characters so that a blob store may use them as keys without escaping;
 * a blob store must still never turn one into a filesystem path directly.
 *
 * @param value 16 to 64 characters from {@code [A-Za-z0-9_-]}
 */
public record AttachmentId(String value) {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    /** Rejects values outside the documented form. */
    public AttachmentId {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("an attachment id is 16 to 64 characters of [A-Za-z0-9_-]");
        }
    }

    /** Returns the id with the given value. */
    public static AttachmentId of(String value) {
        return new AttachmentId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
