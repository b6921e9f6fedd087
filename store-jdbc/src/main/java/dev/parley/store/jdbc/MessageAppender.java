package dev.parley.store.jdbc;

import dev.parley.api.Attachment;
import dev.parley.api.Message;
import dev.parley.api.MessageId;
import dev.parley.api.NewMessage;
import dev.parley.api.NotFoundException;
import dev.parley.api.spi.AppendResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Appends a batch of messages inside one transaction: the heart of group commit. For a batch it
 * runs a fixed number of statements, whatever its size:
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
 *   <li>One JDBC batch moves each counter to its conversation's new last seq.</li>
 * </ol>
 * The caller commits. Because a conversation's counter row stays locked until the commit, its
 * messages commit in seq order, and a reader never sees seq n+1 without seq n. If another node
 * stores the same (sender, clientMsgId) at the same moment, the insert fails on the unique key; the
 * caller rolls back and runs the batch again, and step 2 then finds the other node's message.
 * Stateless and thread-safe.
 */
final class MessageAppender {

    private static final String INSERT = "INSERT INTO messages (conversation_id, seq, sender_id, client_msg_id, kind, "
            + "text, attachment_id, attachment_mime_type, attachment_size, attachment_name, attachment_width, "
            + "attachment_height, attachment_duration_ms, reply_to, created_at, edited_at, deleted) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, FALSE)";

    private record ClientKey(long sender, String clientMsgId) {
    }

    /** Appends the batch on the handle, inside the caller's transaction; one result per message, in order. */
    List<AppendResult> append(Handle h, List<NewMessage> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        TreeMap<Long, Long> lastSeqs = lockCounters(h, batch);
        Map<ClientKey, Message> stored = findStored(h, batch);

        AppendResult[] results = new AppendResult[batch.size()];
        Map<ClientKey, Integer> firstInBatch = new HashMap<>();
        int[] duplicateOf = new int[batch.size()];
        List<Integer> fresh = new ArrayList<>(batch.size());
        List<Long> seqs = new ArrayList<>(batch.size());
        TreeMap<Long, Long> moved = new TreeMap<>();
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
            long seq = lastSeqs.merge(message.conversationId().value(), 1L, Long::sum);
            moved.put(message.conversationId().value(), seq);
            fresh.add(i);
            seqs.add(seq);
        }

        if (!fresh.isEmpty()) {
            List<Long> ids = insert(h, batch, fresh, seqs);
            for (int n = 0; n < fresh.size(); n++) {
                int i = fresh.get(n);
                results[i] = new AppendResult(stored(batch.get(i), ids.get(n), seqs.get(n)), false);
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

    private static TreeMap<Long, Long> lockCounters(Handle h, List<NewMessage> batch) {
        Set<Long> ids = new TreeSet<>();
        batch.forEach(m -> ids.add(m.conversationId().value()));
        List<Long> sorted = new ArrayList<>(ids);
        TreeMap<Long, Long> lastSeqs = new TreeMap<>();
        MessageRows.bindAll(h.createQuery("SELECT id, last_seq FROM conversations WHERE id IN ("
                        + MessageRows.placeholders(sorted.size()) + ") ORDER BY id FOR UPDATE"), 0, sorted)
                .map((rs, ctx) -> lastSeqs.put(rs.getLong(1), rs.getLong(2)))
                .list();
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
        List<Object> params = new ArrayList<>(clientMsgIds);
        params.addAll(senders);
        // Pairs of a sender in the batch with another sender's clientMsgId may come back too; only
        // exact pairs are looked up below.
        List<Message> found = MessageRows.bindAll(h.createQuery(MessageRows.SELECT + "WHERE client_msg_id IN ("
                        + MessageRows.placeholders(clientMsgIds.size()) + ") AND sender_id IN ("
                        + MessageRows.placeholders(senders.size()) + ")"), 0, params)
                .map(MessageRows.ROW)
                .list();
        if (found.isEmpty()) {
            return Map.of();
        }
        Map<ClientKey, Message> stored = new HashMap<>();
        for (Message message : MessageRows.withReactions(h, found)) {
            stored.put(new ClientKey(message.senderId().value(), message.clientMsgId()), message);
        }
        return stored;
    }

    private static List<Long> insert(Handle h, List<NewMessage> batch, List<Integer> fresh, List<Long> seqs) {
        PreparedBatch insert = h.prepareBatch(INSERT);
        for (int n = 0; n < fresh.size(); n++) {
            NewMessage m = batch.get(fresh.get(n));
            Attachment a = m.attachment();
            insert.bind(0, m.conversationId().value())
                    .bind(1, seqs.get(n))
                    .bind(2, m.senderId().value())
                    .bind(3, m.clientMsgId())
                    .bind(4, m.kind().name())
                    .bind(5, m.text())
                    .bind(6, a == null ? null : a.id().value())
                    .bind(7, a == null ? null : a.mimeType())
                    .bind(8, a == null ? null : a.size())
                    .bind(9, a == null ? null : a.name())
                    .bind(10, a == null ? null : a.width())
                    .bind(11, a == null ? null : a.height())
                    .bind(12, a == null ? null : a.durationMs())
                    .bind(13, m.replyTo() == null ? null : m.replyTo().value())
                    .bind(14, EpochMicros.of(m.createdAt()))
                    .add();
        }
        List<Long> ids = insert.executePreparedBatch("id").mapTo(Long.class).list();
        if (ids.size() != fresh.size()) {
            throw new IllegalStateException("the driver returned " + ids.size() + " ids for " + fresh.size() + " rows");
        }
        return ids;
    }

    private static void moveCounters(Handle h, TreeMap<Long, Long> lastSeqs) {
        PreparedBatch update = h.prepareBatch("UPDATE conversations SET last_seq = ? WHERE id = ?");
        lastSeqs.forEach((conversation, lastSeq) -> update.bind(0, lastSeq).bind(1, conversation).add());
        update.execute();
    }

    private static Message stored(NewMessage message, long id, long seq) {
        NewMessage exact = new NewMessage(message.conversationId(), message.senderId(), message.clientMsgId(),
                message.kind(), message.text(), message.attachment(), message.replyTo(),
                EpochMicros.truncate(message.createdAt()));
        return exact.stored(MessageId.of(id), seq);
    }

    private static ClientKey key(NewMessage message) {
        return message.clientMsgId() == null ? null : new ClientKey(message.senderId().value(), message.clientMsgId());
    }
}
