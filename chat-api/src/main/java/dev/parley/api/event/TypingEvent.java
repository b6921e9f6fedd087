package dev.parley.api.event;

import dev.parley.api.ConversationId;
import dev.parley.api.UserId;
import java.util.Objects;

/**
 * A member started or stopped typing. Ephemeral: never stored.
 *
 * @param conversationId where
 * @param userId         who
 * @param typing         whether they are typing now
 */
public record TypingEvent(ConversationId conversationId, UserId userId, boolean typing) implements ChatEvent {

    /** Checks the fields. */
    public TypingEvent {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(userId, "userId");
    }
}
