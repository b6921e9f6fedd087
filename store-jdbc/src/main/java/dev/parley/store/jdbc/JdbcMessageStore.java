package dev.parley.store.jdbc;

import dev.parley.api.ChangeKind;
import dev.parley.api.ConflictException;
import dev.parley.api.ConversationId;
import dev.parley.api.Cursor;
import dev.parley.api.Message;
import dev.parley.api.MessageId;
import dev.parley.api.NewMessage;
import dev.parley.api.NotFoundException;
import dev.parley.api.Reaction;
import dev.parley.api.StoreException;
import dev.parley.api.UserId;
import dev.parley.api.spi.AppendResult;
import dev.parley.api.spi.MessageStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Messages in {@code messages}, reactions in {@code reactions}, cursors in {@code cursors}.
 * Appends go through {@link MessageAppender}, one transaction per batch; see there for how seqs
 * stay gapless. Every other change locks the conversation's row first and logs itself through
 * {@link JdbcChangeLog#next} in its transaction. Reads are not cached: history and sync pages are
 * read once. Thread-safe.
 */
final class JdbcMessageStore implements MessageStore {

    private final Database database;
    private final MessageAppender appender = new MessageAppender();

    JdbcMessageStore(Database database) {
        this.database = database;
    }

    @Override
    public AppendResult append(NewMessage message) {
        return appendAll(List.of(message)).get(0);
    }

    /** Stores the whole batch in one transaction with JDBC batch inserts; see {@link MessageAppender}. */
    @Override
    public List<AppendResult> appendAll(List<NewMessage> messages) {
        return database.inTransactionRetrying(h -> appender.append(h, messages));
    }

    @Override
    public Optional<Message> find(MessageId id) {
        return database.withHandle(h -> find(h, id));
    }

    @Override
    public Optional<Message> findByClientMsgId(UserId sender, String clientMsgId) {
        return database.withHandle(h -> h.createQuery(MessageRows.SELECT + "WHERE sender_id = ? AND client_msg_id = ?")
                .bind(0, sender.value())
                .bind(1, clientMsgId)
                .map(MessageRows.ROW)
                .findOne()
                .map(m -> MessageRows.withReactions(h, List.of(m)).get(0)));
    }

    @Override
    public List<Message> after(ConversationId conversation, long afterSeq, int limit) {
        return database.withHandle(h -> MessageRows.withReactions(h, h.createQuery(MessageRows.SELECT
                        + "WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?")
                .bind(0, conversation.value())
                .bind(1, afterSeq)
                .bind(2, limit)
                .map(MessageRows.ROW)
                .list()));
    }

    @Override
    public List<Message> before(ConversationId conversation, long beforeSeq, int limit) {
        return database.withHandle(h -> {
            List<Message> page = new ArrayList<>(h.createQuery(MessageRows.SELECT
                            + "WHERE conversation_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?")
                    .bind(0, conversation.value())
                    .bind(1, beforeSeq)
                    .bind(2, limit)
                    .map(MessageRows.ROW)
                    .list());
            Collections.reverse(page);
            return MessageRows.withReactions(h, page);
        });
    }

    @Override
    public long lastSeq(ConversationId conversation) {
        return database.withHandle(h -> h.createQuery("SELECT last_seq FROM conversations WHERE id = ?")
                .bind(0, conversation.value())
                .mapTo(Long.class)
                .findOne()
                .orElse(0L));
    }

    @Override
    public Message edit(MessageId id, String text, Instant editedAt) {
        return database.inTransactionRetrying(h -> {
            long conversation = lockConversationOf(h, id);
            boolean deleted = lockMessage(h, id);
            if (deleted) {
                throw new ConflictException("a deleted message cannot be edited");
            }
            h.createUpdate("UPDATE messages SET text = ?, edited_at = ?, change_no = ? WHERE id = ?")
                    .bind(0, text)
                    .bind(1, EpochMicros.of(editedAt))
                    .bind(2, JdbcChangeLog.next(h, conversation, ChangeKind.EDITED, id.value()))
                    .bind(3, id.value())
                    .execute();
            return find(h, id).orElseThrow();
        });
    }

    @Override
    public Message delete(MessageId id, Instant deletedAt) {
        return database.inTransactionRetrying(h -> {
            long conversation = lockConversationOf(h, id);
            if (lockMessage(h, id)) {
                return find(h, id).orElseThrow();
            }
            h.createUpdate("UPDATE messages SET text = NULL, attachment_id = NULL, attachment_mime_type = NULL, "
                            + "attachment_size = NULL, attachment_name = NULL, attachment_width = NULL, "
                            + "attachment_height = NULL, attachment_duration_ms = NULL, deleted = TRUE, edited_at = ?, "
                            + "change_no = ? WHERE id = ?")
                    .bind(0, EpochMicros.of(deletedAt))
                    .bind(1, JdbcChangeLog.next(h, conversation, ChangeKind.DELETED, id.value()))
                    .bind(2, id.value())
                    .execute();
            h.createUpdate("DELETE FROM reactions WHERE message_id = ?").bind(0, id.value()).execute();
            return find(h, id).orElseThrow();
        });
    }

    @Override
    public boolean addReaction(MessageId id, Reaction reaction) {
        try {
            return database.inTransaction(h -> {
                // The lock keeps a concurrent delete from slipping between the check and the insert.
                long conversation = lockConversationOf(h, id);
                if (lockMessage(h, id)) {
                    return false;
                }
                h.createUpdate("INSERT INTO reactions (message_id, user_id, emoji, created_at) VALUES (?, ?, ?, ?)")
                        .bind(0, id.value())
                        .bind(1, reaction.userId().value())
                        .bind(2, reaction.emoji())
                        .bind(3, EpochMicros.of(reaction.createdAt()))
                        .execute();
                logOnMessage(h, conversation, ChangeKind.REACTED, id);
                return true;
            });
        } catch (StoreException e) {
            if (SqlStates.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean removeReaction(MessageId id, UserId user, String emoji) {
        return database.inTransactionRetrying(h -> {
            Optional<Long> conversation = conversationOf(h, id);
            if (conversation.isEmpty()) {
                return false;
            }
            JdbcChangeLog.lock(h, conversation.get());
            boolean removed = h.createUpdate("DELETE FROM reactions WHERE message_id = ? AND user_id = ? AND emoji = ?")
                    .bind(0, id.value())
                    .bind(1, user.value())
                    .bind(2, emoji)
                    .execute() > 0;
            if (removed) {
                logOnMessage(h, conversation.get(), ChangeKind.UNREACTED, id);
            }
            return removed;
        });
    }

    @Override
    public Cursor cursor(ConversationId conversation, UserId user) {
        return database.withHandle(h -> cursor(h, conversation, user));
    }

    @Override
    public List<Cursor> cursors(ConversationId conversation) {
        return database.withHandle(h -> h.createQuery(
                        "SELECT user_id, delivered_seq, read_seq, change_no FROM cursors WHERE conversation_id = ?")
                .bind(0, conversation.value())
                .map((rs, ctx) -> new Cursor(conversation, UserId.of(rs.getLong(1)), rs.getLong(2), rs.getLong(3),
                        rs.getLong(4)))
                .list());
    }

    @Override
    public Cursor markDelivered(ConversationId conversation, UserId user, long seq) {
        return database.inTransactionRetrying(h -> {
            JdbcChangeLog.lock(h, conversation.value());
            Cursor before = cursor(h, conversation, user);
            return move(h, before, before.delivered(seq), ChangeKind.DELIVERED);
        });
    }

    @Override
    public Cursor markRead(ConversationId conversation, UserId user, long seq) {
        return database.inTransactionRetrying(h -> {
            JdbcChangeLog.lock(h, conversation.value());
            Cursor before = cursor(h, conversation, user);
            return move(h, before, before.read(seq), ChangeKind.READ);
        });
    }

    @Override
    public long countUnread(ConversationId conversation, UserId user) {
        return database.withHandle(h -> {
            long readSeq = cursor(h, conversation, user).readSeq();
            return h.createQuery("SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND seq > ? "
                            + "AND sender_id <> ? AND deleted = FALSE")
                    .bind(0, conversation.value())
                    .bind(1, readSeq)
                    .bind(2, user.value())
                    .mapTo(Long.class)
                    .one();
        });
    }

    private static Optional<Message> find(Handle h, MessageId id) {
        return h.createQuery(MessageRows.SELECT + "WHERE id = ?")
                .bind(0, id.value())
                .map(MessageRows.ROW)
                .findOne()
                .map(m -> MessageRows.withReactions(h, List.of(m)).get(0));
    }

    /** Locks a message's row for the transaction and returns whether it is deleted. */
    private static boolean lockMessage(Handle h, MessageId id) {
        return h.createQuery("SELECT deleted FROM messages WHERE id = ? FOR UPDATE")
                .bind(0, id.value())
                .mapTo(Boolean.class)
                .findOne()
                .orElseThrow(() -> new NotFoundException("no such message: " + id));
    }

    private static Cursor cursor(Handle h, ConversationId conversation, UserId user) {
        return h.createQuery("SELECT delivered_seq, read_seq, change_no FROM cursors WHERE conversation_id = ? "
                        + "AND user_id = ?")
                .bind(0, conversation.value())
                .bind(1, user.value())
                .map((rs, ctx) -> new Cursor(conversation, user, rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                .findOne()
                .orElse(Cursor.start(conversation, user));
    }

    /**
     * Stores a cursor that moved and logs the move; the caller holds the conversation's lock, so no
     * other transaction moves the same cursor in between.
     */
    private static Cursor move(Handle h, Cursor before, Cursor after, ChangeKind kind) {
        if (before.samePlace(after)) {
            return before;
        }
        long conversation = after.conversationId().value();
        long change = JdbcChangeLog.next(h, conversation, kind, after.userId().value());
        int updated = h.createUpdate("UPDATE cursors SET delivered_seq = ?, read_seq = ?, change_no = ? "
                        + "WHERE conversation_id = ? AND user_id = ?")
                .bind(0, after.deliveredSeq())
                .bind(1, after.readSeq())
                .bind(2, change)
                .bind(3, conversation)
                .bind(4, after.userId().value())
                .execute();
        if (updated == 0) {
            h.createUpdate("INSERT INTO cursors (conversation_id, user_id, delivered_seq, read_seq, change_no) "
                            + "VALUES (?, ?, ?, ?, ?)")
                    .bind(0, conversation)
                    .bind(1, after.userId().value())
                    .bind(2, after.deliveredSeq())
                    .bind(3, after.readSeq())
                    .bind(4, change)
                    .execute();
        }
        return after.withChange(change);
    }

    private static Optional<Long> conversationOf(Handle h, MessageId id) {
        return h.createQuery("SELECT conversation_id FROM messages WHERE id = ?")
                .bind(0, id.value())
                .mapTo(Long.class)
                .findOne();
    }

    /** Locks the conversation of a message, before the message's own row, and returns its id. */
    private static long lockConversationOf(Handle h, MessageId id) {
        long conversation = conversationOf(h, id).orElseThrow(() -> new NotFoundException("no such message: " + id));
        JdbcChangeLog.lock(h, conversation);
        return conversation;
    }

    private static void logOnMessage(Handle h, long conversation, ChangeKind kind, MessageId id) {
        h.createUpdate("UPDATE messages SET change_no = ? WHERE id = ?")
                .bind(0, JdbcChangeLog.next(h, conversation, kind, id.value()))
                .bind(1, id.value())
                .execute();
    }
}
