package dev.parley.api;

/**
 * The id of a {@link User}. The value {@code 0} is reserved for {@link #SYSTEM}, the sender of system notices.
 *
 * <p>Ids are assigned by the store and are positive. Instances are immutable and thread-safe.
 *
 * @param value the numeric id, positive (or 0 for the system)
 */
public record UserId(long value) {

    /** The sender of system notices and of messages sent by the host application itself. */
    public static final UserId SYSTEM = new UserId(0);

    /** Rejects ids that no store would assign. */
    public UserId {
        if (value < 0) {
            throw new IllegalArgumentException("UserId must be at least 0: " + value);
        }
    }

    /** Returns the id with the given numeric value. */
    public static UserId of(long value) {
        return new UserId(value);
    }

    /** Whether this is {@link #SYSTEM}. */
    public boolean isSystem() {
        return value == 0;
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
