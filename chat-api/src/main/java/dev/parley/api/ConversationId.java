package dev.parley.api;

/**
 * The id of a {@link Conversation}, direct or group.
 *
 * <p>Ids are assigned by the store and are positive. Instances are immutable and thread-safe.
 *
 * @param value the numeric id, positive
 */
public record ConversationId(long value) {

    /** Rejects ids that no store would assign. */
    public ConversationId {
        if (value < 1) {
            throw new IllegalArgumentException("ConversationId must be at least 1: " + value);
        }
    }

    /** Returns the id with the given numeric value. */
    public static ConversationId of(long value) {
        return new ConversationId(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
