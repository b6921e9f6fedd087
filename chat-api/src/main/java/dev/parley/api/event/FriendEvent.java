package dev.parley.api.event;

import dev.parley.api.UserId;
import java.util.Objects;

/**
 * A friendship changed. Blocks are not announced to the blocked user.
 *
 * @param actor  the user who acted
 * @param other  the other user
 * @param action what the actor did
 */
public record FriendEvent(UserId actor, UserId other, Action action) implements ChatEvent {

    /** What the actor did. */
    public enum Action {
        /** Sent a friend request to the other user. */
        REQUESTED,
        /** Accepted the other user's request. */
        ACCEPTED,
        /** Declined the other user's request. */
        DECLINED,
        /** Ended the friendship, or withdrew a request. */
        REMOVED
    }

    /** Checks the fields. */
    public FriendEvent {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(other, "other");
        Objects.requireNonNull(action, "action");
    }
}
