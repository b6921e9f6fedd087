package dev.parley.core.protocol;

import dev.parley.api.Conversation;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.spi.ChatStore;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The groups of one user, or of every user, in id order, for an admin's {@code groups list}. Without
 * a user it walks every user's conversations, which is fine for an admin tool.
 */
final class AllGroups {

    private AllGroups() {
    }

    static List<Conversation> of(ChatStore store, UserId user) {
        Map<Long, Conversation> groups = new TreeMap<>();
        if (user != null) {
            collect(store, user, groups);
            return List.copyOf(groups.values());
        }
        UserId after = null;
        while (true) {
            List<User> page = store.users().list(after, 500);
            if (page.isEmpty()) {
                return List.copyOf(groups.values());
            }
            page.forEach(u -> collect(store, u.id(), groups));
            after = page.get(page.size() - 1).id();
        }
    }

    private static void collect(ChatStore store, UserId user, Map<Long, Conversation> groups) {
        for (Conversation conversation : store.conversations().listFor(user)) {
            if (conversation.isGroup()) {
                groups.put(conversation.id().value(), conversation);
            }
        }
    }
}
