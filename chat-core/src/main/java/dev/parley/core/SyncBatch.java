package dev.parley.core;

import dev.parley.api.ConversationId;
import dev.parley.api.Message;
import java.util.List;
import java.util.Objects;

/**
 * The messages of one conversation that a client missed.
 *
 * @param conversationId the conversation
 * @param messages       messages after the client's seq, lowest first, without gaps
 * @param hasMore        whether more follow; sync again from the last seq to get them
 */
public record SyncBatch(ConversationId conversationId, List<Message> messages, boolean hasMore) {

    /** Checks the fields and copies the messages. */
    public SyncBatch {
        Objects.requireNonNull(conversationId, "conversationId");
        messages = List.copyOf(messages);
    }
}
