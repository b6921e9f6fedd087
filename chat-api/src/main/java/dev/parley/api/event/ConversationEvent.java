package dev.parley.api.event;

import dev.parley.api.Conversation;
import dev.parley.api.UserId;
import java.util.Objects;

/**
 * A conversation was created or renamed.
 *
 * @param conversation the conversation as it is now
 * @param actor        who made the change
 * @param change       what happened
 * @param changeNumber the number of the rename in the conversation's change log, or 0 (for a
 *                     creation, or if unknown)
 */
public record ConversationEvent(Conversation conversation, UserId actor, Change change, long changeNumber)
        implements ChatEvent {

    /** What happened to the conversation. */
    public enum Change {
        /** It was created. */
        CREATED,
        /** Its name changed. */
        RENAMED
    }

    /** Checks the fields. */
    public ConversationEvent {
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(change, "change");
    }

    /** An event without a change number. */
    public ConversationEvent(Conversation conversation, UserId actor, Change change) {
        this(conversation, actor, change, 0);
    }
}
