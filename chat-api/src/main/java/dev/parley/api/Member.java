package dev.parley.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A user's membership of a conversation.
 *
 * @param conversationId the conversation
 * @param userId         the member
 * @param role           owner, admin or member
 * @param muted          whether the member is muted and so may not send
 * @param joinedAt       when the user joined
 */
public record Member(ConversationId conversationId, UserId userId, MemberRole role, boolean muted,
                     Instant joinedAt) {

    /** Checks the fields. */
    public Member {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(joinedAt, "joinedAt");
    }

    /** Returns a copy with another role. */
    public Member withRole(MemberRole newRole) {
        return new Member(conversationId, userId, newRole, muted, joinedAt);
    }

    /** Returns a copy that is muted or not. */
    public Member withMuted(boolean newMuted) {
        return new Member(conversationId, userId, role, newMuted, joinedAt);
    }
}
