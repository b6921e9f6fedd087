package dev.parley.core;

import dev.parley.api.CloseReason;
import dev.parley.api.UserId;
import dev.parley.api.event.ChatEvent;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One authenticated, live connection of a user: a browser tab, a phone, a TCP client. A user may have
 * several. Created by {@link SessionRegistry#open}, and ended by {@link #close(String)}.
 *
 * <p>Thread-safe.
 */
public final class ChatSession {

    private final long id;
    private final UserId userId;
    private final EventSink sink;
    private final SessionRegistry registry;
    private final String tokenHash;
    private final AtomicBoolean open = new AtomicBoolean(true);

    ChatSession(long id, UserId userId, EventSink sink, SessionRegistry registry, String tokenHash) {
        this.id = id;
        this.userId = userId;
        this.sink = sink;
        this.registry = registry;
        this.tokenHash = tokenHash;
    }

    /** The hash of the token this session logged in with, or null: revoking it closes the session. */
    String tokenHash() {
        return tokenHash;
    }

    /** A number unique among this engine's sessions. */
    public long id() {
        return id;
    }

    /** The authenticated user. Requests on this session always act as this user. */
    public UserId userId() {
        return userId;
    }

    /** Whether the session is still open. */
    public boolean isOpen() {
        return open.get();
    }

    /**
     * Hands an event to the session's sink. If the sink's queue is full, the session is closed as a
     * slow consumer.
     */
    public void deliver(ChatEvent event) {
        if (!open.get()) {
            return;
        }
        boolean queued = sink.offer(event);
        registry.delivered(queued);
        if (!queued) {
            close(CloseReason.SLOW_CONSUMER);
        }
    }

    /** Closes the session and its connection, and removes it from the registry. Idempotent. */
    public void close(String reason) {
        if (open.compareAndSet(true, false)) {
            registry.remove(this);
            sink.close(reason);
        }
    }

    @Override
    public String toString() {
        return "ChatSession[" + id + ", user " + userId + "]";
    }
}
