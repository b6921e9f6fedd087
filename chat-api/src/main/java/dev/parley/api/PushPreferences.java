package dev.parley.api;

import java.util.Objects;
import java.util.Set;

/**
 * What a user wants from push notifications. Immutable and thread-safe.
 *
 * @param preview             whether notifications show a preview of the message or a generic text
 * @param mutedConversations  conversations whose messages are never pushed to this user
 * @param mutedSenders        users whose messages are never pushed to this user
 */
public record PushPreferences(Preview preview, Set<ConversationId> mutedConversations, Set<UserId> mutedSenders) {

    /** Whether a notification's body carries a preview of the message. */
    public enum Preview {
        /** As the server is configured: previews unless the server hides them. */
        DEFAULT,
        /** Always a preview. */
        SHOW,
        /** Always the generic text, such as "New message". */
        HIDE
    }

    /** The preferences of a user who set none: the server's preview setting, nothing muted. */
    public static final PushPreferences DEFAULTS = new PushPreferences(Preview.DEFAULT, Set.of(), Set.of());

    /** Checks and copies the fields. */
    public PushPreferences {
        Objects.requireNonNull(preview, "preview");
        mutedConversations = Set.copyOf(mutedConversations);
        mutedSenders = Set.copyOf(mutedSenders);
    }
}
