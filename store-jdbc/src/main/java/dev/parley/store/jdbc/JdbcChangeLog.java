package dev.parley.store.jdbc;

import dev.parley.api.Change;
import dev.parley.api.ChangeKind;
import dev.parley.api.ConversationId;
import dev.parley.api.NotFoundException;
import dev.parley.api.spi.ChangeLog;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The change log in {@code changes}, numbered by {@code conversations.last_change}.
 *
 * <p>Writers call {@link #lock} and {@link #record} inside the transaction of their change. The
 * lock is {@code SELECT ... FOR UPDATE} on the conversation's row, the same row the message
 * appender locks for seqs, so that every change of a conversation, on any node, takes the counter in
 * turn and commits in number order: a reader never sees change n+1 without change n. Writers lock
 * the conversation row before any message row, as the appender does, so no two writers wait on each
 * other in a cycle. Each row's {@code latest} flag marks the latest change of its entity; a new
 * change clears the flag of the entity's previous one. Thread-safe.
 */
final class JdbcChangeLog implements ChangeLog {

    private static final RowMapper<Change> ROW = (rs, ctx) -> new Change(ConversationId.of(rs.getLong(1)),
            rs.getLong(2), ChangeKind.valueOf(rs.getString(3)), rs.getLong(4));
    private static final String SELECT = "SELECT conversation_id, change_no, kind, entity_id FROM changes ";

    private final Database database;

    JdbcChangeLog(Database database) {
        this.database = database;
    }

    /**
     * Locks the conversation's counter row for the transaction and returns its last change number.
     *
     * @throws NotFoundException if there is no such conversation
     */
    static long lock(Handle h, long conversationId) {
        return h.createQuery("SELECT last_change FROM conversations WHERE id = ? FOR UPDATE")
                .bind(0, conversationId)
                .mapTo(Long.class)
                .findOne()
                .orElseThrow(() -> new NotFoundException("no such conversation: " + conversationId));
    }

    /** Locks the conversation and logs one change with its next number; returns the number. */
    static long next(Handle h, long conversationId, ChangeKind kind, long entityId) {
        long number = lock(h, conversationId) + 1;
        supersede(h, conversationId, kind, entityId);
        insert(h, conversationId, number, kind, entityId);
        h.createUpdate("UPDATE conversations SET last_change = ? WHERE id = ?")
                .bind(0, number)
                .bind(1, conversationId)
                .execute();
        return number;
    }

    private static void supersede(Handle h, long conversationId, ChangeKind kind, long entityId) {
        h.createUpdate("UPDATE changes SET latest = FALSE WHERE conversation_id = ? AND entity = ? "
                        + "AND entity_id = ? AND latest = TRUE")
                .bind(0, conversationId)
                .bind(1, kind.entity().name())
                .bind(2, entityId)
                .execute();
    }

    private static void insert(Handle h, long conversationId, long number, ChangeKind kind, long entityId) {
        h.createUpdate("INSERT INTO changes (conversation_id, change_no, kind, entity, entity_id, latest) "
                        + "VALUES (?, ?, ?, ?, ?, TRUE)")
                .bind(0, conversationId)
                .bind(1, number)
                .bind(2, kind.name())
                .bind(3, kind.entity().name())
                .bind(4, entityId)
                .execute();
    }

    @Override
    public List<Change> after(ConversationId conversation, long afterChange, int limit) {
        return database.withHandle(h -> h.createQuery(SELECT
                        + "WHERE conversation_id = ? AND change_no > ? AND latest = TRUE ORDER BY change_no LIMIT ?")
                .bind(0, conversation.value())
                .bind(1, afterChange)
                .bind(2, limit)
                .map(ROW)
                .list());
    }

    @Override
    public long lastChange(ConversationId conversation) {
        return database.withHandle(h -> h.createQuery("SELECT last_change FROM conversations WHERE id = ?")
                .bind(0, conversation.value())
                .mapTo(Long.class)
                .findOne()
                .orElse(0L));
    }

    @Override
    public Optional<Change> latest(ConversationId conversation, ChangeKind.Entity entity, long entityId) {
        return database.withHandle(h -> h.createQuery(SELECT
                        + "WHERE conversation_id = ? AND entity = ? AND entity_id = ? AND latest = TRUE")
                .bind(0, conversation.value())
                .bind(1, entity.name())
                .bind(2, entityId)
                .map(ROW)
                .findOne());
    }

    @Override
    public long horizon(ConversationId conversation) {
        return database.withHandle(h -> h.createQuery("SELECT change_horizon FROM conversations WHERE id = ?")
                .bind(0, conversation.value())
                .mapTo(Long.class)
                .findOne()
                .orElse(0L));
    }

    @Override
    public long compact(ConversationId conversation, long upTo) {
        return database.inTransactionRetrying(h -> {
            long last;
            try {
                last = lock(h, conversation.value());
            } catch (NotFoundException e) {
                return 0L;
            }
            long to = Math.min(upTo, last);
            long dropped = h.createUpdate("DELETE FROM changes WHERE conversation_id = ? AND change_no <= ? "
                            + "AND latest = FALSE")
                    .bind(0, conversation.value())
                    .bind(1, to)
                    .execute();
            h.createUpdate("UPDATE conversations SET change_horizon = ? WHERE id = ? AND change_horizon < ?")
                    .bind(0, to)
                    .bind(1, conversation.value())
                    .bind(2, to)
                    .execute();
            return dropped;
        });
    }

    @Override
    public long compactAll(long keepLatest) {
        List<long[]> due = database.withHandle(h -> h.createQuery(
                        "SELECT id, last_change FROM conversations WHERE last_change - change_horizon > ? ORDER BY id")
                .bind(0, keepLatest)
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .list());
        long dropped = 0;
        for (long[] conversation : due) {
            dropped += compact(ConversationId.of(conversation[0]), conversation[1] - keepLatest);
        }
        return dropped;
    }
}
