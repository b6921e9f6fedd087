package dev.parley.core;

import dev.parley.api.BadRequestException;
import dev.parley.api.ConversationId;
import dev.parley.api.Cursor;
import dev.parley.api.UserId;
import dev.parley.api.event.ReceiptEvent;
import dev.parley.api.spi.ChatStore;
import dev.parley.core.internal.AccessPolicy;
import dev.parley.core.internal.EventDispatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivered and read receipts, and unread counts. Cursors only move forward; moving one announces
 * the new cursor to every member's live sessions, so that senders see their messages read and the
 * reader's other devices clear their unread badges. Thread-safe.
 */
public final class ReceiptService {

    private final ChatStore store;
    private final AccessPolicy policy;
    private final EventDispatcher events;

    ReceiptService(ChatStore store, AccessPolicy policy, EventDispatcher events) {
        this.store = store;
        this.policy = policy;
        this.events = events;
    }

    /** Records that the user's device received messages up to {@code seq}. */
    public Cursor markDelivered(UserId user, ConversationId conversation, long seq) {
        checkSeq(user, conversation, seq);
        Cursor before = store.messages().cursor(conversation, user);
        Cursor after = store.messages().markDelivered(conversation, user, seq);
        announceIfMoved(before, after);
        return after;
    }

    /** Records that the user read messages up to {@code seq}; that counts as delivered too. */
    public Cursor markRead(UserId user, ConversationId conversation, long seq) {
        checkSeq(user, conversation, seq);
        Cursor before = store.messages().cursor(conversation, user);
        Cursor after = store.messages().markRead(conversation, user, seq);
        announceIfMoved(before, after);
        return after;
    }

    /** The cursors of every member of a conversation the user is in, for showing who read what. */
    public List<Cursor> cursors(UserId user, ConversationId conversation) {
        policy.member(user, conversation);
        return store.messages().cursors(conversation);
    }

    /** How many messages from others the user has not read in a conversation. */
    public long unread(UserId user, ConversationId conversation) {
        policy.member(user, conversation);
        return store.messages().countUnread(conversation, user);
    }

    private void checkSeq(UserId user, ConversationId conversation, long seq) {
        policy.member(user, conversation);
        if (seq < 0 || seq > store.messages().lastSeq(conversation)) {
            throw new BadRequestException("seq " + seq + " is not in this conversation");
        }
    }

    /** Tells the members, except across a block in a direct conversation: a blocker never learns what was read. */
    private void announceIfMoved(Cursor before, Cursor after) {
        if (!before.samePlace(after)) {
            dev.parley.api.Conversation where = store.conversations().find(after.conversationId()).orElse(null);
            List<UserId> members = new ArrayList<>();
            store.conversations().members(after.conversationId()).forEach(m -> {
                if (where == null || policy.canSignal(where, after.userId(), m.userId())) {
                    members.add(m.userId());
                }
            });
            events.publish(members, new ReceiptEvent(after));
        }
    }
}
