package dev.parley.transport.mqtt;

import dev.parley.api.ConversationId;
import dev.parley.api.Message;
import dev.parley.api.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One MQTT session, which lasts one connection (a clean session) or, for a persistent session (clean
 * session false on 3.1.1, a session expiry on 5), every connection of one user with one client id
 * until it expires: the subscriptions, the idempotency keys of QoS 1 sends, and the highest seq
 * published to the client in each conversation, from which a reconnecting client is sent what it
 * missed. Thread-safe: a session is used by one connection at a time, but by its event loop and the
 * engine's threads.
 */
final class MqttSession {

    /** Whose, and which client's, session this is. */
    record Key(UserId user, String clientId) {
    }

    private final PublishKeys keys = new PublishKeys();
    private final Set<ConversationId> conversations = new HashSet<>();
    private final Map<ConversationId, Long> published = new HashMap<>();
    private boolean allConversations;
    private boolean clientTopic;
    /** How many live messages may wait while the session catches up; past that they are read again from the store. */
    private static final int MAX_HELD = 1024;

    /** Set while a reconnected client is sent what it missed: live messages wait, in order, until then. */
    private List<PendingMessage> held;
    /** Whether live messages were dropped while catching up, so that the store must be read once more. */
    private boolean overflowed;
    /** When a session whose client is away expires, in nanoTime; 0 while a client is connected. */
    private long expiresAt;

    /** A live message that arrived while the session was catching up. */
    record PendingMessage(String topic, String frame, Message message) {
    }

    synchronized String keyFor(int packetId, boolean duplicate) {
        return keys.keyFor(packetId, duplicate);
    }

    synchronized void subscribeClientTopic(boolean subscribed) {
        clientTopic = subscribed;
    }

    synchronized boolean clientTopic() {
        return clientTopic;
    }

    synchronized void subscribeAll(boolean subscribed) {
        allConversations = subscribed;
    }

    synchronized boolean subscribedToAll() {
        return allConversations;
    }

    synchronized void subscribe(ConversationId conversation) {
        conversations.add(conversation);
    }

    synchronized boolean unsubscribe(ConversationId conversation) {
        return conversations.remove(conversation);
    }

    /** Whether the client hears of this conversation's messages. */
    synchronized boolean subscribed(ConversationId conversation) {
        return allConversations || conversations.contains(conversation);
    }

    /** Whether the client subscribed to any conversation topic. */
    synchronized boolean hasConversationSubscriptions() {
        return allConversations || !conversations.isEmpty();
    }

    /** Where the client stands in conversations it has not heard of yet, as it subscribes. */
    synchronized void baseline(Map<ConversationId, Long> latest) {
        latest.forEach(published::putIfAbsent);
    }

    /**
     * Decides whether a message is published: only past the highest seq already published in its
     * conversation, so that nothing is published twice, and not now while the session catches up
     * ({@link #held}).
     *
     * @return true to publish it now
     */
    synchronized boolean admit(String topic, String frame, Message message) {
        if (held != null) {
            if (held.size() < MAX_HELD) {
                held.add(new PendingMessage(topic, frame, message));
            } else {
                overflowed = true; // committed before it was fanned out, so the next read of the store has it
            }
            return false;
        }
        return advance(message);
    }

    /** Admits a message read from the store while catching up. */
    synchronized boolean admitMissed(Message message) {
        return subscribed(message.conversationId()) && advance(message);
    }

    private boolean advance(Message message) {
        Long last = published.get(message.conversationId());
        if (last != null && message.seq() <= last) {
            return false;
        }
        published.put(message.conversationId(), message.seq());
        return true;
    }

    /** Starts catching up: live messages wait until {@link #caughtUp()}. */
    synchronized void catchingUp() {
        held = new ArrayList<>();
        overflowed = false;
    }

    /** Whether live messages were dropped while catching up; then catch up once more. */
    synchronized boolean overflowed() {
        return overflowed;
    }

    /**
     * Where to read from to catch up: the highest seq published in each subscribed conversation the
     * session knows. A conversation the user joined while away is not read back; {@code sync} has it.
     */
    synchronized Map<ConversationId, Long> catchUpFrom() {
        Map<ConversationId, Long> from = new HashMap<>();
        published.forEach((conversation, seq) -> {
            if (subscribed(conversation)) {
                from.put(conversation, seq);
            }
        });
        return from;
    }

    /** Ends catching up and returns the live messages that waited, to publish those still new. */
    synchronized List<PendingMessage> caughtUp() {
        List<PendingMessage> waiting = held == null ? List.of() : held;
        held = null;
        List<PendingMessage> fresh = new ArrayList<>();
        for (PendingMessage pending : waiting) {
            if (advance(pending.message())) {
                fresh.add(pending);
            }
        }
        return fresh;
    }

    /** The connection using the session now, or null while the client is away. */
    private Object owner;

    /** A connection takes the session over. */
    synchronized void attach(Object connection) {
        owner = connection;
        expiresAt = 0;
    }

    /**
     * The connection closed; the session expires then, unless a newer connection has taken it over.
     *
     * @return whether the session is now without a client
     */
    synchronized boolean detach(Object connection, long expiresAtNanos) {
        if (owner != connection) {
            return false;
        }
        owner = null;
        expiresAt = expiresAtNanos == 0 ? 1 : expiresAtNanos;
        held = null;
        return true;
    }

    /** Whether the client is away and the session expired. */
    synchronized boolean expired(long nowNanos) {
        return expiresAt != 0 && nowNanos - expiresAt > 0;
    }
}
