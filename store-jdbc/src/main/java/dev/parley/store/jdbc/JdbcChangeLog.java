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
import org.jdbi.v3.core.statement.Query;

/**
 * The change log in {@code changes}, numbered by {@code conversations.last_change}.
 *
 * <p>Writers call {@link #lock} and {@link #record} inside the transaction of their change. The
 * lock is {@code SELECT ... FOR UPDATE} on the conversation's row, the same row the message
 * appender locks for seqs, so that every change of a conversation, on any node, takes the counter in
 * turn and commits in number order: a reader never sees change n+1 without change n. Writers lock
 * the conversation row before any message row, as the appender does, so no two writers wait on each
 * other in a cycle. Each row's {@code latest} flag marks the latest change of its entity; a new
 * change clears the flag of the entity's previous one.
 *
 * <p>A new message's {@code SENT} change has no row: {@link MessageAppender} writes none, and the
 * message's own row, whose {@code change_no} is that change's number, stands for it as long as the
 * message has no row here. Readers take such messages from {@code messages} in the same statement
 * as the flagged rows of {@code changes}, so that both come from one snapshot. The first change to
 * such a message writes its {@code SENT} row, superseded, before its own, so that the rows here are
 * what they would be had every send been logged, less the latest {@code SENT} of each message.
 * Thread-safe.
 */
final class JdbcChangeLog implements ChangeLog {

    private static final RowMapper<Change> ROW = (rs, ctx) -> new Change(ConversationId.of(rs.getLong(1)),
            rs.getLong(2), ChangeKind.valueOf(rs.getString(3)), rs.getLong(4));
    private static final String SELECT = "SELECT conversation_id, change_no, kind, entity_id FROM changes ";
    /**
     * The implied {@code SENT} changes: messages with no row in {@code changes}. The caller adds the
     * rest of the WHERE clause on {@code m}.
     */
    private static final String IMPLIED_SENT = "SELECT m.conversation_id, m.change_no, 'SENT', m.id FROM messages m "
            + "WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.conversation_id = m.conversation_id "
            + "AND c.entity = 'MESSAGE' AND c.entity_id = m.id) AND ";
    /**
     * The latest change of each entity after a number, from both tables in one statement. Each
     * branch is ordered and limited on its own index, so that a long backlog is not read whole.
     */
    private static final String AFTER = "(" + SELECT
            + "WHERE conversation_id = ? AND change_no > ? AND latest = TRUE ORDER BY change_no LIMIT ?) UNION ALL ("
            + IMPLIED_SENT + "m.conversation_id = ? AND m.change_no > ? ORDER BY m.change_no LIMIT ?) "
            + "ORDER BY change_no LIMIT ?";
    /** The latest logged change of one entity. */
    private static final String LATEST = SELECT
            + "WHERE conversation_id = ? AND entity = ? AND entity_id = ? AND latest = TRUE";
    /** The latest change of one message: logged, or else the SENT its row implies. */
    private static final String LATEST_OF_MESSAGE = LATEST + " UNION ALL "
            + IMPLIED_SENT + "m.conversation_id = ? AND m.id = ?";

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
        if (supersede(h, conversationId, kind, entityId) == 0 && kind.entity() == ChangeKind.Entity.MESSAGE) {
            logImpliedSent(h, conversationId, entityId);
        }
        insert(h, conversationId, number, kind, entityId);
        h.createUpdate("UPDATE conversations SET last_change = ? WHERE id = ?")
                .bind(0, number)
                .bind(1, conversationId)
                .execute();
        return number;
    }

    /** Clears the latest flag of the entity's previous change; returns how many rows had it (0 or 1). */
    private static int supersede(Handle h, long conversationId, ChangeKind kind, long entityId) {
        return h.createUpdate("UPDATE changes SET latest = FALSE WHERE conversation_id = ? AND entity = ? "
                        + "AND entity_id = ? AND latest = TRUE")
                .bind(0, conversationId)
                .bind(1, kind.entity().name())
                .bind(2, entityId)
                .execute();
    }

    /**
     * Writes the implied {@code SENT} change of a message that has no row yet, already superseded:
     * the caller is about to log the message's next change. The message row still holds the
     * number of its {@code SENT} change, as the caller moves it only after this.
     */
    private static void logImpliedSent(Handle h, long conversationId, long messageId) {
        h.createUpdate("INSERT INTO changes (conversation_id, change_no, kind, entity, entity_id, latest) "
                        + "SELECT conversation_id, change_no, 'SENT', 'MESSAGE', id, FALSE FROM messages "
                        + "WHERE id = ? AND conversation_id = ?")
                .bind(0, messageId)
                .bind(1, conversationId)
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
        return database.withHandle(h -> h.createQuery(AFTER)
                .bind(0, conversation.value())
                .bind(1, afterChange)
                .bind(2, limit)
                .bind(3, conversation.value())
                .bind(4, afterChange)
                .bind(5, limit)
                .bind(6, limit)
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
        boolean message = entity == ChangeKind.Entity.MESSAGE;
        return database.withHandle(h -> {
            Query query = h.createQuery(message ? LATEST_OF_MESSAGE : LATEST)
                    .bind(0, conversation.value())
                    .bind(1, entity.name())
                    .bind(2, entityId);
            if (message) {
                query.bind(3, conversation.value()).bind(4, entityId);
            }
            return query.map(ROW).findOne();
        });
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
