package dev.parley.core;

import dev.parley.api.MessageKind;
import dev.parley.api.UnsupportedTypeException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which content types each kind of attachment message may carry. Checked at upload and again when a
 * message references the attachment, so that, say, an HTML file cannot pass as an image.
 */
public final class AttachmentTypes {

    private static final Map<MessageKind, Set<String>> ALLOWED = Map.of(
            MessageKind.IMAGE, Set.of("image/png", "image/jpeg", "image/gif", "image/webp", "image/heic"),
            MessageKind.VOICE, Set.of("audio/ogg", "audio/mpeg", "audio/mp4", "audio/aac", "audio/webm",
                    "audio/wav", "audio/opus"),
            MessageKind.FILE, Set.of("application/pdf", "application/zip", "application/octet-stream",
                    "text/plain", "text/csv", "application/json", "image/png", "image/jpeg", "image/gif",
                    "image/webp", "audio/ogg", "audio/mpeg", "audio/mp4", "video/mp4", "video/webm",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "application/vnd.openxmlformats-officedocument.presentationml.presentation"));

    private AttachmentTypes() {
    }

    /** The content type without parameters, in lower case: {@code Image/PNG; q=1} becomes {@code image/png}. */
    public static String normalise(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        String bare = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return bare.strip().toLowerCase(Locale.ROOT);
    }

    /** The types a kind may carry; empty for kinds without attachments. */
    public static Set<String> allowed(MessageKind kind) {
        return ALLOWED.getOrDefault(kind, Set.of());
    }

    /**
     * Checks a content type against a kind.
     *
     * @return the normalised type
     * @throws UnsupportedTypeException if the kind may not carry it
     */
    public static String check(MessageKind kind, String contentType) {
        String type = normalise(contentType);
        if (!allowed(kind).contains(type)) {
            throw new UnsupportedTypeException("a " + kind.name().toLowerCase(Locale.ROOT)
                    + " may not be of type '" + type + "'");
        }
        return type;
    }
}
