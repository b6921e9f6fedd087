package dev.parley.api.event;

import dev.parley.api.Message;
import java.util.Objects;

/**
 * A stored message changed: it was edited, deleted, or its reactions changed.
 *
 * @param message the message as it is now
 * @param change  what changed
 */
public record MessageUpdatedEvent(Message message, Change change) implements ChatEvent {

    /** What changed in a message. */
    public enum Change {
        /** The sender edited the text. */
        EDITED,
        /** The sender, or a group admin, deleted it. */
        DELETED,
        /** A reaction was added or removed. */
        REACTIONS
    }

    /** Checks the fields. */
    public MessageUpdatedEvent {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(change, "change");
    }
}
