package dev.parley.core;

import dev.parley.api.BadRequestException;
import dev.parley.api.ConflictException;
import dev.parley.api.Conversation;
import dev.parley.api.ConversationId;
import dev.parley.api.Cursor;
import dev.parley.api.ForbiddenException;
import dev.parley.api.Invitation;
import dev.parley.api.Member;
import dev.parley.api.MemberRole;
import dev.parley.api.NotFoundException;
import dev.parley.api.TooLargeException;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.event.ConversationEvent;
import dev.parley.api.event.InvitationEvent;
import dev.parley.api.event.MemberEvent;
import dev.parley.api.spi.ChatStore;
import dev.parley.core.internal.AccessPolicy;
import dev.parley.core.internal.AccessPolicy.Admission;
import dev.parley.core.internal.EventDispatcher;
import dev.parley.core.internal.InputRules;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Conversations: the list a user sees, and groups with their members and roles.
 *
 * <p>Direct conversations are not created here: the first message between two users creates theirs
 * (see {@link MessageService#sendDirect}). In a group, the owner and admins invite, kick, mute and
 * rename; only the owner changes roles; an admin cannot act on another admin. Every member's live
 * sessions hear about membership changes, and so does a member who was removed.
 *
 * <p>Whom a user adds to a group joins at once or gets an invitation, as the
 * {@link GroupInvitePolicy} says. An invitee is not a member: they see the group's name and who
 * invited them, nothing else, until they {@link #accept} it; they may also {@link #decline} it, and
 * the inviter or the group's owner and admins may {@link #uninvite} them. Pending invitations count
 * towards the group's maximum size. Thread-safe.
 */
public final class ConversationService {

    /** How many times a conversation's view reads its unread count before it takes what it has. */
    private static final int VIEW_ATTEMPTS = 3;

    private final ChatStore store;
    private final AccessPolicy policy;
    private final InputRules rules;
    private final EventDispatcher events;
    private final ChatLimits limits;
    private final Clock clock;

    ConversationService(ChatStore store, AccessPolicy policy, InputRules rules, EventDispatcher events,
                        ChatLimits limits, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.rules = rules;
        this.events = events;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Creates a group owned by {@code owner}, as that user does: each of the given users joins at once
     * or is sent an invitation, as the {@link GroupInvitePolicy} says. Every user is checked before
     * anything is stored, so a refusal creates nothing.
     *
     * @throws NotFoundException  if a member is not an enabled user
     * @throws TooLargeException  if the group, counting its invitations, would exceed the maximum size
     * @throws ForbiddenException if the owner blocks a member, or the policy refuses one
     */
    public Conversation createGroup(UserId owner, String name, Collection<UserId> members) {
        return create(owner, name, members, false);
    }

    /**
     * Creates a group owned by {@code owner} with the given users as members at once, as an admin or
     * the host application does: the {@link GroupInvitePolicy} does not apply, but a block between the
     * owner and a member still refuses it.
     *
     * @throws NotFoundException  if a member is not an enabled user
     * @throws TooLargeException  if the group would exceed the maximum size
     * @throws ForbiddenException if a member blocks the owner or is blocked by them
     */
    public Conversation createGroupAsAdmin(UserId owner, String name, Collection<UserId> members) {
        return create(owner, name, members, true);
    }

    private Conversation create(UserId owner, String name, Collection<UserId> members, boolean asAdmin) {
        policy.actor(owner);
        String groupName = rules.name(name, "group name");
        Set<UserId> added = new LinkedHashSet<>(members);
        added.remove(owner);
        checkSize(1 + added.size());
        Map<UserId, Admission> admissions = new LinkedHashMap<>();
        for (UserId member : added) {
            admissions.put(member, asAdmin ? adminAdmission(owner, member) : policy.admission(owner, member));
        }
        Instant now = clock.instant();
        Conversation group = store.conversations().createGroup(groupName, owner, now);
        List<Invitation> invitations = new ArrayList<>();
        admissions.forEach((member, admission) -> {
            if (admission == Admission.JOIN) {
                store.conversations().addMember(new Member(group.id(), member, MemberRole.MEMBER, false, now));
            } else {
                Invitation invitation = new Invitation(group.id(), member, owner, now);
                store.invitations().save(invitation);
                invitations.add(invitation);
            }
        });
        events.publish(memberIds(group.id()), new ConversationEvent(group, owner, ConversationEvent.Change.CREATED));
        for (Invitation invitation : invitations) {
            announceInvitation(invitation, group, admissions.get(invitation.invitee()));
        }
        return group;
    }

    /**
     * Adds a user to a group, as an owner or admin of it does: they join at once, or are sent an
     * invitation, as the {@link GroupInvitePolicy} says. A user with a pending invitation whom the
     * policy now lets join (because the two became friends) joins at once.
     *
     * @throws ConflictException  if the user is already a member, or already invited
     * @throws TooLargeException  if the group, counting its invitations, is full
     * @throws ForbiddenException if the actor may not manage the group, blocks the user, or the policy
     *                            refuses them
     */
    public InviteOutcome invite(UserId actor, ConversationId groupId, UserId user) {
        Conversation group = manageable(actor, groupId);
        Admission admission = policy.admission(actor, user);
        if (store.conversations().findMember(groupId, user).isPresent()) {
            throw new ConflictException("already a member");
        }
        boolean invited = store.invitations().find(groupId, user).isPresent();
        if (invited && admission != Admission.JOIN) {
            throw new ConflictException("already invited");
        }
        if (!invited) {
            checkRoom(groupId, 1);
        }
        Instant now = clock.instant();
        if (admission == Admission.JOIN) {
            Member member = join(actor, groupId, user, now);
            store.invitations().delete(groupId, user);
            return new InviteOutcome(member, null);
        }
        Invitation invitation = new Invitation(groupId, user, actor, now);
        if (!store.invitations().save(invitation)) {
            throw new ConflictException("already invited");
        }
        announceInvitation(invitation, group, admission);
        return new InviteOutcome(null, invitation);
    }

    /**
     * Adds a user to a group at once, acting as {@code actor} (the group's owner, when an admin does
     * it): the {@link GroupInvitePolicy} does not apply, but a block between the two still refuses it.
     * A pending invitation of the user is used up.
     *
     * @throws ConflictException  if the user is already a member
     * @throws ForbiddenException if the actor may not manage the group, or a block stands between them
     */
    public Member addMember(UserId actor, ConversationId groupId, UserId user) {
        manageable(actor, groupId);
        adminAdmission(actor, user);
        boolean invited = store.invitations().find(groupId, user).isPresent();
        if (!invited && store.conversations().findMember(groupId, user).isEmpty()) {
            checkRoom(groupId, 1);
        }
        Member member = join(actor, groupId, user, clock.instant());
        store.invitations().delete(groupId, user);
        return member;
    }

    /** The user's pending invitations that they may see, in the order of their groups' ids. */
    public List<InvitationView> invitations(UserId user) {
        policy.actor(user);
        List<InvitationView> views = new ArrayList<>();
        for (Invitation invitation : store.invitations().listFor(user)) {
            if (policy.canSeeInvitation(invitation)) {
                view(invitation).ifPresent(views::add);
            }
        }
        return views;
    }

    /**
     * A group's pending invitations, oldest first, for its owner and admins. Invitations hidden from
     * a blocking invitee are listed too, so that the group's side cannot tell them apart.
     */
    public List<InvitationView> groupInvitations(UserId actor, ConversationId groupId) {
        manageable(actor, groupId);
        List<InvitationView> views = new ArrayList<>();
        store.invitations().listFor(groupId).forEach(i -> view(i).ifPresent(views::add));
        return views;
    }

    /**
     * Accepts an invitation: the user joins the group as a member, and everyone in it hears of it as
     * of any join, with the inviter as the actor.
     *
     * @throws NotFoundException if the user has no invitation to the group that they may see
     * @throws TooLargeException if the group is full
     */
    public Member accept(UserId user, ConversationId groupId) {
        policy.actor(user);
        Invitation invitation = visibleInvitation(user, groupId);
        if (store.conversations().findMember(groupId, user).isPresent()) {
            store.invitations().delete(groupId, user);
            throw new ConflictException("already a member");
        }
        // The invitation was counted when it was made; this catches only a group filled by admins since.
        if (store.conversations().countMembers(groupId) >= limits.maxGroupSize()) {
            throw new TooLargeException("a group has at most " + limits.maxGroupSize() + " members");
        }
        Member member = join(invitation.inviter(), groupId, user, clock.instant());
        store.invitations().delete(groupId, user);
        return member;
    }

    /**
     * Declines an invitation. Only the invitee's own sessions hear of it; the inviter is not told,
     * though the invitation is gone from the group's list, as a withdrawn one would be.
     *
     * @throws NotFoundException if the user has no invitation to the group that they may see
     */
    public void decline(UserId user, ConversationId groupId) {
        policy.actor(user);
        Invitation invitation = visibleInvitation(user, groupId);
        if (store.invitations().delete(groupId, user)) {
            view(invitation).ifPresent(v -> events.publish(List.of(user),
                    new InvitationEvent(invitation, v.group().name(), v.inviter(), user, InvitationEvent.Action.DECLINED)));
        }
    }

    /**
     * Withdraws an invitation: its inviter may, and so may the group's owner and admins. The invitee
     * hears of it, unless the invitation was hidden from them.
     *
     * @throws NotFoundException  if the actor is not in the group, or the user has no invitation to it
     * @throws ForbiddenException if the actor neither made the invitation nor manages the group
     */
    public void uninvite(UserId actor, ConversationId groupId, UserId user) {
        policy.actor(actor);
        Conversation group = policy.visibleConversation(actor, groupId);
        Member acting = policy.member(actor, groupId);
        Invitation invitation = store.invitations().find(groupId, user)
                .orElseThrow(() -> new NotFoundException("no such invitation"));
        if (!invitation.inviter().equals(actor) && !(group.isGroup() && acting.role().canManage())) {
            throw new ForbiddenException("only the inviter and the group's owner and admins may withdraw an invitation");
        }
        if (store.invitations().delete(groupId, user)) {
            List<UserId> told = new ArrayList<>(List.of(actor));
            if (policy.canSeeInvitation(invitation)) {
                told.add(user);
            }
            view(invitation).ifPresent(v -> events.publish(told,
                    new InvitationEvent(invitation, v.group().name(), v.inviter(), actor, InvitationEvent.Action.WITHDRAWN)));
        }
    }

    /**
     * Leaves a group. If the owner leaves, the longest-standing admin, or else member, becomes owner.
     */
    public void leave(UserId user, ConversationId groupId) {
        Conversation group = policy.visibleConversation(user, groupId);
        if (!group.isGroup()) {
            throw new ForbiddenException("only groups can be left");
        }
        Member leaving = policy.member(user, groupId);
        List<UserId> before = memberIds(groupId);
        store.conversations().removeMember(groupId, user);
        events.publish(before, new MemberEvent(groupId, user, user, MemberEvent.Action.LEFT, null,
                memberChange(groupId, user)));
        if (leaving.role() == MemberRole.OWNER) {
            handOver(groupId, user);
        }
    }

    private void handOver(ConversationId groupId, UserId formerOwner) {
        List<Member> rest = store.conversations().members(groupId);
        Optional<Member> heir = rest.stream()
                .min(Comparator.comparing((Member m) -> m.role() == MemberRole.ADMIN ? 0 : 1)
                        .thenComparing(Member::joinedAt));
        heir.ifPresent(m -> {
            store.conversations().updateMember(m.withRole(MemberRole.OWNER));
            events.publish(memberIds(groupId),
                    new MemberEvent(groupId, formerOwner, m.userId(), MemberEvent.Action.ROLE_CHANGED, MemberRole.OWNER,
                            memberChange(groupId, m.userId())));
        });
    }

    /** Removes a member from a group. The member's live sessions stop receiving its messages at once. */
    public void kick(UserId actor, ConversationId groupId, UserId user) {
        Conversation group = policy.visibleConversation(actor, groupId);
        Member acting = policy.member(actor, groupId);
        policy.checkCanManage(group, acting);
        Member target = store.conversations().findMember(groupId, user)
                .orElseThrow(() -> new NotFoundException("not a member"));
        policy.checkCanActOn(acting, target);
        List<UserId> before = memberIds(groupId);
        store.conversations().removeMember(groupId, user, dev.parley.api.ChangeKind.KICKED);
        events.publish(before, new MemberEvent(groupId, actor, user, MemberEvent.Action.KICKED, null,
                memberChange(groupId, user)));
    }

    /** Mutes or unmutes a member: a muted member stays in the group but may not send. */
    public Member mute(UserId actor, ConversationId groupId, UserId user, boolean muted) {
        Conversation group = policy.visibleConversation(actor, groupId);
        Member acting = policy.member(actor, groupId);
        policy.checkCanManage(group, acting);
        Member target = store.conversations().findMember(groupId, user)
                .orElseThrow(() -> new NotFoundException("not a member"));
        policy.checkCanActOn(acting, target);
        Member changed = target.withMuted(muted);
        store.conversations().updateMember(changed);
        events.publish(memberIds(groupId), new MemberEvent(groupId, actor, user,
                muted ? MemberEvent.Action.MUTED : MemberEvent.Action.UNMUTED, changed.role(),
                memberChange(groupId, user)));
        return changed;
    }

    /**
     * Changes a member's role. Only the owner may. Making someone else {@link MemberRole#OWNER} hands
     * ownership over: the former owner becomes an admin.
     */
    public Member setRole(UserId actor, ConversationId groupId, UserId user, MemberRole role) {
        Conversation group = policy.visibleConversation(actor, groupId);
        Member acting = policy.member(actor, groupId);
        policy.checkCanChangeRoles(group, acting);
        if (actor.equals(user)) {
            throw new BadRequestException("hand ownership to another member instead");
        }
        Member target = store.conversations().findMember(groupId, user)
                .orElseThrow(() -> new NotFoundException("not a member"));
        Member changed = target.withRole(role);
        store.conversations().updateMember(changed);
        List<UserId> everyone = memberIds(groupId);
        events.publish(everyone, new MemberEvent(groupId, actor, user, MemberEvent.Action.ROLE_CHANGED, role,
                memberChange(groupId, user)));
        if (role == MemberRole.OWNER) {
            store.conversations().updateMember(acting.withRole(MemberRole.ADMIN));
            events.publish(everyone,
                    new MemberEvent(groupId, actor, actor, MemberEvent.Action.ROLE_CHANGED, MemberRole.ADMIN,
                            memberChange(groupId, actor)));
        }
        return changed;
    }

    /** Renames a group. */
    public Conversation rename(UserId actor, ConversationId groupId, String name) {
        Conversation group = policy.visibleConversation(actor, groupId);
        policy.checkCanManage(group, policy.member(actor, groupId));
        Conversation renamed = store.conversations().rename(groupId, rules.name(name, "group name"));
        long change = store.changes().latest(groupId, dev.parley.api.ChangeKind.Entity.CONVERSATION, groupId.value())
                .map(dev.parley.api.Change::number).orElse(0L);
        events.publish(memberIds(groupId), new ConversationEvent(renamed, actor, ConversationEvent.Change.RENAMED,
                change));
        return renamed;
    }

    /** One conversation as the user sees it. */
    public ConversationView get(UserId user, ConversationId conversation) {
        return view(user, policy.visibleConversation(user, conversation));
    }

    /** Every conversation the user is in, with unread counts, most recently created last. */
    public List<ConversationView> list(UserId user) {
        List<ConversationView> views = new ArrayList<>();
        for (Conversation conversation : store.conversations().listFor(user)) {
            views.add(view(user, conversation));
        }
        return views;
    }

    /**
     * Every conversation of one user, or of every user when {@code user} is null, in id order: for
     * admin tools. Without a user it walks every user's conversations, so it is not for a hot path.
     */
    public List<Conversation> everyConversation(UserId user) {
        java.util.Map<Long, Conversation> found = new java.util.TreeMap<>();
        if (user != null) {
            store.conversations().listFor(user).forEach(c -> found.put(c.id().value(), c));
            return List.copyOf(found.values());
        }
        UserId after = null;
        while (true) {
            List<dev.parley.api.User> page = store.users().list(after, 500);
            if (page.isEmpty()) {
                return List.copyOf(found.values());
            }
            page.forEach(u -> store.conversations().listFor(u.id()).forEach(c -> found.put(c.id().value(), c)));
            after = page.get(page.size() - 1).id();
        }
    }

    /** The owner of a group, as whom an admin's changes to it are made. */
    public UserId owner(ConversationId group) {
        return store.conversations().members(group).stream()
                .filter(m -> m.role() == MemberRole.OWNER).map(Member::userId).findFirst()
                .orElseThrow(() -> new NotFoundException("no such group"));
    }

    /** The direct conversation between two users, if they have exchanged a message. */
    public Optional<Conversation> directWith(UserId user, UserId other) {
        return store.conversations().findDirect(user, other);
    }

    /** The members of a conversation the user is in. */
    public List<Member> members(UserId user, ConversationId conversation) {
        policy.member(user, conversation);
        return store.conversations().members(conversation);
    }

    /**
     * The members of any conversation, for admin tools, which check their caller themselves: no
     * membership is needed.
     */
    public List<Member> membersForAdmin(ConversationId conversation) {
        return store.conversations().members(conversation);
    }

    /**
     * A pending invitation to a group as its owner and admins see it, with the group and the inviter:
     * the answer to an {@link #invite} that sent one.
     *
     * @throws NotFoundException  if there is no such invitation
     * @throws ForbiddenException if the actor may not manage the group
     */
    public InvitationView invitation(UserId actor, ConversationId groupId, UserId invitee) {
        manageable(actor, groupId);
        return store.invitations().find(groupId, invitee).flatMap(this::view)
                .orElseThrow(() -> new NotFoundException("no such invitation"));
    }

    private ConversationView view(UserId user, Conversation conversation) {
        // The change number first: a client that syncs from it gets anything that changes after.
        long lastChange = store.changes().lastChange(conversation.id());
        Cursor cursor = store.messages().cursor(conversation.id(), user);
        // The unread count and the last seq must describe the same messages: a client takes the count
        // as covering everything up to lastSeq and adds the live messages after it, so a message
        // committed between the two reads would be counted twice. The last seq is read again after the
        // count until it has not moved; on a conversation so busy that it always moves, the last
        // reading, which may leave a message or two uncounted rather than count one twice.
        long lastSeq = store.messages().lastSeq(conversation.id());
        long unread;
        for (int attempt = 1; ; attempt++) {
            unread = store.messages().countUnread(conversation.id(), user);
            long after = store.messages().lastSeq(conversation.id());
            boolean settled = after == lastSeq;
            lastSeq = after;
            if (settled || attempt == VIEW_ATTEMPTS) {
                break;
            }
        }
        return new ConversationView(conversation, store.conversations().members(conversation.id()), lastSeq, cursor,
                unread, lastChange);
    }

    /** The group, which the actor may manage; otherwise not_found or forbidden. */
    private Conversation manageable(UserId actor, ConversationId groupId) {
        policy.actor(actor);
        Conversation group = policy.visibleConversation(actor, groupId);
        policy.checkCanManage(group, policy.member(actor, groupId));
        return group;
    }

    /** An admin's add: anyone enabled joins, but never across a block. */
    private Admission adminAdmission(UserId actor, UserId user) {
        policy.target(user);
        if (policy.blockedEitherWay(actor, user)) {
            throw new ForbiddenException("you cannot add this user");
        }
        return Admission.JOIN;
    }

    /** Refuses to add {@code more} people if the group, members and invitations, would grow too large. */
    private void checkRoom(ConversationId groupId, int more) {
        checkSize(store.conversations().countMembers(groupId) + store.invitations().count(groupId) + more);
    }

    private void checkSize(int size) {
        if (size > limits.maxGroupSize()) {
            throw new TooLargeException("a group has at most " + limits.maxGroupSize() + " members");
        }
    }

    private Member join(UserId actor, ConversationId groupId, UserId user, Instant now) {
        Member member = new Member(groupId, user, MemberRole.MEMBER, false, now);
        if (!store.conversations().addMember(member)) {
            throw new ConflictException("already a member");
        }
        events.publish(memberIds(groupId),
                new MemberEvent(groupId, actor, user, MemberEvent.Action.JOINED, MemberRole.MEMBER,
                        memberChange(groupId, user)));
        return member;
    }

    /**
     * The number of the latest change to a membership, for its event. Read after the change, so it is
     * that change's number unless the same membership changed again in between, in which case it is the
     * later one's, whose own event follows.
     */
    private long memberChange(ConversationId groupId, UserId user) {
        return store.changes().latest(groupId, dev.parley.api.ChangeKind.Entity.MEMBER, user.value())
                .map(dev.parley.api.Change::number).orElse(0L);
    }

    private Invitation visibleInvitation(UserId user, ConversationId groupId) {
        return store.invitations().find(groupId, user).filter(policy::canSeeInvitation)
                .orElseThrow(() -> new NotFoundException("no such invitation"));
    }

    private Optional<InvitationView> view(Invitation invitation) {
        Optional<Conversation> group = store.conversations().find(invitation.conversationId());
        Optional<dev.parley.api.User> inviter = store.users().findById(invitation.inviter());
        if (group.isEmpty() || inviter.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new InvitationView(invitation, group.get(), inviter.get()));
    }

    /** Tells the invitee and the inviter; a hidden invitation only the inviter. */
    private void announceInvitation(Invitation invitation, Conversation group, Admission admission) {
        User inviter = policy.actor(invitation.inviter());
        List<UserId> told = admission == Admission.HIDDEN_INVITE
                ? List.of(invitation.inviter()) : List.of(invitation.invitee(), invitation.inviter());
        events.publish(told, new InvitationEvent(invitation, group.name(), inviter, invitation.inviter(),
                InvitationEvent.Action.INVITED));
    }

    private List<UserId> memberIds(ConversationId conversation) {
        List<UserId> ids = new ArrayList<>();
        store.conversations().members(conversation).forEach(m -> ids.add(m.userId()));
        return ids;
    }
}
