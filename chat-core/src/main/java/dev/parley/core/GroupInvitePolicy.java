package dev.parley.core;

/**
 * What happens when a user adds someone to a group, by creating it with members or by inviting them
 * later: they join at once, or they get an invitation they accept or decline. It is the group
 * counterpart of {@link DirectMessagePolicy}, so that a group is no way around "direct messages only
 * between friends".
 *
 * <p>Whatever the policy, a block counts. A user who blocks someone cannot add them
 * ({@code forbidden}). Someone who is blocked by the user they add is answered exactly as if the
 * other had not blocked them, so that the block stays hidden: where a non-friend would be invited,
 * the invitation is stored but never shown to the blocker, and it cannot be accepted while the block
 * stands; where non-friends are refused, they are refused alike.
 *
 * <p>Admins adding members through the administration operations, and host applications calling
 * {@link ConversationService#createGroupAsAdmin} or {@link ConversationService#addMember}, are not
 * bound by this policy.
 */
public enum GroupInvitePolicy {
    /** Friends join at once; anyone else gets an invitation to accept or decline. The default. */
    FRIENDS_JOIN_OTHERS_INVITED,
    /** Anyone joins at once, friend or not: the behaviour before invitations existed. */
    ANYONE_JOINS,
    /** Only friends can be added, and they join at once; adding anyone else is {@code forbidden}. */
    FRIENDS_ONLY
}
