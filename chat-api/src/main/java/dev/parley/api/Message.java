package dev.parley.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A stored message. Its {@code seq} numbers it within its conversation: 1, 2, 3 and so on, with no
 * gaps, in the order the store committed them.
 *
 * <p>A deleted message keeps its place in the sequence as a tombstone: its text and attachment
 * are gone and {@link #deleted()} is true.
 *
 * @param id             the server id, unique across conversations
 * @param conversationId the conversation
 * @param seq            the position in the conversation, from 1
 * @param senderId       the sender, or {@link UserId#SYSTEM}
 * @param clientMsgId    the sender's own id for the message, which makes retries idempotent, or null
 * @param kind           what it carries
 * @param text           the text, or a caption; null when there is none or the message is deleted
 * @param attachment     the attachment of an image, voice or file message, or null
 * @param replyTo        the message this replies to, or null
 * @param reactions      the reactions, oldest first; never null
 * @param createdAt      when it was stored
 * @param editedAt       when it was last edited or deleted, or null
 * @param deleted        whether it was deleted
 * @param change         the number of the latest change to this message in its conversation's change
 *                       log (its send, edit, delete or a reaction), or 0 if the store keeps no log
 */
public record Message(MessageId id, ConversationId conversationId, long seq, UserId senderId,
                      String clientMsgId, MessageKind kind, String text, Attachment attachment,
                      MessageId replyTo, List<Reaction> reactions, Instant createdAt, Instant editedAt,
                      boolean deleted, long change) {

    /** Checks the fields and copies the reactions into an unmodifiable list. */
    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(senderId, "senderId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(createdAt, "createdAt");
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1: " + seq);
        }
        if (change < 0) {
            throw new IllegalArgumentException("change must not be negative: " + change);
        }
        reactions = List.copyOf(reactions);
    }

    /** A message with no change number (0), as stores without a change log return them. */
    public Message(MessageId id, ConversationId conversationId, long seq, UserId senderId, String clientMsgId,
                   MessageKind kind, String text, Attachment attachment, MessageId replyTo, List<Reaction> reactions,
                   Instant createdAt, Instant editedAt, boolean deleted) {
        this(id, conversationId, seq, senderId, clientMsgId, kind, text, attachment, replyTo, reactions, createdAt,
                editedAt, deleted, 0);
    }

    /** Returns a copy whose latest change has the given number. */
    public Message withChange(long newChange) {
        return new Message(id, conversationId, seq, senderId, clientMsgId, kind, text, attachment, replyTo,
                reactions, createdAt, editedAt, deleted, newChange);
    }

    /** Returns a copy with other text, edited at the given time. */
    public Message withText(String newText, Instant at) {
        return new Message(id, conversationId, seq, senderId, clientMsgId, kind, newText, attachment,
                replyTo, reactions, createdAt, at, deleted, change);
    }

    /** Returns the tombstone of this message, deleted at the given time. */
    public Message asDeleted(Instant at) {
        return new Message(id, conversationId, seq, senderId, clientMsgId, kind, null, null, replyTo,
                List.of(), createdAt, at, true, change);
    }

    /** Returns a copy with other reactions. */
    public Message withReactions(List<Reaction> newReactions) {
        return new Message(id, conversationId, seq, senderId, clientMsgId, kind, text, attachment,
                replyTo, newReactions, createdAt, editedAt, deleted, change);
    }
}
