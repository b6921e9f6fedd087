package dev.parley.api;

import java.util.Objects;

/**
 * A client asked for changes after a change number that the conversation's change log no longer
 * holds in full, because it was compacted past it. The client should reload the conversation from
 * {@code history} and continue from the change number that answer gives. Its code is
 * {@link ErrorCode#SYNC_EXPIRED}.
 */
public class SyncExpiredException extends ChatException {

    private final ConversationId conversationId;
    private final long horizon;

    /** Creates the exception for a conversation compacted up to {@code horizon}. */
    public SyncExpiredException(ConversationId conversationId, long horizon) {
        super(ErrorCode.SYNC_EXPIRED, "the change log of conversation " + conversationId.value()
                + " was compacted up to change " + horizon + "; reload it from history");
        this.conversationId = Objects.requireNonNull(conversationId, "conversationId");
        this.horizon = horizon;
    }

    /** The conversation to reload. */
    public ConversationId conversationId() {
        return conversationId;
    }

    /** The change number up to which the log was compacted; tokens at or above it still work. */
    public long horizon() {
        return horizon;
    }
}
