package dev.parley.core;

import dev.parley.api.Conversation;
import dev.parley.api.ConversationId;
import dev.parley.api.Friendship;
import dev.parley.api.FriendshipState;
import dev.parley.api.Member;
import dev.parley.api.Presence;
import dev.parley.api.UserId;
import dev.parley.api.event.PresenceEvent;
import dev.parley.api.event.TypingEvent;
import dev.parley.api.spi.ChatStore;
import dev.parley.core.fanout.FanOut;
import dev.parley.core.internal.AccessPolicy;
import dev.parley.core.internal.EventDispatcher;
import dev.parley.core.internal.Threads;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Typing indicators and presence. Both are ephemeral: they live in memory and go to live sessions
 * only, never to the store.
 *
 * <p>A user's friends hear when the user's first session opens and when the last one closes. Those
 * announcements run on a presence thread of their own, because a session may close on a transport's
 * I/O thread and finding the friends reads the store. Thread-safe.
 */
public final class PresenceService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PresenceService.class);

    private final ChatStore store;
    private final AccessPolicy policy;
    private final EventDispatcher events;
    private final Clock clock;
    private final Map<UserId, Instant> lastSeen = new ConcurrentHashMap<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(Threads.named("parley-presence"));
    private final FanOut fanOut;

    PresenceService(ChatStore store, AccessPolicy policy, EventDispatcher events, FanOut fanOut, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.events = events;
        this.fanOut = fanOut;
        this.clock = clock;
    }

    /**
     * Tells the other members of a conversation that the user started or stopped typing; in a direct
     * conversation, not across a block (see {@link AccessPolicy#canSignal}).
     *
     * @throws dev.parley.api.NotFoundException if the user is not a member
     */
    public void typing(UserId user, ConversationId conversation, boolean typing) {
        Conversation where = policy.visibleConversation(user, conversation);
        List<UserId> others = new ArrayList<>();
        for (Member member : store.conversations().members(conversation)) {
            UserId other = member.userId();
            if (!other.equals(user) && policy.canSignal(where, user, other)) {
                others.add(other);
            }
        }
        events.publishLive(others, new TypingEvent(conversation, user, typing));
    }

    /** A user's presence as this engine sees it. */
    public Presence presenceOf(UserId user) {
        if (fanOut.isOnline(user)) {
            return Presence.ONLINE;
        }
        Instant seen = lastSeen.get(user);
        return seen == null ? Presence.UNKNOWN : new Presence(false, seen);
    }

    /**
     * Called by the engine when a user's first session on this engine opens or the last one closes.
     *
     * @param announce whether the user's friends hear of it: false when the fan-out reports that the
     *                 user is still, or already, online on another node
     */
    void sessionsChanged(UserId user, boolean online, boolean announce) {
        Instant now = clock.instant();
        if (!online) {
            lastSeen.put(user, now);
        }
        if (!announce) {
            return;
        }
        Presence presence = online ? Presence.ONLINE : new Presence(false, now);
        try {
            thread.execute(() -> announce(user, presence));
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            // The engine is closing; nobody is left to tell.
        }
    }

    private void announce(UserId user, Presence presence) {
        try {
            List<UserId> friends = new ArrayList<>();
            for (Friendship friendship : store.friends().list(user)) {
                if (friendship.state() == FriendshipState.ACCEPTED) {
                    UserId friend = friendship.other(user);
                    if (!policy.blockedEitherWay(user, friend)) {
                        friends.add(friend);
                    }
                }
            }
            events.publish(friends, new PresenceEvent(user, presence));
        } catch (RuntimeException e) {
            LOG.warn("could not announce the presence of user {}", user, e);
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
