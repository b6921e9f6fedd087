package dev.parley.api.event;

import dev.parley.api.Invitation;
import dev.parley.api.User;
import dev.parley.api.UserId;
import java.util.Objects;

/**
 * A group invitation was made, declined or withdrawn. An accepted invitation is announced as a
 * {@link MemberEvent} with {@link MemberEvent.Action#JOINED} instead, as any other join is.
 *
 * @param invitation the invitation, as it was made
 * @param groupName  the group's name when the event happened
 * @param inviter    the user who invited, so that an invitee who is not their friend knows who it is
 * @param actor      who acted: the inviter, the invitee who declined, or whoever withdrew it
 * @param action     what happened
 */
public record InvitationEvent(Invitation invitation, String groupName, User inviter, UserId actor, Action action)
        implements ChatEvent {

    /** What happened to the invitation. */
    public enum Action {
        /** It was made. */
        INVITED,
        /** The invitee declined it. */
        DECLINED,
        /** The inviter, or an owner or admin of the group, took it back. */
        WITHDRAWN
    }

    /** Checks the fields. */
    public InvitationEvent {
        Objects.requireNonNull(invitation, "invitation");
        Objects.requireNonNull(groupName, "groupName");
        Objects.requireNonNull(inviter, "inviter");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
    }
}
