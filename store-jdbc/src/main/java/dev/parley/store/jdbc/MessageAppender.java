package dev.parley.store.jdbc;

import dev.parley.api.Attachment;
import dev.parley.api.Message;
import dev.parley.api.MessageId;
import dev.parley.api.NewMessage;
import dev.parley.api.NotFoundException;
import dev.parley.api.StoreException;
import dev.parley.api.spi.AppendResult;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/**
 * Appends a batch of messages inside one transaction: the heart of group commit. For a batch it
 * runs a fixed number of statements, whatever its size, through plain JDBC on the transaction's
 * connection (the writer runs them for every commit, where Jdbi's per-statement machinery cost more
 * than the statements):
 * <ol>
 *   <li>{@code SELECT id, last_seq FROM conversations WHERE id IN (...) ORDER BY id FOR UPDATE}
 *       locks the counter row of every conversation in the batch, in id order so that two batches
 *       never wait on each other in a cycle. Until this transaction commits, no other transaction,
 *       on this node or another, can take a seq in these conversations.</li>
 *   <li>One query finds the (sender, clientMsgId) pairs that are already stored. It runs after the
 *       locks, so that it sees every message committed by whoever held them before.</li>
 *   <li>In memory: duplicates of stored messages and of earlier messages in the batch are set
 *       aside; every other message takes the next seq of its conversation.</li>
 *   <li>One JDBC batch inserts the new messages (one multi-row INSERT on MySQL with
 *       {@code rewriteBatchedStatements=true}), returning their ids.</li>
 *   <li>One JDBC batch moves each conversation's counters to its new last seq and last change.</li>
 * </ol>
 * Each new message takes the next change number of its conversation too ({@code last_change},
 * locked with {@code last_seq}), stored in its row as {@code change_no}. That row is its
 * {@code SENT} change: the appender writes nothing to {@code changes}, and {@link JdbcChangeLog}
 * reads new messages from {@code messages} beside the rows of {@code changes}. A batch so runs one
 * statement fewer, and each message updates one index of {@code messages} where it updated the two
 * of {@code changes}.
 * The caller commits. Because a conversation's counter row stays locked until the commit, its
 * messages commit in seq order, and a reader never sees seq n+1 without seq n. If another node
 * stores the same (sender, clientMsgId) at the same moment, the insert fails on the unique key; the
 * caller rolls back and runs the batch again, and step 2 then finds the other node's message.
 * Stateless and thread-safe.
 */
final class MessageAppender {

    private static final String INSERT = "INSERT INTO messages (conversation_id, seq, sender_id, client_msg_id, kind, "
            + "text, attachment_id, attachment_mime_type, attachment_size, attachment_name, attachment_width, "
            + "attachment_height, attachment_duration_ms, reply_to, created_at, edited_at, deleted, change_no) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, FALSE, ?)";

    private record ClientKey(long sender, String clientMsgId) {
    }

    /** A conversation's counters: its last seq and its last change number. */
    private static final class Counters {
        long seq;
        long change;

        Counters(long seq, long change) {
            this.seq = seq;
            this.change = change;
        }
    }

    /** Appends the batch on the handle, inside the caller's transaction; one result per message, in order. */
    List<AppendResult> append(Handle h, List<NewMessage> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        TreeMap<Long, Counters> counters = lockCounters(h, batch);
        Map<ClientKey, Message> stored = findStored(h, batch);

        AppendResult[] results = new AppendResult[batch.size()];
        Map<ClientKey, Integer> firstInBatch = new HashMap<>();
        int[] duplicateOf = new int[batch.size()];
        List<Integer> fresh = new ArrayList<>(batch.size());
        List<Long> seqs = new ArrayList<>(batch.size());
        List<Long> changes = new ArrayList<>(batch.size());
        TreeMap<Long, Counters> moved = new TreeMap<>();
        for (int i = 0; i < batch.size(); i++) {
            NewMessage message = batch.get(i);
            duplicateOf[i] = -1;
            ClientKey key = key(message);
            if (key != null) {
                Message earlier = stored.get(key);
                if (earlier != null) {
                    results[i] = new AppendResult(earlier, true);
                    continue;
                }
                Integer first = firstInBatch.putIfAbsent(key, i);
                if (first != null) {
                    duplicateOf[i] = first;
                    continue;
                }
            }
            Counters counter = counters.get(message.conversationId().value());
            counter.seq++;
            counter.change++;
            moved.put(message.conversationId().value(), counter);
            fresh.add(i);
            seqs.add(counter.seq);
            changes.add(counter.change);
        }

        if (!fresh.isEmpty()) {
            List<Long> ids = insert(h, batch, fresh, seqs, changes);
            for (int n = 0; n < fresh.size(); n++) {
                int i = fresh.get(n);
                results[i] = new AppendResult(stored(batch.get(i), ids.get(n), seqs.get(n), changes.get(n)), false);
            }
            moveCounters(h, moved);
        }
        for (int i = 0; i < batch.size(); i++) {
            if (duplicateOf[i] >= 0) {
                results[i] = new AppendResult(results[duplicateOf[i]].message(), true);
            }
        }
        return List.of(results);
    }

    private static TreeMap<Long, Counters> lockCounters(Handle h, List<NewMessage> batch) {
        Set<Long> ids = new TreeSet<>();
        batch.forEach(m -> ids.add(m.conversationId().value()));
        List<Long> sorted = new ArrayList<>(ids);
        TreeMap<Long, Counters> lastSeqs = new TreeMap<>();
        int slots = padded(sorted.size());
        String sql = "SELECT id, last_seq, last_change FROM conversations WHERE id IN (" + MessageRows.placeholders(slots)
                + ") ORDER BY id FOR UPDATE";
        try (PreparedStatement select = h.getConnection().prepareStatement(sql)) {
            bindPadded(select, 1, sorted, slots);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    lastSeqs.put(rs.getLong(1), new Counters(rs.getLong(2), rs.getLong(3)));
                }
            }
        } catch (SQLException e) {
            throw failed(e);
        }
        if (lastSeqs.size() != sorted.size()) {
            sorted.removeAll(lastSeqs.keySet());
            throw new NotFoundException("no such conversation: " + sorted.get(0));
        }
        return lastSeqs;
    }

    private static Map<ClientKey, Message> findStored(Handle h, List<NewMessage> batch) {
        Set<Long> senders = new TreeSet<>();
        Set<String> clientMsgIds = new TreeSet<>();
        for (NewMessage message : batch) {
            if (message.clientMsgId() != null) {
                senders.add(message.senderId().value());
                clientMsgIds.add(message.clientMsgId());
            }
        }
        if (senders.isEmpty()) {
            return Map.of();
        }
        // Pairs of a sender in the batch with another sender's clientMsgId may come back too; only
        // exact pairs are looked up below.
        int idSlots = padded(clientMsgIds.size());
        int senderSlots = padded(senders.size());
        String sql = MessageRows.SELECT + "WHERE client_msg_id IN (" + MessageRows.placeholders(idSlots)
                + ") AND sender_id IN (" + MessageRows.placeholders(senderSlots) + ")";
        List<Message> found = new ArrayList<>();
        try (PreparedStatement select = h.getConnection().prepareStatement(sql)) {
            bindPadded(select, 1, new ArrayList<>(clientMsgIds), idSlots);
            bindPadded(select, 1 + idSlots, new ArrayList<>(senders), senderSlots);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found.add(MessageRows.ROW.map(rs, null));
                }
            }
        } catch (SQLException e) {
            throw failed(e);
        }
        if (found.isEmpty()) {
            return Map.of();
        }
        Map<ClientKey, Message> stored = new HashMap<>();
        for (Message message : MessageRows.withReactions(h, found)) {
            stored.put(new ClientKey(message.senderId().value(), message.clientMsgId()), message);
        }
        return stored;
    }

    private static List<Long> insert(Handle h, List<NewMessage> batch, List<Integer> fresh, List<Long> seqs,
                                     List<Long> changes) {
        List<Long> ids = new ArrayList<>(fresh.size());
        try (PreparedStatement insert = h.getConnection().prepareStatement(INSERT, new String[] {"id"})) {
            for (int n = 0; n < fresh.size(); n++) {
                NewMessage m = batch.get(fresh.get(n));
                Attachment a = m.attachment();
                insert.setLong(1, m.conversationId().value());
                insert.setLong(2, seqs.get(n));
                insert.setLong(3, m.senderId().value());
                setString(insert, 4, m.clientMsgId());
                insert.setString(5, m.kind().name());
                setString(insert, 6, m.text());
                setString(insert, 7, a == null ? null : a.id().value());
                setString(insert, 8, a == null ? null : a.mimeType());
                setLong(insert, 9, a == null ? null : a.size());
                setString(insert, 10, a == null ? null : a.name());
                setInt(insert, 11, a == null ? null : a.width());
                setInt(insert, 12, a == null ? null : a.height());
                setInt(insert, 13, a == null ? null : a.durationMs());
                setLong(insert, 14, m.replyTo() == null ? null : m.replyTo().value());
                insert.setLong(15, EpochMicros.of(m.createdAt()));
                insert.setLong(16, changes.get(n));
                insert.addBatch();
            }
            insert.executeBatch();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                while (keys.next()) {
                    ids.add(keys.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw failed(e);
        }
        if (ids.size() != fresh.size()) {
            throw new IllegalStateException("the driver returned " + ids.size() + " ids for " + fresh.size() + " rows");
        }
        return ids;
    }

    private static void moveCounters(Handle h, TreeMap<Long, Counters> counters) {
        try (PreparedStatement update = h.getConnection().prepareStatement(
                "UPDATE conversations SET last_seq = ?, last_change = ? WHERE id = ?")) {
            for (Map.Entry<Long, Counters> counter : counters.entrySet()) {
                update.setLong(1, counter.getValue().seq);
                update.setLong(2, counter.getValue().change);
                update.setLong(3, counter.getKey());
                update.addBatch();
            }
            update.executeBatch();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * How many placeholders an IN list of n values gets: the next power of two, so that a handful of
     * statement texts serve every batch size and the database's statement cache keeps them parsed.
     */
    static int padded(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    /** Binds the values from {@code first}, repeating the last one into the remaining slots. */
    private static void bindPadded(PreparedStatement statement, int first, List<?> values, int slots)
            throws SQLException {
        for (int i = 0; i < slots; i++) {
            statement.setObject(first + i, values.get(Math.min(i, values.size() - 1)));
        }
    }

    private static void setString(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static void setInt(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    /**
     * A database failure, with the SQLException as its cause so that the caller can tell a race;
     * unavailable when the database cannot be reached, as for every other statement.
     */
    private static StoreException failed(SQLException e) {
        return Database.failed(e);
    }

    private static Message stored(NewMessage message, long id, long seq, long change) {
        NewMessage exact = new NewMessage(message.conversationId(), message.senderId(), message.clientMsgId(),
                message.kind(), message.text(), message.attachment(), message.replyTo(),
                EpochMicros.truncate(message.createdAt()));
        return exact.stored(MessageId.of(id), seq).withChange(change);
    }

    private static ClientKey key(NewMessage message) {
        return message.clientMsgId() == null ? null : new ClientKey(message.senderId().value(), message.clientMsgId());
    }
}
