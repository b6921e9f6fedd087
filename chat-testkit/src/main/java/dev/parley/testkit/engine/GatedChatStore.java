package dev.parley.testkit.engine;

import dev.parley.api.ConversationId;
import dev.parley.api.Cursor;
import dev.parley.api.Message;
import dev.parley.api.MessageId;
import dev.parley.api.NewMessage;
import dev.parley.api.Reaction;
import dev.parley.api.UserId;
import dev.parley.api.spi.AppendResult;
import dev.parley.api.spi.ChatStore;
import dev.parley.api.spi.ConversationStore;
import dev.parley.api.spi.DeviceStore;
import dev.parley.api.spi.FriendStore;
import dev.parley.api.spi.InvitationStore;
import dev.parley.api.spi.MessageStore;
import dev.parley.api.spi.TokenStore;
import dev.parley.api.spi.UserStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Wraps a real store and holds message appends at a gate until the test opens it, so that a test can
 * see what the engine does while a commit is in progress. Everything else passes straight through.
 * Thread-safe.
 */
public final class GatedChatStore implements ChatStore {

    private final ChatStore delegate;
    private final GatedMessages messages;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final CountDownLatch entered = new CountDownLatch(1);

    /** Wraps the given store, with the gate open. */
    public GatedChatStore(ChatStore delegate) {
        this.delegate = delegate;
        this.messages = new GatedMessages(delegate.messages());
    }

    /** Shuts the gate: appends wait until {@link #open()}. */
    public void shut() {
        gate = new CountDownLatch(1);
    }

    /** Opens the gate. */
    public void open() {
        gate.countDown();
    }

    /** Waits until an append has reached the closed gate. */
    public boolean awaitAppendWaiting(long seconds) throws InterruptedException {
        return entered.await(seconds, TimeUnit.SECONDS);
    }

    @Override
    public String id() {
        return "gated-" + delegate.id();
    }

    @Override
    public void start() {
        delegate.start();
    }

    @Override
    public void close() {
        open();
        delegate.close();
    }

    @Override
    public InvitationStore invitations() {
        return delegate.invitations();
    }

    @Override
    public UserStore users() {
        return delegate.users();
    }

    @Override
    public TokenStore tokens() {
        return delegate.tokens();
    }

    @Override
    public FriendStore friends() {
        return delegate.friends();
    }

    @Override
    public ConversationStore conversations() {
        return delegate.conversations();
    }

    @Override
    public MessageStore messages() {
        return messages;
    }

    @Override
    public DeviceStore devices() {
        return delegate.devices();
    }

    private final class GatedMessages implements MessageStore {

        private final MessageStore inner;

        GatedMessages(MessageStore inner) {
            this.inner = inner;
        }

        private void pass() {
            entered.countDown();
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public AppendResult append(NewMessage message) {
            pass();
            return inner.append(message);
        }

        @Override
        public List<AppendResult> appendAll(List<NewMessage> batch) {
            pass();
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
}
