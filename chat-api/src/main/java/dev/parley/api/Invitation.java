package dev.parley.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A pending invitation to a group: the invitee is not a member until they accept it. There is at most
 * one invitation per group and invitee, whoever made it.
 *
 * @param conversationId the group
 * @param invitee        the user invited
 * @param inviter        the user who invited them
 * @param createdAt      when the invitation was made
 */
public record Invitation(ConversationId conversationId, UserId invitee, UserId inviter, Instant createdAt) {

    /** Checks the fields. */
    public Invitation {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(invitee, "invitee");
        Objects.requireNonNull(inviter, "inviter");
        Objects.requireNonNull(createdAt, "createdAt");
        if (invitee.equals(inviter)) {
            throw new IllegalArgumentException("a user cannot invite themselves");
        }
    }
}
