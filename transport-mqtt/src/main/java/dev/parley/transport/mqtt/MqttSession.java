package dev.parley.transport.mqtt;

import dev.parley.api.ConversationId;
import dev.parley.api.Message;
import dev.parley.api.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One MQTT session, which lasts one connection (a clean session) or, for a persistent session (clean
 * session false on 3.1.1, a session expiry on 5), every connection of one user with one client id
 * until it expires: the subscriptions and their granted QoS, the idempotency keys of QoS 1 sends, the
 * highest seq published to the client in each conversation, and the QoS 1 PUBLISH packets the client
 * has not acknowledged yet ({@link InFlight}).
 *
 * <p>Every message of a conversation up to its published seq is either acknowledged or in flight, so
 * a reconnecting client of a persistent session is sent the ones in flight again (DUP, same packet
 * ids), then what the store holds after the published seq, then live messages: nothing cut on the wire
 * is lost. Where a conversation stands for good, everything acknowledged, is {@link #ackedUpTo}. The
 * in-flight window is bounded ({@link #window}); a message that finds it full is not published but read
 * from the store again once PUBACKs make room, so memory stays bounded by the window.
 *
 * <p>Thread-safe: a session is used by one connection at a time (its owner; a connection that lost it
 * to a newer one publishes nothing through it), on its event loop, and read by the engine's threads.
 */
final class MqttSession {

    /** Whose, and which client's, session this is. */
    record Key(UserId user, String clientId) {
    }

    /** A QoS 1 PUBLISH written to the client and not acknowledged yet, to be sent again until it is. */
    record InFlight(int packetId, ConversationId conversation, long seq, String topic, String frame) {
    }

    /** A live message that arrived while the session was catching up. */
    record PendingMessage(String topic, String frame, Message message) {
    }

    /**
     * What to do with a message offered to the session: publish it (at QoS 0, or at QoS 1 with its
     * packet id), skip it (not subscribed, or published before), or stop because the window is full.
     */
    static final class Offer {
        static final Offer SKIP = new Offer(null, null, 0);
        static final Offer FULL = new Offer(null, null, 0);

        final String topic;
        final String frame;
        /** The packet id of a QoS 1 PUBLISH; 0 for QoS 0. */
        final int packetId;

        private Offer(String topic, String frame, int packetId) {
            this.topic = topic;
            this.frame = frame;
            this.packetId = packetId;
        }

        boolean publish() {
            return topic != null;
        }
    }

    /** How many live messages may wait while the session catches up; past that they are read again from the store. */
    private static final int MAX_HELD = 1024;
    private static final int MAX_PACKET_ID = 65_535;

    private final PublishKeys keys = new PublishKeys();
    /** The conversations subscribed one by one, with the QoS granted. */
    private final Map<ConversationId, Integer> conversations = new HashMap<>();
    /** The QoS granted to {@code parley/conversations/+}, or -1 without that subscription. */
    private int allConversations = -1;
    private boolean clientTopic;
    /** The highest seq published in each conversation: acknowledged or in flight, every one up to it. */
    private final Map<ConversationId, Long> published = new HashMap<>();
    /** The QoS 1 PUBLISH packets not yet acknowledged, by packet id, in the order they were published. */
    private final LinkedHashMap<Integer, InFlight> inFlight = new LinkedHashMap<>();
    private int lastPacketId;
    /** How many QoS 1 PUBLISH packets may be in flight on the current connection. */
    private int window = 1;

    /** Set while the client is sent what it missed: live messages wait, in order, until then. */
    private List<PendingMessage> held;
    /** Whether live messages were dropped while catching up, so that the store must be read once more. */
    private boolean overflowed;
    /** Whether catching up waits for PUBACKs to make room in the window. */
    private boolean paused;
    /** When a session whose client is away expires, in nanoTime; 0 while a client is connected. */
    private long expiresAt;
    /** The connection using the session now, or null while the client is away. */
    private Object owner;

    synchronized String keyFor(int packetId, boolean duplicate) {
        return keys.keyFor(packetId, duplicate);
    }

    synchronized void subscribeClientTopic(boolean subscribed) {
        clientTopic = subscribed;
    }

    synchronized boolean clientTopic() {
        return clientTopic;
    }

    /** Subscribes to every conversation of the user at this QoS, or unsubscribes with -1. */
    synchronized void subscribeAll(int qos) {
        allConversations = qos;
    }

    synchronized boolean subscribedToAll() {
        return allConversations >= 0;
    }

    synchronized void subscribe(ConversationId conversation, int qos) {
        conversations.put(conversation, qos);
    }

    synchronized boolean unsubscribe(ConversationId conversation) {
        return conversations.remove(conversation) != null;
    }

    /** Whether the client hears of this conversation's messages. */
    synchronized boolean subscribed(ConversationId conversation) {
        return qos(conversation) >= 0;
    }

    /** The QoS the conversation's messages are published at: the highest of the matching subscriptions, or -1. */
    private int qos(ConversationId conversation) {
        return Math.max(allConversations, conversations.getOrDefault(conversation, -1));
    }

    /** Whether the client subscribed to any conversation topic. */
    synchronized boolean hasConversationSubscriptions() {
        return allConversations >= 0 || !conversations.isEmpty();
    }

    /** Where the client stands in conversations it has not heard of yet, as it subscribes. */
    synchronized void baseline(Map<ConversationId, Long> latest) {
        latest.forEach(published::putIfAbsent);
    }

    /**
     * Offers a live message: published now if it is past the highest seq published in its conversation
     * and, at QoS 1, the window has room; held while the session catches up. A QoS 1 message that finds
     * the window full starts a catch-up that waits for PUBACKs, which reads it from the store then.
     */
    synchronized Offer admit(Object connection, String topic, String frame, Message message) {
        if (connection != owner || !subscribed(message.conversationId())) {
            return Offer.SKIP;
        }
        if (held != null) {
            if (!paused && held.size() < MAX_HELD) {
                held.add(new PendingMessage(topic, frame, message));
            } else {
                overflowed = true; // committed before it was fanned out, so the next read of the store has it
            }
            return Offer.SKIP;
        }
        Offer offer = offer(topic, frame, message);
        if (offer == Offer.FULL) {
            held = new ArrayList<>();
            paused = true;
        }
        return offer;
    }

    /** Offers a message read from the store while catching up; a full window pauses the catch-up. */
    synchronized Offer admitMissed(Object connection, String topic, String frame, Message message) {
        if (connection != owner) {
            return Offer.FULL; // taken over: this connection stops
        }
        Offer offer = offer(topic, frame, message);
        if (offer == Offer.FULL) {
            paused = true;
        }
        return offer;
    }

    private Offer offer(String topic, String frame, Message message) {
        ConversationId conversation = message.conversationId();
        int qos = qos(conversation);
        if (qos < 0) {
            return Offer.SKIP;
        }
        Long last = published.get(conversation);
        if (last != null && message.seq() <= last) {
            return Offer.SKIP;
        }
        if (qos == 0) {
            published.put(conversation, message.seq());
            return new Offer(topic, frame, 0);
        }
        if (inFlight.size() >= window) {
            return Offer.FULL;
        }
        published.put(conversation, message.seq());
        int packetId = nextPacketId();
        inFlight.put(packetId, new InFlight(packetId, conversation, message.seq(), topic, frame));
        return new Offer(topic, frame, packetId);
    }

    /** The next packet id not in flight; there is one, as the window is at most 65,535. */
    private int nextPacketId() {
        do {
            lastPacketId = lastPacketId == MAX_PACKET_ID ? 1 : lastPacketId + 1;
        } while (inFlight.containsKey(lastPacketId));
        return lastPacketId;
    }

    /**
     * A PUBACK: the message is the client's, and leaves the window.
     *
     * @return whether the packet id was in flight
     */
    synchronized boolean acknowledge(Object connection, int packetId) {
        return connection == owner && inFlight.remove(packetId) != null;
    }

    /** Whether a catch-up waits for room in the window and there is room now; then it goes on. */
    synchronized boolean resumeIfRoom(Object connection) {
        if (connection != owner || !paused || inFlight.size() >= window) {
            return false;
        }
        paused = false;
        return true;
    }

    /**
     * Where a conversation stands for good: the highest seq below which every message published to the
     * client was acknowledged (for a conversation published at QoS 0, the highest published), or null
     * if the session does not know the conversation.
     */
    synchronized Long ackedUpTo(ConversationId conversation) {
        Long last = published.get(conversation);
        for (InFlight waiting : inFlight.values()) {
            if (waiting.conversation().equals(conversation) && (last == null || waiting.seq() - 1 < last)) {
                last = waiting.seq() - 1;
            }
        }
        return last;
    }

    /** How many QoS 1 PUBLISH packets wait for their PUBACK. */
    synchronized int inFlightCount() {
        return inFlight.size();
    }

    /** Starts catching up: live messages wait until {@link #caughtUp}. */
    private void catchingUp() {
        held = new ArrayList<>();
        overflowed = false;
        paused = false;
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

    /**
     * The store has nothing more: publishes the live messages that waited and still are new. If the
     * window fills meanwhile, or live messages were dropped, catching up goes on ({@link #catchingUpNow});
     * else the session is live again.
     *
     * @return the messages to publish, in order
     */
    synchronized List<Offer> caughtUp(Object connection) {
        if (connection != owner || held == null) {
            return List.of();
        }
        List<PendingMessage> waiting = held;
        boolean again = overflowed;
        held = null;
        List<Offer> fresh = new ArrayList<>();
        for (PendingMessage pending : waiting) {
            Offer offer = offer(pending.topic(), pending.frame(), pending.message());
            if (offer == Offer.FULL) {
                catchingUp();
                paused = true; // the rest is in the store, read once PUBACKs make room
                return fresh;
            }
            if (offer.publish()) {
                fresh.add(offer);
            }
        }
        if (again) {
            catchingUp();
        }
        return fresh;
    }

    /** Whether the session is catching up: reading the store, or waiting for room to go on. */
    synchronized boolean catchingUpNow() {
        return held != null;
    }

    /** Whether catching up waits for PUBACKs. */
    synchronized boolean paused() {
        return paused;
    }

    /**
     * A connection takes the session over, with its own window. A session that is present (a
     * reconnect) starts catching up at once, so that no live message overtakes what was missed.
     */
    synchronized void attach(Object connection, int window, boolean present) {
        owner = connection;
        expiresAt = 0;
        this.window = window;
        if (present) {
            catchingUp();
        } else {
            held = null;
            paused = false;
        }
    }

    /**
     * What a reconnecting client is sent first: the PUBLISH packets still in flight, again with their
     * packet ids, as MQTT requires, up to the new connection's window. Any past that window are
     * forgotten as in flight and their conversations read from the store again from the first of
     * them, so the client may get such a message again without DUP, and never misses it.
     *
     * @return the packets to send again with DUP, in the order they were first published
     */
    synchronized List<InFlight> resend(Object connection) {
        if (connection != owner) {
            return List.of();
        }
        List<InFlight> again = new ArrayList<>();
        Iterator<InFlight> each = inFlight.values().iterator();
        while (each.hasNext()) {
            InFlight waiting = each.next();
            if (again.size() < window) {
                again.add(waiting);
            } else {
                each.remove();
                published.merge(waiting.conversation(), waiting.seq() - 1, Math::min);
            }
        }
        return again;
    }

    /**
     * The connection closed; the session expires then, unless a newer connection has taken it over.
     * What is in flight stays, to be sent again on the next connection.
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
        overflowed = false;
        paused = false;
        return true;
    }

    /** Whether the client is away and the session expired. */
    synchronized boolean expired(long nowNanos) {
        return expiresAt != 0 && nowNanos - expiresAt > 0;
    }
}
