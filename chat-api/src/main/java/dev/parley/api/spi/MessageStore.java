package dev.parley.api.spi;

import dev.parley.api.ConversationId;
import dev.parley.api.Cursor;
import dev.parley.api.Message;
import dev.parley.api.MessageId;
import dev.parley.api.NewMessage;
import dev.parley.api.Reaction;
import dev.parley.api.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stores messages, their reactions, and members' cursors. This is where Parley's delivery invariants
 * are kept:
 * <ul>
 *   <li>Each conversation numbers its messages 1, 2, 3 and so on, with no gaps and no repeats, even
 *       when several threads, or several engines sharing one database, append at once. The seq is
 *       assigned in the same transaction that stores the message.</li>
 *   <li>A message is visible to readers ({@link #after}, {@link #before}) only with every message of
 *       lower seq in its conversation, so a reader that pages forward never skips one.</li>
 *   <li>The pair (sender, clientMsgId) is unique: appending it again returns the stored message as a
 *       duplicate instead of storing a second one.</li>
 *   <li>Every change (a message, an edit, a delete, a reaction added or removed, a cursor that
 *       moves) is logged in the conversation's {@link ChangeLog} in the same transaction, and the
 *       message or cursor returned carries that change's number.</li>
 *   <li>When {@code append} or {@code appendAll} returns, the messages are durable to the degree the
 *       store promises (committed, for a database).</li>
 * </ul>
 */
public interface MessageStore {

    /**
     * Stores a message with the next seq of its conversation, or returns the stored one if the sender
     * already used this clientMsgId, in whichever conversation. The engine only appends to
     * conversations that exist.
     */
    AppendResult append(NewMessage message);

    /**
     * Stores several messages, which may belong to different conversations and senders, and returns
     * one result per message, in order. A database store should commit them in one transaction; this
     * is how the engine groups commits. Within the batch, a second message with the same sender and
     * clientMsgId as an earlier one is a duplicate of it.
     *
     * <p>The default appends them one by one.
     */
    default List<AppendResult> appendAll(List<NewMessage> messages) {
        List<AppendResult> results = new ArrayList<>(messages.size());
        for (NewMessage message : messages) {
            results.add(append(message));
        }
        return results;
    }

    /** Finds a message by id, with its reactions. */
    Optional<Message> find(MessageId id);

    /** Finds a message by its sender and the sender's clientMsgId. */
    Optional<Message> findByClientMsgId(UserId sender, String clientMsgId);

    /**
     * Returns messages with a seq greater than {@code afterSeq}, lowest first, at most {@code limit}.
     * This is how clients sync. Deleted messages are included as tombstones.
     */
    List<Message> after(ConversationId conversation, long afterSeq, int limit);

    /**
     * Returns the {@code limit} messages just before {@code beforeSeq}, lowest first. This is how
     * clients page back through history; pass {@code Long.MAX_VALUE} for the latest page.
     */
    List<Message> before(ConversationId conversation, long beforeSeq, int limit);

    /** The highest seq in the conversation, or 0 if it has no messages. */
    long lastSeq(ConversationId conversation);

    /**
     * Replaces a message's text and sets its edit time.
     *
     * @return the message as stored
     * @throws dev.parley.api.NotFoundException if there is no such message
     * @throws dev.parley.api.ConflictException if the message was deleted; a tombstone stays empty
     */
    Message edit(MessageId id, String text, Instant editedAt);

    /**
     * Turns a message into a tombstone: its text, attachment and reactions are removed, its seq stays.
     *
     * @return the tombstone
     * @throws dev.parley.api.NotFoundException if there is no such message
     */
    Message delete(MessageId id, Instant deletedAt);

    /**
     * Adds a reaction; returns false if the user already reacted to the message with this emoji, or
     * if the message was deleted. Emoji are compared exactly, code point by code point: 👍 and 👍🏽
     * are different reactions.
     *
     * @throws dev.parley.api.NotFoundException if there is no such message
     */
    boolean addReaction(MessageId id, Reaction reaction);

    /** Removes a user's reaction; returns whether there was one (false for an unknown message). */
    boolean removeReaction(MessageId id, UserId user, String emoji);

    /** A member's cursor in a conversation; {@link Cursor#start} if none was stored. */
    Cursor cursor(ConversationId conversation, UserId user);

    /** Every stored cursor of a conversation. */
    List<Cursor> cursors(ConversationId conversation);

    /**
     * Moves a member's delivered cursor forward to {@code seq}; never moves it back.
     *
     * @return the cursor as stored
     */
    Cursor markDelivered(ConversationId conversation, UserId user, long seq);

    /**
     * Moves a member's read cursor (and with it the delivered cursor) forward to {@code seq}; never
     * moves it back.
     *
     * @return the cursor as stored
     */
    Cursor markRead(ConversationId conversation, UserId user, long seq);

    /**
     * Counts the messages a member has not read: those after the member's read cursor that someone
     * else sent and that are not deleted.
     */
    long countUnread(ConversationId conversation, UserId user);
}
