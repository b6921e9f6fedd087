package dev.parley.api;

import java.util.Objects;

/**
 * One entry of a user's friend list: the other user, how they stand, and their presence.
 *
 * @param user         the other user
 * @param relationship how the other user stands to the owner of the list
 * @param presence     the other user's presence; {@link Presence#UNKNOWN} unless they are friends
 */
public record FriendView(User user, Relationship relationship, Presence presence) {

    /** Checks the fields. */
    public FriendView {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(relationship, "relationship");
        Objects.requireNonNull(presence, "presence");
    }
}
