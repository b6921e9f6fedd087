package dev.parley.api;

import java.util.Objects;

/**
 * One entry of a conversation's change log. Every change to a conversation (a message, an edit, a
 * delete, a reaction, a cursor move, a membership change, a rename) takes the conversation's next
 * change number: 1, 2, 3 and so on, with no gaps, assigned in the transaction that makes the change.
 *
 * @param conversationId the conversation
 * @param number         the change number, from 1
 * @param kind           what changed
 * @param entityId       what it changed: the message id for a message change, the user id for a
 *                       cursor or membership change, the conversation id for a rename
 */
public record Change(ConversationId conversationId, long number, ChangeKind kind, long entityId) {

    /** Checks the fields. */
    public Change {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(kind, "kind");
        if (number < 1) {
            throw new IllegalArgumentException("change numbers start at 1: " + number);
        }
    }

    /** The message this change is about; only for {@link ChangeKind.Entity#MESSAGE} changes. */
    public MessageId messageId() {
        requireEntity(ChangeKind.Entity.MESSAGE);
        return MessageId.of(entityId);
    }

    /** The member this change is about; only for cursor and membership changes. */
    public UserId userId() {
        if (kind.entity() != ChangeKind.Entity.CURSOR && kind.entity() != ChangeKind.Entity.MEMBER) {
            throw new IllegalStateException(kind + " is not about a user");
        }
        return UserId.of(entityId);
    }

    private void requireEntity(ChangeKind.Entity entity) {
        if (kind.entity() != entity) {
            throw new IllegalStateException(kind + " is not about a " + entity);
        }
    }
}
