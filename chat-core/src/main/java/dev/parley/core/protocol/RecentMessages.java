package dev.parley.core.protocol;

import dev.parley.api.ConversationId;
import dev.parley.api.Message;
import dev.parley.api.UserId;
import dev.parley.core.ChatEngine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The latest messages across conversations, for an admin's {@code tail} without {@code -f}: of one
 * conversation, of one user's conversations, or of all. It reads each conversation's latest page and
 * merges them, which is fine for an admin tool but walks every conversation when there is no filter.
 */
final class RecentMessages {

    private RecentMessages() {
    }

    static List<Message> of(ChatEngine engine, UserId user, ConversationId conversation, int limit) {
        List<ConversationId> conversations = new ArrayList<>();
        if (conversation != null) {
            conversations.add(conversation);
        } else {
            engine.conversations().everyConversation(user).forEach(c -> conversations.add(c.id()));
        }
        List<Message> latest = new ArrayList<>();
        for (ConversationId id : conversations) {
            latest.addAll(engine.store().messages().before(id, Long.MAX_VALUE, limit));
        }
        latest.sort(Comparator.comparing((Message m) -> m.id().value()));
        return latest.size() <= limit ? latest : latest.subList(latest.size() - limit, latest.size());
    }
}
