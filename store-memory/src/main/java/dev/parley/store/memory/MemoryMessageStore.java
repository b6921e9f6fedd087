package dev.parley.store.memory;

import dev.parley.api.ChangeKind;
import dev.parley.api.ConflictException;
import dev.parley.api.ConversationId;
import dev.parley.api.Cursor;
import dev.parley.api.Message;
import dev.parley.api.MessageId;
import dev.parley.api.NewMessage;
import dev.parley.api.NotFoundException;
import dev.parley.api.Reaction;
import dev.parley.api.UserId;
import dev.parley.api.spi.AppendResult;
import dev.parley.api.spi.MessageStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Messages as one list per conversation, where a message's seq is its index plus one, so that seqs
 * are gapless by construction. One lock guards everything: the seq, the (sender, clientMsgId) index
 * and the list change together, and a reader never sees a message without those before it. Every
 * change is logged in the shared {@link MemoryChangeLog} under this lock. Thread-safe.
 */
final class MemoryMessageStore implements MessageStore {

    private record ClientKey(UserId sender, String clientMsgId) {
    }

    private record CursorKey(ConversationId conversation, UserId user) {
    }

    private final Map<ConversationId, List<Message>> logs = new HashMap<>();
    private final Map<MessageId, ConversationId> locations = new HashMap<>();
    private final Map<ClientKey, MessageId> byClientId = new HashMap<>();
    private final Map<CursorKey, Cursor> cursors = new LinkedHashMap<>();
    private final MemoryChangeLog changes;
    private long nextId = 1;

    MemoryMessageStore(MemoryChangeLog changes) {
        this.changes = changes;
    }

    @Override
    public synchronized AppendResult append(NewMessage message) {
        ClientKey key = message.clientMsgId() == null ? null : new ClientKey(message.senderId(), message.clientMsgId());
        if (key != null) {
            MessageId existing = byClientId.get(key);
            if (existing != null) {
                return new AppendResult(get(existing), true);
            }
        }
        List<Message> log = logs.computeIfAbsent(message.conversationId(), c -> new ArrayList<>());
        Message fresh = message.stored(MessageId.of(nextId++), log.size() + 1L);
        Message stored = fresh.withChange(changes.record(fresh.conversationId(), ChangeKind.SENT, fresh.id().value()));
        log.add(stored);
        locations.put(stored.id(), stored.conversationId());
        if (key != null) {
            byClientId.put(key, stored.id());
        }
        return new AppendResult(stored, false);
    }

    @Override
    public synchronized List<AppendResult> appendAll(List<NewMessage> messages) {
        return MessageStore.super.appendAll(messages);
    }

    @Override
    public synchronized Optional<Message> find(MessageId id) {
        return Optional.ofNullable(locations.containsKey(id) ? get(id) : null);
    }

    @Override
    public synchronized Optional<Message> findByClientMsgId(UserId sender, String clientMsgId) {
        MessageId id = byClientId.get(new ClientKey(sender, clientMsgId));
        return Optional.ofNullable(id == null ? null : get(id));
    }

    @Override
    public synchronized List<Message> after(ConversationId conversation, long afterSeq, int limit) {
        List<Message> log = logs.getOrDefault(conversation, List.of());
        int from = (int) Math.min(Math.max(afterSeq, 0), log.size());
        int to = (int) Math.min((long) from + limit, log.size());
        return List.copyOf(log.subList(from, to));
    }

    @Override
    public synchronized List<Message> before(ConversationId conversation, long beforeSeq, int limit) {
        List<Message> log = logs.getOrDefault(conversation, List.of());
        int to = (int) Math.min(Math.max(beforeSeq - 1, 0), log.size());
        int from = Math.max(to - limit, 0);
        return List.copyOf(log.subList(from, to));
    }

    @Override
    public synchronized long lastSeq(ConversationId conversation) {
        return logs.getOrDefault(conversation, List.of()).size();
    }

    @Override
    public synchronized Message edit(MessageId id, String text, Instant editedAt) {
        Message message = require(id);
        if (message.deleted()) {
            throw new ConflictException("a deleted message cannot be edited");
        }
        return replace(logged(message.withText(text, editedAt), ChangeKind.EDITED));
    }

    @Override
    public synchronized Message delete(MessageId id, Instant deletedAt) {
        Message message = require(id);
        if (message.deleted()) {
            return message;
        }
        return replace(logged(message.asDeleted(deletedAt), ChangeKind.DELETED));
    }

    @Override
    public synchronized boolean addReaction(MessageId id, Reaction reaction) {
        Message message = require(id);
        if (message.deleted()) {
            return false;
        }
        for (Reaction existing : message.reactions()) {
            if (existing.userId().equals(reaction.userId()) && existing.emoji().equals(reaction.emoji())) {
                return false;
            }
        }
        List<Reaction> reactions = new ArrayList<>(message.reactions());
        reactions.add(reaction);
        replace(logged(message.withReactions(reactions), ChangeKind.REACTED));
        return true;
    }

    @Override
    public synchronized boolean removeReaction(MessageId id, UserId user, String emoji) {
        if (!locations.containsKey(id)) {
            return false;
        }
        Message message = get(id);
        List<Reaction> reactions = new ArrayList<>(message.reactions());
        boolean removed = reactions.removeIf(r -> r.userId().equals(user) && r.emoji().equals(emoji));
        if (removed) {
            replace(logged(message.withReactions(reactions), ChangeKind.UNREACTED));
        }
        return removed;
    }

    @Override
    public synchronized Cursor cursor(ConversationId conversation, UserId user) {
        return cursors.getOrDefault(new CursorKey(conversation, user), Cursor.start(conversation, user));
    }

    @Override
    public synchronized List<Cursor> cursors(ConversationId conversation) {
        List<Cursor> result = new ArrayList<>();
        for (Cursor cursor : cursors.values()) {
            if (cursor.conversationId().equals(conversation)) {
                result.add(cursor);
            }
        }
        return result;
    }

    @Override
    public synchronized Cursor markDelivered(ConversationId conversation, UserId user, long seq) {
        return move(cursor(conversation, user), cursor(conversation, user).delivered(seq), ChangeKind.DELIVERED);
    }

    @Override
    public synchronized Cursor markRead(ConversationId conversation, UserId user, long seq) {
        return move(cursor(conversation, user), cursor(conversation, user).read(seq), ChangeKind.READ);
    }

    @Override
    public synchronized long countUnread(ConversationId conversation, UserId user) {
        List<Message> log = logs.getOrDefault(conversation, List.of());
        long readSeq = cursor(conversation, user).readSeq();
        long unread = 0;
        for (int i = (int) Math.min(readSeq, log.size()); i < log.size(); i++) {
            Message message = log.get(i);
            if (!message.deleted() && !message.senderId().equals(user)) {
                unread++;
            }
        }
        return unread;
    }

    /** Stores a cursor that moved, with the number of the change that logs the move. */
    private Cursor move(Cursor before, Cursor after, ChangeKind kind) {
        if (before.samePlace(after)) {
            return before;
        }
        Cursor moved = after.withChange(changes.record(after.conversationId(), kind, after.userId().value()));
        cursors.put(new CursorKey(after.conversationId(), after.userId()), moved);
        return moved;
    }

    private Message logged(Message changed, ChangeKind kind) {
        return changed.withChange(changes.record(changed.conversationId(), kind, changed.id().value()));
    }

    private Message require(MessageId id) {
        if (!locations.containsKey(id)) {
            throw new NotFoundException("no such message: " + id);
        }
        return get(id);
    }

    private Message get(MessageId id) {
        Message locator = null;
        List<Message> log = logs.get(locations.get(id));
        // Ids grow with seq inside a conversation, so a binary search on id finds the message.
        int low = 0;
        int high = log.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long midId = log.get(mid).id().value();
            if (midId < id.value()) {
                low = mid + 1;
            } else if (midId > id.value()) {
                high = mid - 1;
            } else {
                locator = log.get(mid);
                break;
            }
        }
        return locator;
    }

    private Message replace(Message updated) {
        logs.get(updated.conversationId()).set((int) updated.seq() - 1, updated);
        return updated;
    }
}
