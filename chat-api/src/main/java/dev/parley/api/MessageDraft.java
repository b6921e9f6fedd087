package dev.parley.api;

import java.util.Objects;

/**
 * What a sender wants to send, before the engine checks it and a
 * {@link dev.parley.api.spi.MessageInterceptor} may rewrite it.
 *
 * @param kind        what it carries
 * @param text        the text or caption, or null
 * @param attachment  the attachment of an image, voice or file message, or null
 * @param replyTo     the message this replies to, or null
 * @param clientMsgId the sender's id for it, which makes retries idempotent, or null
 */
public record MessageDraft(MessageKind kind, String text, Attachment attachment, MessageId replyTo,
                           String clientMsgId) {

    /** Checks that a kind is given. */
    public MessageDraft {
        Objects.requireNonNull(kind, "kind");
    }

    /** A text message. */
    public static MessageDraft text(String text) {
        return new MessageDraft(MessageKind.TEXT, text, null, null, null);
    }

    /** A message of the given kind with an attachment and an optional caption. */
    public static MessageDraft attachment(MessageKind kind, Attachment attachment, String caption) {
        return new MessageDraft(kind, caption, attachment, null, null);
    }

    /** Returns a copy with the given client message id. */
    public MessageDraft withClientMsgId(String id) {
        return new MessageDraft(kind, text, attachment, replyTo, id);
    }

    /** Returns a copy that replies to the given message. */
    public MessageDraft replyingTo(MessageId message) {
        return new MessageDraft(kind, text, attachment, message, clientMsgId);
    }

    /** Returns a copy with other text. */
    public MessageDraft withText(String newText) {
        return new MessageDraft(kind, newText, attachment, replyTo, clientMsgId);
    }
}
