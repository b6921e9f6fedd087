package dev.parley.core.internal;

import dev.parley.api.Conversation;
import dev.parley.api.ConversationId;
import dev.parley.api.ConversationType;
import dev.parley.api.ForbiddenException;
import dev.parley.api.FriendshipState;
import dev.parley.api.Member;
import dev.parley.api.MemberRole;
import dev.parley.api.Message;
import dev.parley.api.NotFoundException;
import dev.parley.api.UnauthorizedException;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.spi.ChatStore;
import dev.parley.core.DirectMessagePolicy;
import dev.parley.core.GroupInvitePolicy;

/**
 * Every permission rule of the engine, in one place. Services ask here before they act; nothing else
 * decides who may do what.
 *
 * <p>A conversation or message that exists but is not visible to the user is reported exactly like
 * one that does not exist ({@code not_found}), so that guessing ids reveals nothing. Thread-safe.
 */
public final class AccessPolicy {

    private final ChatStore store;
    private final DirectMessagePolicy directMessages;
    private final GroupInvitePolicy groupInvites;

    /** A policy over the given store. */
    public AccessPolicy(ChatStore store, DirectMessagePolicy directMessages, GroupInvitePolicy groupInvites) {
        this.store = store;
        this.directMessages = directMessages;
        this.groupInvites = groupInvites;
    }

    /** How someone a user adds to a group comes in. */
    public enum Admission {
        /** They join at once. */
        JOIN,
        /** They get an invitation, which they see and may accept or decline. */
        INVITE,
        /**
         * They blocked the user who adds them: an invitation is stored, so that the adder sees what a
         * non-friend's invitation looks like, but the invitee never sees it while the block stands.
         */
        HIDDEN_INVITE
    }

    /** The acting user, who must exist and be enabled. */
    public User actor(UserId user) {
        return store.users().findById(user).filter(User::enabled)
                .orElseThrow(() -> new UnauthorizedException("the account is disabled or no longer exists"));
    }

    /** The acting user, who must be an admin. */
    public User admin(UserId user) {
        User actor = actor(user);
        if (!actor.isAdmin()) {
            throw new ForbiddenException("only admins may do this");
        }
        return actor;
    }

    /** A user someone acts upon, who must exist and be enabled; otherwise {@code not_found}. */
    public User target(UserId user) {
        return store.users().findById(user).filter(User::enabled)
                .orElseThrow(() -> new NotFoundException("no such user"));
    }

    /** The user's membership of a conversation; {@code not_found} if the user is not a member. */
    public Member member(UserId user, ConversationId conversation) {
        return store.conversations().findMember(conversation, user)
                .orElseThrow(() -> new NotFoundException("no such conversation"));
    }

    /** A conversation the user is a member of; {@code not_found} otherwise. */
    public Conversation visibleConversation(UserId user, ConversationId conversation) {
        member(user, conversation);
        return store.conversations().find(conversation)
                .orElseThrow(() -> new NotFoundException("no such conversation"));
    }

    /** A message in a conversation the user is a member of; {@code not_found} otherwise. */
    public Message visibleMessage(UserId user, dev.parley.api.MessageId message) {
        Message found = store.messages().find(message)
                .orElseThrow(() -> new NotFoundException("no such message"));
        if (store.conversations().findMember(found.conversationId(), user).isEmpty()) {
            throw new NotFoundException("no such message");
        }
        return found;
    }

    /** Whether the member may send to the conversation. */
    public void checkCanSend(Conversation conversation, Member member) {
        if (conversation.type() == ConversationType.NOTICES) {
            throw new ForbiddenException("only the system writes to notices");
        }
        if (member.muted()) {
            throw new ForbiddenException("you are muted in this conversation");
        }
        if (conversation.type() == ConversationType.DIRECT) {
            UserId other = store.conversations().members(conversation.id()).stream()
                    .map(Member::userId).filter(u -> !u.equals(member.userId())).findFirst()
                    .orElseThrow(() -> new NotFoundException("no such conversation"));
            checkCanMessageDirectly(member.userId(), other);
        }
    }

    /**
     * Whether one user may message another directly: never across a block, and per the configured policy.
     * A block and a missing friendship get one and the same refusal, so that a blocked user cannot tell
     * that they are blocked: under {@link DirectMessagePolicy#FRIENDS} both are "you can only message
     * friends" (a block ends the friendship, so that is true of both); under
     * {@link DirectMessagePolicy#ANYONE} only a block refuses.
     */
    public void checkCanMessageDirectly(UserId from, UserId to) {
        if (from.equals(to)) {
            throw new ForbiddenException("you cannot message yourself");
        }
        boolean friendsOnly = directMessages == DirectMessagePolicy.FRIENDS;
        if (blockedEitherWay(from, to) || (friendsOnly && !areFriends(from, to))) {
            throw new ForbiddenException(friendsOnly ? "you can only message friends" : "you cannot message this user");
        }
    }

    /** Whether the member may manage the group: invite, kick, mute, rename. */
    public void checkCanManage(Conversation conversation, Member actor) {
        if (!conversation.isGroup()) {
            throw new ForbiddenException("only groups have members to manage");
        }
        if (!actor.role().canManage()) {
            throw new ForbiddenException("only the group's owner and admins may do this");
        }
    }

    /** Whether the actor may kick or mute the target: owners may act on anyone else, admins on members. */
    public void checkCanActOn(Member actor, Member target) {
        if (actor.userId().equals(target.userId())) {
            throw new ForbiddenException("you cannot do this to yourself");
        }
        if (target.role() == MemberRole.OWNER
                || (target.role() == MemberRole.ADMIN && actor.role() != MemberRole.OWNER)) {
            throw new ForbiddenException("you may only do this to members of lower rank");
        }
    }

    /** Whether the actor may change roles: only the owner. */
    public void checkCanChangeRoles(Conversation conversation, Member actor) {
        if (!conversation.isGroup() || actor.role() != MemberRole.OWNER) {
            throw new ForbiddenException("only the group's owner may change roles");
        }
    }

    /**
     * How the actor may bring the user into a group, per the {@link GroupInvitePolicy}; {@code not_found}
     * if the user is not an enabled user, {@code forbidden} if the actor blocks them or the policy
     * refuses. A block by the user is never revealed: they are answered as a non-friend is.
     */
    public Admission admission(UserId actor, UserId user) {
        target(user);
        if (store.friends().isBlocked(actor, user)) {
            throw new ForbiddenException("you cannot add this user");
        }
        boolean blockedBy = store.friends().isBlocked(user, actor);
        // A block ends any friendship, so a user who blocks the actor is never a friend here.
        boolean friends = !blockedBy && areFriends(actor, user);
        return switch (groupInvites) {
            case ANYONE_JOINS -> blockedBy ? Admission.HIDDEN_INVITE : Admission.JOIN;
            case FRIENDS_ONLY -> {
                if (!friends) {
                    throw new ForbiddenException("you can only add friends to a group");
                }
                yield Admission.JOIN;
            }
            case FRIENDS_JOIN_OTHERS_INVITED -> friends ? Admission.JOIN
                    : blockedBy ? Admission.HIDDEN_INVITE : Admission.INVITE;
        };
    }

    /**
     * Whether the invitee may see and answer an invitation: not while either of the two blocks the
     * other, and not once the inviter's account is gone.
     */
    public boolean canSeeInvitation(dev.parley.api.Invitation invitation) {
        return !blockedEitherWay(invitation.inviter(), invitation.invitee())
                && store.users().findById(invitation.inviter()).isPresent();
    }

    /** Whether the user may edit the message: only its sender, and not once deleted. */
    public void checkCanEdit(UserId user, Message message) {
        if (!message.senderId().equals(user)) {
            throw new ForbiddenException("you may only edit your own messages");
        }
        if (message.deleted()) {
            throw new ForbiddenException("a deleted message cannot be edited");
        }
    }

    /** Whether the member may delete the message: its sender, or a group's owner or admin. */
    public void checkCanDelete(Conversation conversation, Member actor, Message message) {
        boolean own = message.senderId().equals(actor.userId());
        boolean moderator = conversation.isGroup() && actor.role().canManage();
        if (!own && !moderator) {
            throw new ForbiddenException("you may only delete your own messages");
        }
    }

    /**
     * Whether a member's typing indicator in a conversation may reach another member. In a direct
     * conversation it never crosses a block, in either direction, just as messages and presence do not;
     * the blocked user is not told. In a group, a block hides nobody's activity.
     */
    public boolean canSignal(Conversation conversation, UserId from, UserId to) {
        return conversation.type() != ConversationType.DIRECT || !blockedEitherWay(from, to);
    }

    /** Whether either user blocks the other. */
    public boolean blockedEitherWay(UserId a, UserId b) {
        return store.friends().isBlocked(a, b) || store.friends().isBlocked(b, a);
    }

    /** Whether the two are accepted friends. */
    public boolean areFriends(UserId a, UserId b) {
        return store.friends().find(a, b).map(f -> f.state() == FriendshipState.ACCEPTED).orElse(false);
    }
}
