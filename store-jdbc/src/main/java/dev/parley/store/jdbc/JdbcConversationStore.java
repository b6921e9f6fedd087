package dev.parley.store.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import dev.parley.api.ChangeKind;
import dev.parley.api.Conversation;
import dev.parley.api.ConversationId;
import dev.parley.api.ConversationType;
import dev.parley.api.Member;
import dev.parley.api.MemberRole;
import dev.parley.api.NotFoundException;
import dev.parley.api.StoreException;
import dev.parley.api.UserId;
import dev.parley.api.spi.ConversationStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Conversations in {@code conversations} and their members in {@code members}.
 *
 * <p>A direct conversation is unique per pair through a unique key on (direct_low, direct_high), a
 * notices conversation per user through one on notices_owner: concurrent creators race on the key,
 * and the loser reads the winner's row. Conversations by id and member lists by conversation are
 * cached: the engine reads the member list of every conversation in every committed batch. Each
 * membership write invalidates its conversation's list after it commits, and loads run inside the
 * cache so that an invalidation never leaves a list that was read before the write. Membership
 * changes and renames lock the conversation's row and log themselves through
 * {@link JdbcChangeLog#next} in their transaction. Thread-safe.
 */
final class JdbcConversationStore implements ConversationStore {

    private static final String CONVERSATION = "SELECT id, type, name, created_by, created_at FROM conversations ";
    private static final String MEMBER = "SELECT conversation_id, user_id, role, muted, joined_at FROM members ";
    private static final RowMapper<Conversation> CONVERSATION_ROW = (rs, ctx) -> new Conversation(
            ConversationId.of(rs.getLong(1)), ConversationType.valueOf(rs.getString(2)), rs.getString(3),
            UserId.of(rs.getLong(4)), EpochMicros.toInstant(rs.getLong(5)));
    private static final RowMapper<Member> MEMBER_ROW = (rs, ctx) -> new Member(
            ConversationId.of(rs.getLong(1)), UserId.of(rs.getLong(2)), MemberRole.valueOf(rs.getString(3)),
            rs.getBoolean(4), EpochMicros.toInstant(rs.getLong(5)));

    private final Database database;
    private final Cache<Long, Conversation> conversations;
    private final Cache<Long, List<Member>> members;

    JdbcConversationStore(Database database, Caches caches) {
        this.database = database;
        this.conversations = caches.newCache("parley.conversations");
        this.members = caches.newCache("parley.members");
    }

    @Override
    public Conversation createGroup(String name, UserId owner, Instant now) {
        Conversation group = database.inTransaction(h -> {
            Conversation created = insert(h, ConversationType.GROUP, name, owner, now, null, null, null);
            insertMember(h, new Member(created.id(), owner, MemberRole.OWNER, false, now));
            return created;
        });
        members.invalidate(group.id().value());
        return group;
    }

    @Override
    public Conversation getOrCreateDirect(UserId creator, UserId other, Instant now) {
        long low = Math.min(creator.value(), other.value());
        long high = Math.max(creator.value(), other.value());
        for (int attempt = 1; ; attempt++) {
            Optional<Conversation> existing = findDirect(creator, other);
            if (existing.isPresent()) {
                return existing.get();
            }
            try {
                Conversation direct = database.inTransaction(h -> {
                    Conversation created = insert(h, ConversationType.DIRECT, null, creator, now, low, high, null);
                    insertMember(h, new Member(created.id(), creator, MemberRole.MEMBER, false, now));
                    insertMember(h, new Member(created.id(), other, MemberRole.MEMBER, false, now));
                    return created;
                });
                members.invalidate(direct.id().value());
                return direct;
            } catch (StoreException e) {
                // Another thread or node created the pair's conversation first: read theirs.
                if (!SqlStates.isUniqueViolation(e) || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    @Override
    public Optional<Conversation> findDirect(UserId a, UserId b) {
        return database.withHandle(h -> h.createQuery(CONVERSATION + "WHERE direct_low = ? AND direct_high = ?")
                .bind(0, Math.min(a.value(), b.value()))
                .bind(1, Math.max(a.value(), b.value()))
                .map(CONVERSATION_ROW)
                .findOne());
    }

    @Override
    public Conversation getOrCreateNotices(UserId user, Instant now) {
        for (int attempt = 1; ; attempt++) {
            Optional<Conversation> existing = database.withHandle(h -> h.createQuery(
                            CONVERSATION + "WHERE notices_owner = ?")
                    .bind(0, user.value())
                    .map(CONVERSATION_ROW)
                    .findOne());
            if (existing.isPresent()) {
                return existing.get();
            }
            try {
                Conversation notices = database.inTransaction(h -> {
                    Conversation created = insert(h, ConversationType.NOTICES, null, user, now, null, null, user.value());
                    insertMember(h, new Member(created.id(), user, MemberRole.MEMBER, false, now));
                    return created;
                });
                members.invalidate(notices.id().value());
                return notices;
            } catch (StoreException e) {
                if (!SqlStates.isUniqueViolation(e) || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    @Override
    public Optional<Conversation> find(ConversationId id) {
        return Optional.ofNullable(conversations.get(id.value(), key -> database.withHandle(h -> h.createQuery(
                        CONVERSATION + "WHERE id = ?")
                .bind(0, key)
                .map(CONVERSATION_ROW)
                .findOne()
                .orElse(null))));
    }

    @Override
    public Conversation rename(ConversationId id, String name) {
        Conversation renamed = database.inTransactionRetrying(h -> {
            JdbcChangeLog.lock(h, id.value());
            h.createUpdate("UPDATE conversations SET name = ? WHERE id = ?")
                    .bind(0, name)
                    .bind(1, id.value())
                    .execute();
            JdbcChangeLog.next(h, id.value(), ChangeKind.RENAMED, id.value());
            return h.createQuery(CONVERSATION + "WHERE id = ?").bind(0, id.value()).map(CONVERSATION_ROW).one();
        });
        conversations.invalidate(id.value());
        return renamed;
    }

    @Override
    public List<Conversation> listFor(UserId user) {
        return database.withHandle(h -> h.createQuery("SELECT c.id, c.type, c.name, c.created_by, c.created_at "
                        + "FROM members m JOIN conversations c ON c.id = m.conversation_id "
                        + "WHERE m.user_id = ? ORDER BY c.id")
                .bind(0, user.value())
                .map(CONVERSATION_ROW)
                .list());
    }

    @Override
    public boolean addMember(Member member) {
        boolean added;
        try {
            added = database.inTransaction(h -> {
                JdbcChangeLog.lock(h, member.conversationId().value());
                insertMember(h, member);
                return true;
            });
        } catch (StoreException e) {
            if (!SqlStates.isUniqueViolation(e)) {
                throw e;
            }
            added = false;
        }
        members.invalidate(member.conversationId().value());
        return added;
    }

    @Override
    public void updateMember(Member member) {
        long conversation = member.conversationId().value();
        long user = member.userId().value();
        try {
            database.inTransactionRetrying(h -> {
                JdbcChangeLog.lock(h, conversation);
                Member old = h.createQuery(MEMBER + "WHERE conversation_id = ? AND user_id = ?")
                        .bind(0, conversation)
                        .bind(1, user)
                        .map(MEMBER_ROW)
                        .findOne()
                        .orElseThrow(() -> new NotFoundException("not a member: " + member.userId()));
                h.createUpdate("UPDATE members SET role = ?, muted = ? WHERE conversation_id = ? AND user_id = ?")
                        .bind(0, member.role().name())
                        .bind(1, member.muted())
                        .bind(2, conversation)
                        .bind(3, user)
                        .execute();
                if (old.role() != member.role()) {
                    JdbcChangeLog.next(h, conversation, ChangeKind.ROLE_CHANGED, user);
                }
                if (old.muted() != member.muted()) {
                    JdbcChangeLog.next(h, conversation, member.muted() ? ChangeKind.MUTED : ChangeKind.UNMUTED, user);
                }
                return null;
            });
        } finally {
            members.invalidate(conversation);
        }
    }

    @Override
    public boolean removeMember(ConversationId conversation, UserId user, ChangeKind how) {
        if (!how.removesMember()) {
            throw new IllegalArgumentException("not a removal: " + how);
        }
        boolean removed;
        try {
            removed = database.inTransactionRetrying(h -> {
                JdbcChangeLog.lock(h, conversation.value());
                boolean gone = h.createUpdate("DELETE FROM members WHERE conversation_id = ? AND user_id = ?")
                        .bind(0, conversation.value())
                        .bind(1, user.value())
                        .execute() > 0;
                if (gone) {
                    JdbcChangeLog.next(h, conversation.value(), how, user.value());
                }
                return gone;
            });
        } catch (NotFoundException e) {
            removed = false;
        }
        members.invalidate(conversation.value());
        return removed;
    }

    @Override
    public Optional<Member> findMember(ConversationId conversation, UserId user) {
        for (Member member : members(conversation)) {
            if (member.userId().equals(user)) {
                return Optional.of(member);
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Member> members(ConversationId conversation) {
        return members.get(conversation.value(), key -> database.withHandle(h -> List.copyOf(h.createQuery(
                        MEMBER + "WHERE conversation_id = ? ORDER BY id")
                .bind(0, key)
                .map(MEMBER_ROW)
                .list())));
    }

    @Override
    public int countMembers(ConversationId conversation) {
        return members(conversation).size();
    }

    private static Conversation insert(Handle h, ConversationType type, String name, UserId creator, Instant now,
                                       Long directLow, Long directHigh, Long noticesOwner) {
        long id = h.createUpdate("INSERT INTO conversations (type, name, created_by, created_at, last_seq, "
                        + "direct_low, direct_high, notices_owner) VALUES (?, ?, ?, ?, 0, ?, ?, ?)")
                .bind(0, type.name())
                .bind(1, name)
                .bind(2, creator.value())
                .bind(3, EpochMicros.of(now))
                .bind(4, directLow)
                .bind(5, directHigh)
                .bind(6, noticesOwner)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
        return new Conversation(ConversationId.of(id), type, name, creator, EpochMicros.truncate(now));
    }

    /** Inserts a member and logs the join; the caller's transaction holds or takes the conversation's lock. */
    private static void insertMember(Handle h, Member member) {
        h.createUpdate("INSERT INTO members (conversation_id, user_id, role, muted, joined_at) VALUES (?, ?, ?, ?, ?)")
                .bind(0, member.conversationId().value())
                .bind(1, member.userId().value())
                .bind(2, member.role().name())
                .bind(3, member.muted())
                .bind(4, EpochMicros.of(member.joinedAt()))
                .execute();
        JdbcChangeLog.next(h, member.conversationId().value(), ChangeKind.JOINED, member.userId().value());
    }
}
