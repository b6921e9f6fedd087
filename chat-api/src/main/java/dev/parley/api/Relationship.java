package dev.parley.api;

/** How another user stands to a given user, as a friend list shows it. */
public enum Relationship {
    /** Accepted friends. */
    FRIEND,
    /** The given user asked the other, who has not answered. */
    REQUEST_SENT,
    /** The other user asked the given user, who has not answered. */
    REQUEST_RECEIVED,
    /** The given user blocks the other. */
    BLOCKED
}
