package dev.parley.core.protocol;

import dev.parley.api.Conversation;
import dev.parley.api.ConversationId;
import dev.parley.api.Message;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.spi.ChatStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The latest messages across conversations, for an admin's {@code tail} without {@code -f}: of one
 * conversation, of one user's conversations, or of all. It reads each conversation's latest page and
 * merges them, which is fine for an admin tool but walks every conversation when there is no filter.
 */
final class RecentMessages {

    private RecentMessages() {
    }

    static List<Message> of(ChatStore store, UserId user, ConversationId conversation, int limit) {
        Set<ConversationId> conversations = new LinkedHashSet<>();
        if (conversation != null) {
            conversations.add(conversation);
        } else if (user != null) {
            store.conversations().listFor(user).forEach(c -> conversations.add(c.id()));
        } else {
            UserId after = null;
            while (true) {
                List<User> page = store.users().list(after, 500);
                if (page.isEmpty()) {
                    break;
                }
                for (User each : page) {
                    for (Conversation c : store.conversations().listFor(each.id())) {
                        conversations.add(c.id());
                    }
                }
                after = page.get(page.size() - 1).id();
            }
        }
        List<Message> latest = new ArrayList<>();
        for (ConversationId id : conversations) {
            latest.addAll(store.messages().before(id, Long.MAX_VALUE, limit));
        }
        latest.sort(Comparator.comparing((Message m) -> m.id().value()));
        return latest.size() <= limit ? latest : latest.subList(latest.size() - limit, latest.size());
    }
}
