package dev.parley.core;

import dev.parley.api.BadRequestException;
import dev.parley.api.ConflictException;
import dev.parley.api.Conversation;
import dev.parley.api.ConversationId;
import dev.parley.api.Cursor;
import dev.parley.api.ForbiddenException;
import dev.parley.api.Member;
import dev.parley.api.MemberRole;
import dev.parley.api.NotFoundException;
import dev.parley.api.TooLargeException;
import dev.parley.api.UserId;
import dev.parley.api.event.ConversationEvent;
import dev.parley.api.event.MemberEvent;
import dev.parley.api.spi.ChatStore;
import dev.parley.core.internal.AccessPolicy;
import dev.parley.core.internal.EventPublisher;
import dev.parley.core.internal.InputRules;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Conversations: the list a user sees, and groups with their members and roles.
 *
 * <p>Direct conversations are not created here: the first message between two users creates theirs
 * (see {@link MessageService#sendDirect}). In a group, the owner and admins invite, kick, mute and
 * rename; only the owner changes roles; an admin cannot act on another admin. Every member's live
 * sessions hear about membership changes, and so does a member who was removed. Thread-safe.
 */
public final class ConversationService {

    private final ChatStore store;
    private final AccessPolicy policy;
    private final InputRules rules;
    private final EventPublisher events;
    private final ChatLimits limits;
    private final Clock clock;

    ConversationService(ChatStore store, AccessPolicy policy, InputRules rules, EventPublisher events,
                        ChatLimits limits, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.rules = rules;
        this.events = events;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Creates a group owned by {@code owner}, with the given users as members.
     *
     * @throws NotFoundException  if a member is not an enabled user
     * @throws TooLargeException  if the group would exceed the maximum size
     * @throws ForbiddenException if a member blocks the owner or is blocked by them
     */
    public Conversation createGroup(UserId owner, String name, Collection<UserId> members) {
        policy.actor(owner);
        String groupName = rules.name(name, "group name");
        Set<UserId> invited = new LinkedHashSet<>(members);
        invited.remove(owner);
        if (invited.size() + 1 > limits.maxGroupSize()) {
            throw new TooLargeException("a group has at most " + limits.maxGroupSize() + " members");
        }
        for (UserId member : invited) {
            checkInvitable(owner, member);
        }
        Instant now = clock.instant();
        Conversation group = store.conversations().createGroup(groupName, owner, now);
        for (UserId member : invited) {
            store.conversations().addMember(new Member(group.id(), member, MemberRole.MEMBER, false, now));
        }
        List<UserId> everyone = memberIds(group.id());
        events.publish(everyone, new ConversationEvent(group, owner, ConversationEvent.Change.CREATED));
        return group;
    }

    /**
     * Adds a user to a group.
     *
     * @throws ConflictException if the user is already a member
     */
    public Member invite(UserId actor, ConversationId groupId, UserId user) {
        policy.actor(actor);
        Conversation group = policy.visibleConversation(actor, groupId);
        policy.checkCanManage(group, policy.member(actor, groupId));
        checkInvitable(actor, user);
        if (store.conversations().countMembers(groupId) >= limits.maxGroupSize()) {
            throw new TooLargeException("a group has at most " + limits.maxGroupSize() + " members");
        }
        Member member = new Member(groupId, user, MemberRole.MEMBER, false, clock.instant());
        if (!store.conversations().addMember(member)) {
            throw new ConflictException("already a member");
        }
        events.publish(memberIds(groupId),
                new MemberEvent(groupId, actor, user, MemberEvent.Action.JOINED, MemberRole.MEMBER));
        return member;
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
        events.publish(before, new MemberEvent(groupId, user, user, MemberEvent.Action.LEFT, null));
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
                    new MemberEvent(groupId, formerOwner, m.userId(), MemberEvent.Action.ROLE_CHANGED, MemberRole.OWNER));
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
        store.conversations().removeMember(groupId, user);
        events.publish(before, new MemberEvent(groupId, actor, user, MemberEvent.Action.KICKED, null));
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
                muted ? MemberEvent.Action.MUTED : MemberEvent.Action.UNMUTED, changed.role()));
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
        events.publish(everyone, new MemberEvent(groupId, actor, user, MemberEvent.Action.ROLE_CHANGED, role));
        if (role == MemberRole.OWNER) {
            store.conversations().updateMember(acting.withRole(MemberRole.ADMIN));
            events.publish(everyone,
                    new MemberEvent(groupId, actor, actor, MemberEvent.Action.ROLE_CHANGED, MemberRole.ADMIN));
        }
        return changed;
    }

    /** Renames a group. */
    public Conversation rename(UserId actor, ConversationId groupId, String name) {
        Conversation group = policy.visibleConversation(actor, groupId);
        policy.checkCanManage(group, policy.member(actor, groupId));
        Conversation renamed = store.conversations().rename(groupId, rules.name(name, "group name"));
        events.publish(memberIds(groupId), new ConversationEvent(renamed, actor, ConversationEvent.Change.RENAMED));
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

    private ConversationView view(UserId user, Conversation conversation) {
        Cursor cursor = store.messages().cursor(conversation.id(), user);
        return new ConversationView(conversation, store.conversations().members(conversation.id()),
                store.messages().lastSeq(conversation.id()), cursor,
                store.messages().countUnread(conversation.id(), user));
    }

    private void checkInvitable(UserId actor, UserId user) {
        policy.target(user);
        if (policy.blockedEitherWay(actor, user)) {
            throw new ForbiddenException("you cannot add this user");
        }
    }

    private List<UserId> memberIds(ConversationId conversation) {
        List<UserId> ids = new ArrayList<>();
        store.conversations().members(conversation).forEach(m -> ids.add(m.userId()));
        return ids;
    }
}
