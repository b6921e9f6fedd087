package dev.parley.core.protocol;

import dev.parley.api.ConversationId;
import dev.parley.api.Message;
import dev.parley.api.UserId;
import dev.parley.api.spi.ChatListener;
import dev.parley.api.spi.ChatStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Streams committed messages to admin sessions that asked with {@code admin.tail}, optionally only
 * those of one user (sent by them or to a conversation they are in) or one conversation. Runs as a
 * listener, so it never slows the writer. Thread-safe.
 */
final class TailService implements ChatListener {

    /** What one subscriber wants to see; null fields match everything. */
    record Filter(UserId user, ConversationId conversation) {
    }

    private final ChatStore store;
    private final Map<ProtocolConnection, Filter> subscribers = new ConcurrentHashMap<>();

    /** A tail over the given store, which it reads to match the user filter. */
    TailService(ChatStore store) {
        this.store = store;
    }

    @Override
    public String id() {
        return "tail";
    }

    void subscribe(ProtocolConnection session, Filter filter) {
        subscribers.put(session, filter);
    }

    void unsubscribe(ProtocolConnection session) {
        subscribers.remove(session);
    }

    @Override
    public void onMessage(Message message) {
        if (subscribers.isEmpty()) {
            return;
        }
        String frame = null;
        for (Map.Entry<ProtocolConnection, Filter> subscriber : subscribers.entrySet()) {
            if (matches(subscriber.getValue(), message)) {
                if (frame == null) {
                    var data = Wire.object();
                    data.set("message", Wire.message(message));
                    frame = Wire.eventFrame("tail", data).toString();
                }
                subscriber.getKey().sendRaw(frame);
            }
        }
    }

    private boolean matches(Filter filter, Message message) {
        if (filter.conversation() != null && !filter.conversation().equals(message.conversationId())) {
            return false;
        }
        if (filter.user() != null) {
            return filter.user().equals(message.senderId())
                    || store.conversations().findMember(message.conversationId(), filter.user()).isPresent();
        }
        return true;
    }
}
