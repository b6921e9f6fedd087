package dev.parley.store.jdbc;

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
 * stay gapless. Reads are not cached: history and sync pages are read once. Thread-safe.
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
        return database.inTransaction(h -> {
            boolean deleted = lockMessage(h, id);
            if (deleted) {
                throw new ConflictException("a deleted message cannot be edited");
            }
            h.createUpdate("UPDATE messages SET text = ?, edited_at = ? WHERE id = ?")
                    .bind(0, text)
                    .bind(1, EpochMicros.of(editedAt))
                    .bind(2, id.value())
                    .execute();
            return find(h, id).orElseThrow();
        });
    }

    @Override
    public Message delete(MessageId id, Instant deletedAt) {
        return database.inTransaction(h -> {
            lockMessage(h, id);
            h.createUpdate("UPDATE messages SET text = NULL, attachment_id = NULL, attachment_mime_type = NULL, "
                            + "attachment_size = NULL, attachment_name = NULL, attachment_width = NULL, "
                            + "attachment_height = NULL, attachment_duration_ms = NULL, deleted = TRUE, edited_at = ? "
                            + "WHERE id = ?")
                    .bind(0, EpochMicros.of(deletedAt))
                    .bind(1, id.value())
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
                if (lockMessage(h, id)) {
                    return false;
                }
                h.createUpdate("INSERT INTO reactions (message_id, user_id, emoji, created_at) VALUES (?, ?, ?, ?)")
                        .bind(0, id.value())
                        .bind(1, reaction.userId().value())
                        .bind(2, reaction.emoji())
                        .bind(3, EpochMicros.of(reaction.createdAt()))
                        .execute();
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
        return database.withHandle(h -> h.createUpdate(
                        "DELETE FROM reactions WHERE message_id = ? AND user_id = ? AND emoji = ?")
                .bind(0, id.value())
                .bind(1, user.value())
                .bind(2, emoji)
                .execute()) > 0;
    }

    @Override
    public Cursor cursor(ConversationId conversation, UserId user) {
        return database.withHandle(h -> cursor(h, conversation, user));
    }

    @Override
    public List<Cursor> cursors(ConversationId conversation) {
        return database.withHandle(h -> h.createQuery(
                        "SELECT user_id, delivered_seq, read_seq FROM cursors WHERE conversation_id = ?")
                .bind(0, conversation.value())
                .map((rs, ctx) -> new Cursor(conversation, UserId.of(rs.getLong(1)), rs.getLong(2), rs.getLong(3)))
                .list());
    }

    @Override
    public Cursor markDelivered(ConversationId conversation, UserId user, long seq) {
        return database.inTransactionRetrying(h -> {
            int updated = h.createUpdate("UPDATE cursors SET delivered_seq = GREATEST(delivered_seq, ?) "
                            + "WHERE conversation_id = ? AND user_id = ?")
                    .bind(0, seq)
                    .bind(1, conversation.value())
                    .bind(2, user.value())
                    .execute();
            if (updated == 0) {
                insertCursor(h, conversation, user, seq, 0);
            }
            return cursor(h, conversation, user);
        });
    }

    @Override
    public Cursor markRead(ConversationId conversation, UserId user, long seq) {
        return database.inTransactionRetrying(h -> {
            int updated = h.createUpdate("UPDATE cursors SET read_seq = GREATEST(read_seq, ?), "
                            + "delivered_seq = GREATEST(delivered_seq, ?) WHERE conversation_id = ? AND user_id = ?")
                    .bind(0, seq)
                    .bind(1, seq)
                    .bind(2, conversation.value())
                    .bind(3, user.value())
                    .execute();
            if (updated == 0) {
                insertCursor(h, conversation, user, seq, seq);
            }
            return cursor(h, conversation, user);
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
        return h.createQuery("SELECT delivered_seq, read_seq FROM cursors WHERE conversation_id = ? AND user_id = ?")
                .bind(0, conversation.value())
                .bind(1, user.value())
                .map((rs, ctx) -> new Cursor(conversation, user, rs.getLong(1), rs.getLong(2)))
                .findOne()
                .orElse(Cursor.start(conversation, user));
    }

    private static void insertCursor(Handle h, ConversationId conversation, UserId user, long delivered, long read) {
        h.createUpdate("INSERT INTO cursors (conversation_id, user_id, delivered_seq, read_seq) VALUES (?, ?, ?, ?)")
                .bind(0, conversation.value())
                .bind(1, user.value())
                .bind(2, delivered)
                .bind(3, read)
                .execute();
    }
}
