package dev.parley.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A conversation: direct, group or notices. Messages in a conversation carry their own gapless
 * sequence numbers.
 *
 * @param id        the store-assigned id
 * @param type      direct, group or notices
 * @param name      the group's name; null for direct and notices conversations
 * @param createdBy the user who created it (for a direct conversation, the first sender; for
 *                  notices, the user they belong to)
 * @param createdAt when it was created
 */
public record Conversation(ConversationId id, ConversationType type, String name, UserId createdBy,
                           Instant createdAt) {

    /** Checks the fields. */
    public Conversation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
        if (type == ConversationType.GROUP && name == null) {
            throw new IllegalArgumentException("a group has a name");
        }
    }

    /** Whether this is a group. */
    public boolean isGroup() {
        return type == ConversationType.GROUP;
    }

    /** Returns a copy with another name. */
    public Conversation withName(String newName) {
        return new Conversation(id, type, newName, createdBy, createdAt);
    }
}
