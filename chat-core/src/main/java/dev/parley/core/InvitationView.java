package dev.parley.core;

import dev.parley.api.Conversation;
import dev.parley.api.Invitation;
import dev.parley.api.User;
import java.util.Objects;

/**
 * A pending invitation with what the invitee needs to decide: the group and who invited them.
 *
 * @param invitation the invitation
 * @param group      the group, as it is now
 * @param inviter    the user who invited
 */
public record InvitationView(Invitation invitation, Conversation group, User inviter) {

    /** Checks the fields. */
    public InvitationView {
        Objects.requireNonNull(invitation, "invitation");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(inviter, "inviter");
    }
}
