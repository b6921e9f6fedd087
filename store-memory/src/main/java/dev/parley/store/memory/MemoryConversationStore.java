package dev.parley.store.memory;

import dev.parley.api.ChangeKind;
import dev.parley.api.Conversation;
import dev.parley.api.ConversationId;
import dev.parley.api.ConversationType;
import dev.parley.api.Member;
import dev.parley.api.MemberRole;
import dev.parley.api.NotFoundException;
import dev.parley.api.UserId;
import dev.parley.api.spi.ConversationStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Conversations and members under one lock, with an index from user to conversations. Membership
 * changes and renames are logged in the shared {@link MemoryChangeLog} under this lock. Thread-safe.
 */
final class MemoryConversationStore implements ConversationStore {

    private final Map<ConversationId, Conversation> conversations = new HashMap<>();
    private final Map<ConversationId, LinkedHashMap<UserId, Member>> members = new HashMap<>();
    private final Map<UserId, TreeSet<Long>> conversationsOfUser = new HashMap<>();
    private final Map<UserPair, ConversationId> directs = new HashMap<>();
    private final Map<UserId, ConversationId> notices = new HashMap<>();
    private final MemoryChangeLog changes;
    private long nextId = 1;

    MemoryConversationStore(MemoryChangeLog changes) {
        this.changes = changes;
    }

    @Override
    public synchronized Conversation createGroup(String name, UserId owner, Instant now) {
        Conversation group = create(ConversationType.GROUP, name, owner, now);
        addMember(new Member(group.id(), owner, MemberRole.OWNER, false, now));
        return group;
    }

    @Override
    public synchronized Conversation getOrCreateDirect(UserId creator, UserId other, Instant now) {
        UserPair pair = UserPair.of(creator, other);
        ConversationId existing = directs.get(pair);
        if (existing != null) {
            return conversations.get(existing);
        }
        Conversation direct = create(ConversationType.DIRECT, null, creator, now);
        directs.put(pair, direct.id());
        addMember(new Member(direct.id(), creator, MemberRole.MEMBER, false, now));
        addMember(new Member(direct.id(), other, MemberRole.MEMBER, false, now));
        return direct;
    }

    @Override
    public synchronized Optional<Conversation> findDirect(UserId a, UserId b) {
        return Optional.ofNullable(directs.get(UserPair.of(a, b))).map(conversations::get);
    }

    @Override
    public synchronized Conversation getOrCreateNotices(UserId user, Instant now) {
        ConversationId existing = notices.get(user);
        if (existing != null) {
            return conversations.get(existing);
        }
        Conversation created = create(ConversationType.NOTICES, null, user, now);
        notices.put(user, created.id());
        addMember(new Member(created.id(), user, MemberRole.MEMBER, false, now));
        return created;
    }

    private Conversation create(ConversationType type, String name, UserId creator, Instant now) {
        Conversation conversation = new Conversation(ConversationId.of(nextId++), type, name, creator, now);
        conversations.put(conversation.id(), conversation);
        members.put(conversation.id(), new LinkedHashMap<>());
        return conversation;
    }

    @Override
    public synchronized Optional<Conversation> find(ConversationId id) {
        return Optional.ofNullable(conversations.get(id));
    }

    @Override
    public synchronized Conversation rename(ConversationId id, String name) {
        Conversation old = conversations.get(id);
        if (old == null) {
            throw new NotFoundException("no such conversation: " + id);
        }
        Conversation renamed = old.withName(name);
        conversations.put(id, renamed);
        changes.record(id, ChangeKind.RENAMED, id.value());
        return renamed;
    }

    @Override
    public synchronized List<Conversation> listFor(UserId user) {
        List<Conversation> result = new ArrayList<>();
        for (long id : conversationsOfUser.getOrDefault(user, new TreeSet<>())) {
            result.add(conversations.get(ConversationId.of(id)));
        }
        return result;
    }

    @Override
    public synchronized boolean addMember(Member member) {
        LinkedHashMap<UserId, Member> ofConversation = membersOf(member.conversationId());
        if (ofConversation.putIfAbsent(member.userId(), member) != null) {
            return false;
        }
        conversationsOfUser.computeIfAbsent(member.userId(), u -> new TreeSet<>())
                .add(member.conversationId().value());
        changes.record(member.conversationId(), ChangeKind.JOINED, member.userId().value());
        return true;
    }

    @Override
    public synchronized void updateMember(Member member) {
        LinkedHashMap<UserId, Member> ofConversation = membersOf(member.conversationId());
        Member old = ofConversation.get(member.userId());
        if (old == null) {
            throw new NotFoundException("not a member: " + member.userId());
        }
        // Only the role and the muted flag change; the member joined when they joined.
        ofConversation.put(member.userId(), old.withRole(member.role()).withMuted(member.muted()));
        if (old.role() != member.role()) {
            changes.record(member.conversationId(), ChangeKind.ROLE_CHANGED, member.userId().value());
        }
        if (old.muted() != member.muted()) {
            changes.record(member.conversationId(), member.muted() ? ChangeKind.MUTED : ChangeKind.UNMUTED,
                    member.userId().value());
        }
    }

    @Override
    public synchronized boolean removeMember(ConversationId conversation, UserId user, ChangeKind how) {
        if (!how.removesMember()) {
            throw new IllegalArgumentException("not a removal: " + how);
        }
        LinkedHashMap<UserId, Member> ofConversation = members.get(conversation);
        if (ofConversation == null || ofConversation.remove(user) == null) {
            return false;
        }
        conversationsOfUser.get(user).remove(conversation.value());
        changes.record(conversation, how, user.value());
        return true;
    }

    @Override
    public synchronized Optional<Member> findMember(ConversationId conversation, UserId user) {
        LinkedHashMap<UserId, Member> ofConversation = members.get(conversation);
        return ofConversation == null ? Optional.empty() : Optional.ofNullable(ofConversation.get(user));
    }

    @Override
    public synchronized List<Member> members(ConversationId conversation) {
        LinkedHashMap<UserId, Member> ofConversation = members.get(conversation);
        return ofConversation == null ? List.of() : List.copyOf(ofConversation.values());
    }

    @Override
    public synchronized int countMembers(ConversationId conversation) {
        LinkedHashMap<UserId, Member> ofConversation = members.get(conversation);
        return ofConversation == null ? 0 : ofConversation.size();
    }

    private LinkedHashMap<UserId, Member> membersOf(ConversationId conversation) {
        LinkedHashMap<UserId, Member> ofConversation = members.get(conversation);
        if (ofConversation == null) {
            throw new NotFoundException("no such conversation: " + conversation);
        }
        return ofConversation;
    }
}
