package dev.parley.api;

/** Where a friendship between two users stands. Blocks are kept apart, as {@link Block}s. */
public enum FriendshipState {
    /** The requester asked, the addressee has not answered. */
    PENDING,
    /** Both are friends. */
    ACCEPTED,
    /** The addressee declined. The requester may ask again later. */
    DECLINED
}
