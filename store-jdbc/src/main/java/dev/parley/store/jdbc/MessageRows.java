package dev.parley.store.jdbc;

import dev.parley.api.Attachment;
import dev.parley.api.AttachmentId;
import dev.parley.api.ConversationId;
import dev.parley.api.Message;
import dev.parley.api.MessageId;
import dev.parley.api.MessageKind;
import dev.parley.api.Reaction;
import dev.parley.api.UserId;
import java.sql.ResultSet;
import java.time.Instant;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * Reads messages, with their reactions, from {@code messages} and {@code reactions}: the column list,
 * the row mapper, and the second query that attaches reactions to a page of messages. Stateless.
 */
final class MessageRows {

    /** The columns {@link #ROW} reads, in its order. */
    static final String COLUMNS = "id, conversation_id, seq, sender_id, client_msg_id, kind, text, attachment_id, "
            + "attachment_mime_type, attachment_size, attachment_name, attachment_width, attachment_height, "
            + "attachment_duration_ms, reply_to, created_at, edited_at, deleted, change_no";

    static final String SELECT = "SELECT " + COLUMNS + " FROM messages ";

    /** Maps a row to a message without reactions. */
    static final RowMapper<Message> ROW = (rs, ctx) -> {
        String attachmentId = rs.getString(8);
        Attachment attachment = attachmentId == null ? null : new Attachment(AttachmentId.of(attachmentId),
                rs.getString(9), rs.getLong(10), rs.getString(11), integer(rs, 12), integer(rs, 13), integer(rs, 14));
        long replyTo = rs.getLong(15);
        MessageId reply = rs.wasNull() ? null : MessageId.of(replyTo);
        long editedMicros = rs.getLong(17);
        Instant editedAt = rs.wasNull() ? null : EpochMicros.toInstant(editedMicros);
        return new Message(MessageId.of(rs.getLong(1)), ConversationId.of(rs.getLong(2)), rs.getLong(3),
                UserId.of(rs.getLong(4)), rs.getString(5), MessageKind.valueOf(rs.getString(6)), rs.getString(7),
                attachment, reply, List.of(), EpochMicros.toInstant(rs.getLong(16)),
                editedAt, rs.getBoolean(18), rs.getLong(19));
    };

    private MessageRows() {
    }

    /** "?, ?, ?" with n placeholders, for an IN list of bound parameters. */
    static String placeholders(int n) {
        StringBuilder sql = new StringBuilder(n * 3);
        for (int i = 0; i < n; i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        return sql.toString();
    }

    /** Binds the values to the query's positional parameters, starting at the given index. */
    static Query bindAll(Query query, int from, List<?> values) {
        for (int i = 0; i < values.size(); i++) {
            query.bind(from + i, values.get(i));
        }
        return query;
    }

    /** Returns the messages with their reactions, oldest first, read with one more query. */
    static List<Message> withReactions(Handle h, List<Message> messages) {
        List<Long> ids = new ArrayList<>(messages.size());
        for (Message message : messages) {
            if (!message.deleted()) {
                ids.add(message.id().value());
            }
        }
        if (ids.isEmpty()) {
            return messages;
        }
        Map<Long, List<Reaction>> byMessage = new HashMap<>();
        bindAll(h.createQuery("SELECT message_id, user_id, emoji, created_at FROM reactions WHERE message_id IN ("
                + placeholders(ids.size()) + ") ORDER BY id"), 0, ids)
                .map((rs, ctx) -> {
                    byMessage.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Reaction(
                            UserId.of(rs.getLong(2)), rs.getString(3), EpochMicros.toInstant(rs.getLong(4))));
                    return Boolean.TRUE;
                })
                .list();
        if (byMessage.isEmpty()) {
            return messages;
        }
        List<Message> result = new ArrayList<>(messages.size());
        for (Message message : messages) {
            List<Reaction> reactions = byMessage.get(message.id().value());
            result.add(reactions == null ? message : message.withReactions(reactions));
        }
        return result;
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
