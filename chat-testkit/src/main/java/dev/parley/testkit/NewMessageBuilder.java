package dev.parley.testkit;

import dev.parley.api.Attachment;
import dev.parley.api.ConversationId;
import dev.parley.api.MessageId;
import dev.parley.api.MessageKind;
import dev.parley.api.NewMessage;
import dev.parley.api.UserId;
import java.time.Instant;

/**
 * Test data: a {@link NewMessage} named field by field instead of eight positional arguments with
 * nulls. Starts as a text message without text, client id, attachment or reply, created at
 * {@link #DEFAULT_TIME}:
 * <pre>{@code
 * NewMessage hello = NewMessageBuilder.message(group.id(), ann.id()).text("hello").clientMsgId("c1").build();
 * }</pre>
 * Not thread-safe; build one message on one thread.
 */
public final class NewMessageBuilder {

    /** When a message is created unless {@link #at(Instant)} says otherwise. */
    public static final Instant DEFAULT_TIME = Instant.parse("2030-01-01T09:00:00Z");

    private final ConversationId conversation;
    private final UserId sender;
    private String clientMsgId;
    private MessageKind kind = MessageKind.TEXT;
    private String text;
    private Attachment attachment;
    private MessageId replyTo;
    private Instant createdAt = DEFAULT_TIME;

    private NewMessageBuilder(ConversationId conversation, UserId sender) {
        this.conversation = conversation;
        this.sender = sender;
    }

    /** A message from the sender (or {@link UserId#SYSTEM}) to the conversation. */
    public static NewMessageBuilder message(ConversationId conversation, UserId sender) {
        return new NewMessageBuilder(conversation, sender);
    }

    /** A text message with this text. */
    public static NewMessageBuilder text(ConversationId conversation, UserId sender, String text) {
        return message(conversation, sender).text(text);
    }

    /** The sender's own id for the message, which the store keeps unique per sender. */
    public NewMessageBuilder clientMsgId(String clientMsgId) {
        this.clientMsgId = clientMsgId;
        return this;
    }

    /** What the message carries; {@link MessageKind#TEXT} unless set. */
    public NewMessageBuilder kind(MessageKind kind) {
        this.kind = kind;
        return this;
    }

    /** The text, or the caption of an attachment. */
    public NewMessageBuilder text(String text) {
        this.text = text;
        return this;
    }

    /** An attachment, of a message of the given kind. */
    public NewMessageBuilder attachment(MessageKind kind, Attachment attachment) {
        this.kind = kind;
        this.attachment = attachment;
        return this;
    }

    /** The message this one answers. */
    public NewMessageBuilder replyTo(MessageId replyTo) {
        this.replyTo = replyTo;
        return this;
    }

    /** When the message is created. */
    public NewMessageBuilder at(Instant createdAt) {
        this.createdAt = createdAt;
        return this;
    }

    /** The message, checked as {@link NewMessage} checks its fields. */
    public NewMessage build() {
        return new NewMessage(conversation, sender, clientMsgId, kind, text, attachment, replyTo, createdAt);
    }
}
