package dev.parley.core;

import dev.parley.api.MessageKind;
import dev.parley.api.UnsupportedTypeException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which content types each kind of attachment message may carry. Checked at upload and again when a
 * message references the attachment, so that, say, an HTML file cannot pass as an image.
 *
 * <p>An engine uses {@link #defaults()} unless given others with
 * {@link ChatEngineBuilder#attachmentTypes(AttachmentTypes)}; change one kind's list with
 * {@link #with(MessageKind, Set)}. Immutable and thread-safe.
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

    private static final AttachmentTypes DEFAULTS = new AttachmentTypes(ALLOWED);

    private final Map<MessageKind, Set<String>> types;

    private AttachmentTypes(Map<MessageKind, Set<String>> types) {
        this.types = Map.copyOf(types);
    }

    /** The built-in lists: common picture, audio, document, archive and video types. */
    public static AttachmentTypes defaults() {
        return DEFAULTS;
    }

    /**
     * A copy in which one kind may carry exactly these content types (normalised with
     * {@link #normalise(String)}).
     *
     * @throws IllegalArgumentException if the kind carries no attachment, or the list is empty
     */
    public AttachmentTypes with(MessageKind kind, Set<String> contentTypes) {
        if (!ALLOWED.containsKey(kind)) {
            throw new IllegalArgumentException("a " + kind.name().toLowerCase(Locale.ROOT) + " carries no attachment");
        }
        Set<String> normalised = new java.util.TreeSet<>();
        contentTypes.forEach(t -> normalised.add(normalise(t)));
        normalised.remove("");
        if (normalised.isEmpty()) {
            throw new IllegalArgumentException("a " + kind.name().toLowerCase(Locale.ROOT) + " needs at least one type");
        }
        Map<MessageKind, Set<String>> copy = new java.util.EnumMap<>(MessageKind.class);
        copy.putAll(types);
        copy.put(kind, Set.copyOf(normalised));
        return new AttachmentTypes(copy);
    }

    /** The types this kind may carry; empty for kinds without attachments. */
    public Set<String> typesFor(MessageKind kind) {
        return types.getOrDefault(kind, Set.of());
    }

    /**
     * Checks a content type against a kind.
     *
     * @return the normalised type
     * @throws UnsupportedTypeException if the kind may not carry it
     */
    public String require(MessageKind kind, String contentType) {
        String type = normalise(contentType);
        if (!typesFor(kind).contains(type)) {
            throw new UnsupportedTypeException("a " + kind.name().toLowerCase(Locale.ROOT)
                    + " may not be of type '" + type + "'");
        }
        return type;
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

    /** The types a kind may carry by {@linkplain #defaults() default}; empty for kinds without attachments. */
    public static Set<String> allowed(MessageKind kind) {
        return DEFAULTS.typesFor(kind);
    }

    /**
     * Checks a content type against a kind's {@linkplain #defaults() default} types.
     *
     * @return the normalised type
     * @throws UnsupportedTypeException if the kind may not carry it
     */
    public static String check(MessageKind kind, String contentType) {
        return DEFAULTS.require(kind, contentType);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AttachmentTypes that && types.equals(that.types);
    }

    @Override
    public int hashCode() {
        return types.hashCode();
    }
}
