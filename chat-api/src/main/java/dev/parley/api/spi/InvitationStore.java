package dev.parley.api.spi;

import dev.parley.api.ConversationId;
import dev.parley.api.Invitation;
import dev.parley.api.UserId;
import java.util.List;
import java.util.Optional;

/**
 * Stores pending group invitations, at most one per group and invitee. The engine decides who may
 * invite whom and turns an accepted invitation into a membership; the store only keeps the open
 * invitations, so that an invitee who was offline finds them when they come back. Thread-safe.
 */
public interface InvitationStore {

    /**
     * Stores an invitation; returns false, changing nothing, if the invitee already has one to that
     * group. Concurrent calls for the same group and invitee store exactly one.
     */
    boolean save(Invitation invitation);

    /** Finds the invitation of one user to one group. */
    Optional<Invitation> find(ConversationId conversation, UserId invitee);

    /** Deletes the invitation of one user to one group; returns whether there was one. */
    boolean delete(ConversationId conversation, UserId invitee);

    /** Lists a user's pending invitations, in the order of their groups' ids. */
    List<Invitation> listFor(UserId invitee);

    /** Lists a group's pending invitations, oldest first (by invitee id among equal times). */
    List<Invitation> listFor(ConversationId conversation);

    /** Counts a group's pending invitations. */
    int count(ConversationId conversation);
}
