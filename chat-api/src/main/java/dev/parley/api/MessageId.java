package dev.parley.api;

/**
 * The server-assigned id of a {@link Message}, unique across all conversations.
 *
 * <p>Ids are assigned by the store and are positive. Instances are immutable and thread-safe.
 *
 * @param value the numeric id, positive
 */
public record MessageId(long value) {

    /** Rejects ids that no store would assign. */
    public MessageId {
        if (value < 1) {
            throw new IllegalArgumentException("MessageId must be at least 1: " + value);
        }
    }

    /** Returns the id with the given numeric value. */
    public static MessageId of(long value) {
        return new MessageId(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
