package dev.parley.api;

import java.time.Instant;
import java.util.Objects;

/**
 * The friendship between two users, which has a direction: the requester asked the addressee. There
 * is at most one friendship per pair of users, whichever asked.
 *
 * @param requester the user who sent the request
 * @param addressee the user who received it
 * @param state     where it stands
 * @param createdAt when the request was made
 * @param updatedAt when the state last changed
 */
public record Friendship(UserId requester, UserId addressee, FriendshipState state, Instant createdAt,
                         Instant updatedAt) {

    /** Checks the fields. */
    public Friendship {
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(addressee, "addressee");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (requester.equals(addressee)) {
            throw new IllegalArgumentException("a user cannot befriend themselves");
        }
    }

    /** Whether the given user is one of the two. */
    public boolean involves(UserId user) {
        return requester.equals(user) || addressee.equals(user);
    }

    /** Returns the user on the other side from the given one. */
    public UserId other(UserId user) {
        if (requester.equals(user)) {
            return addressee;
        }
        if (addressee.equals(user)) {
            return requester;
        }
        throw new IllegalArgumentException(user + " is not part of this friendship");
    }

    /** Returns a copy in another state, changed at the given time. */
    public Friendship withState(FriendshipState newState, Instant at) {
        return new Friendship(requester, addressee, newState, createdAt, at);
    }
}
