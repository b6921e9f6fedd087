package dev.parley.api.event;

import dev.parley.api.ConversationId;
import dev.parley.api.MemberRole;
import dev.parley.api.UserId;
import java.util.Objects;

/**
 * A group's membership changed.
 *
 * @param conversationId the group
 * @param actor          who made the change
 * @param member         whose membership changed
 * @param action         what happened
 * @param role           the member's role after the change, or null if they are no longer a member
 * @param change         the number of the membership's latest change in the conversation's change log
 *                       when the event was sent, or 0 if unknown
 */
public record MemberEvent(ConversationId conversationId, UserId actor, UserId member, Action action,
                          MemberRole role, long change) implements ChatEvent {

    /** What happened to the membership. */
    public enum Action {
        /** The member was added (by an invite, an accepted invitation, or by creating the group). */
        JOINED,
        /** The member left. */
        LEFT,
        /** The member was removed by an owner or admin. */
        KICKED,
        /** The member's role changed. */
        ROLE_CHANGED,
        /** The member was muted and may not send. */
        MUTED,
        /** The member was unmuted. */
        UNMUTED
    }

    /** Checks the fields. */
    public MemberEvent {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(action, "action");
    }

    /** An event without a change number. */
    public MemberEvent(ConversationId conversationId, UserId actor, UserId member, Action action, MemberRole role) {
        this(conversationId, actor, member, action, role, 0);
    }
}
