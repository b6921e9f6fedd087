package dev.parley.core;

import dev.parley.api.ConversationId;
import java.util.List;
import java.util.Objects;

/**
 * What changed in one conversation after the change number a client sent.
 *
 * @param conversationId the conversation
 * @param changes        each entity that changed, once, at its latest change, in change order
 * @param lastChange     the change number the client has now seen everything up to: send it next
 *                       time. With {@code hasMore}, the number of the last change in this page
 * @param hasMore        whether more changes follow; sync again from {@code lastChange} to get them
 * @param removed        whether the user is no longer a member: this batch holds the change that
 *                       removed them, and nothing after it will come
 */
public record ChangeBatch(ConversationId conversationId, List<ChangeEntry> changes, long lastChange, boolean hasMore,
                          boolean removed) {

    /** Checks the fields and copies the changes. */
    public ChangeBatch {
        Objects.requireNonNull(conversationId, "conversationId");
        changes = List.copyOf(changes);
    }
}
