package dev.parley.testkit.engine;

import dev.parley.api.ConversationId;
import dev.parley.api.Cursor;
import dev.parley.api.Message;
import dev.parley.api.MessageId;
import dev.parley.api.NewMessage;
import dev.parley.api.Reaction;
import dev.parley.api.UserId;
import dev.parley.api.spi.AppendResult;
import dev.parley.api.spi.MessageStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A message store that passes every call to another, for wrappers that change only some: a test store
 * overrides {@link #append} and {@link #appendAll}, say, and inherits the rest. Thread-safe if the
 * store it wraps is.
 */
public abstract class ForwardingMessageStore implements MessageStore {

    private final MessageStore inner;

    /** Forwards to the given store. */
    protected ForwardingMessageStore(MessageStore inner) {
        this.inner = inner;
    }

    @Override
    public AppendResult append(NewMessage message) {
        return inner.append(message);
    }

    @Override
    public List<AppendResult> appendAll(List<NewMessage> batch) {
        return inner.appendAll(batch);
    }

    @Override
    public Optional<Message> find(MessageId id) {
        return inner.find(id);
    }

    @Override
    public Optional<Message> findByClientMsgId(UserId sender, String clientMsgId) {
        return inner.findByClientMsgId(sender, clientMsgId);
    }

    @Override
    public List<Message> after(ConversationId conversation, long afterSeq, int limit) {
        return inner.after(conversation, afterSeq, limit);
    }

    @Override
    public List<Message> before(ConversationId conversation, long beforeSeq, int limit) {
        return inner.before(conversation, beforeSeq, limit);
    }

    @Override
    public long lastSeq(ConversationId conversation) {
        return inner.lastSeq(conversation);
    }

    @Override
    public Message edit(MessageId id, String text, Instant editedAt) {
        return inner.edit(id, text, editedAt);
    }

    @Override
    public Message delete(MessageId id, Instant deletedAt) {
        return inner.delete(id, deletedAt);
    }

    @Override
    public boolean addReaction(MessageId id, Reaction reaction) {
        return inner.addReaction(id, reaction);
    }

    @Override
    public boolean removeReaction(MessageId id, UserId user, String emoji) {
        return inner.removeReaction(id, user, emoji);
    }

    @Override
    public Cursor cursor(ConversationId conversation, UserId user) {
        return inner.cursor(conversation, user);
    }

    @Override
    public List<Cursor> cursors(ConversationId conversation) {
        return inner.cursors(conversation);
    }

    @Override
    public Cursor markDelivered(ConversationId conversation, UserId user, long seq) {
        return inner.markDelivered(conversation, user, seq);
    }

    @Override
    public Cursor markRead(ConversationId conversation, UserId user, long seq) {
        return inner.markRead(conversation, user, seq);
    }

    @Override
    public long countUnread(ConversationId conversation, UserId user) {
        return inner.countUnread(conversation, user);
    }
}
