package dev.parley.core.internal;

import dev.parley.api.ConversationId;
import dev.parley.api.Member;
import dev.parley.api.Message;
import dev.parley.api.UserId;
import dev.parley.api.event.MessageEvent;
import dev.parley.api.spi.ConversationStore;
import dev.parley.core.fanout.FanOut;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What happens after a batch of messages is committed, on the writer thread: each message goes to
 * every live session of every member (except the session that sent it, which got the ack), the
 * members with no live session are handed to the push dispatcher, and the batch goes to the listeners.
 * Nothing here blocks but the member lookup, which is done once per conversation per batch.
 */
public final class CommitDispatcher {

    private final ConversationStore conversations;
    private final FanOut fanOut;
    private final PushDispatcher push;
    private final ListenerDispatcher listeners;

    /** A dispatcher over the fan-out, push and listeners. */
    public CommitDispatcher(ConversationStore conversations, FanOut fanOut, PushDispatcher push,
                            ListenerDispatcher listeners) {
        this.conversations = conversations;
        this.fanOut = fanOut;
        this.push = push;
        this.listeners = listeners;
    }

    /** Dispatches one committed batch. */
    public void committed(List<MessageWriter.Committed> batch) {
        Map<ConversationId, List<UserId>> membersOf = new HashMap<>();
        List<Message> messages = new ArrayList<>(batch.size());
        for (MessageWriter.Committed committed : batch) {
            Message message = committed.result().message();
            messages.add(message);
            List<UserId> members = membersOf.computeIfAbsent(message.conversationId(), this::memberIds);
            MessageEvent event = new MessageEvent(message);
            if (committed.origin() == null) {
                fanOut.deliver(members, event);
            } else {
                fanOut.deliver(members, event, committed.origin());
            }
            List<UserId> offline = new ArrayList<>();
            for (UserId member : members) {
                if (!member.equals(message.senderId()) && !fanOut.isOnline(member)) {
                    offline.add(member);
                }
            }
            push.notifyOffline(message, offline);
        }
        listeners.messages(messages);
    }

    private List<UserId> memberIds(ConversationId conversation) {
        List<Member> members = conversations.members(conversation);
        List<UserId> ids = new ArrayList<>(members.size());
        members.forEach(m -> ids.add(m.userId()));
        return ids;
    }
}
