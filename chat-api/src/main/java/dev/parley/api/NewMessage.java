package dev.parley.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A message that has passed the engine's checks and waits to be stored. The store gives it an id
 * and the next seq of its conversation.
 *
 * @param conversationId the conversation
 * @param senderId       the sender, or {@link UserId#SYSTEM}
 * @param clientMsgId    the sender's id for it, or null; (sender, clientMsgId) is unique
 * @param kind           what it carries
 * @param text           the text or caption, or null
 * @param attachment     the attachment, or null
 * @param replyTo        the message replied to, or null
 * @param createdAt      when it is stored
 */
public record NewMessage(ConversationId conversationId, UserId senderId, String clientMsgId,
                         MessageKind kind, String text, Attachment attachment, MessageId replyTo,
                         Instant createdAt) {

    /** Checks the fields. */
    public NewMessage {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(senderId, "senderId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Returns the stored message with the given id and seq. */
    public Message stored(MessageId id, long seq) {
        return new Message(id, conversationId, seq, senderId, clientMsgId, kind, text, attachment, replyTo,
                List.of(), createdAt, null, false);
    }
}
