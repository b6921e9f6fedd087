package dev.parley.core;

import dev.parley.api.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The live sessions of each user on this engine. Transports open a session once a connection has
 * logged in; the fan-out looks sessions up here.
 *
 * <p>Thread-safe. Presence changes (a user's first session opening, the last one closing) are reported
 * to the engine in the order they happen for each user.
 */
public final class SessionRegistry {

    private final Map<UserId, Set<ChatSession>> byUser = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong count = new AtomicLong();
    private final BiConsumer<UserId, Boolean> presenceChanged;
    private final int maxPerUser;
    private final dev.parley.core.internal.EngineMetrics metrics;

    SessionRegistry(BiConsumer<UserId, Boolean> presenceChanged, int maxPerUser,
                    dev.parley.core.internal.EngineMetrics metrics) {
        this.presenceChanged = presenceChanged;
        this.maxPerUser = maxPerUser;
        this.metrics = metrics;
    }

    /** Counts an event handed to a session, or refused by its full queue. */
    void delivered(boolean queued) {
        if (queued) {
            metrics.delivered();
        } else {
            metrics.dropped();
        }
    }

    /**
     * Registers a live session for an authenticated user. The engine does not check the user here:
     * call it only after a login succeeded.
     *
     * @throws dev.parley.api.RateLimitedException if the user already holds the most sessions allowed
     */
    public ChatSession open(UserId user, EventSink sink) {
        return open(user, sink, null);
    }

    /**
     * Registers a live session that logged in with a token, so that revoking the token closes it.
     *
     * @param tokenHash the hash of the login token, or null
     */
    public ChatSession open(UserId user, EventSink sink, String tokenHash) {
        ChatSession session = new ChatSession(nextId.getAndIncrement(), user, sink, this, tokenHash);
        boolean[] first = new boolean[1];
        byUser.compute(user, (u, sessions) -> {
            Set<ChatSession> set = sessions == null ? new CopyOnWriteArraySet<>() : sessions;
            if (set.size() >= maxPerUser) {
                throw new dev.parley.api.RateLimitedException("this user already has " + maxPerUser
                        + " sessions open; close one first", java.time.Duration.ofMinutes(1));
            }
            first[0] = set.isEmpty();
            set.add(session);
            return set;
        });
        count.incrementAndGet();
        if (first[0]) {
            presenceChanged.accept(user, true);
        }
        return session;
    }

    void remove(ChatSession session) {
        boolean[] last = new boolean[1];
        byUser.computeIfPresent(session.userId(), (u, sessions) -> {
            if (sessions.remove(session)) {
                count.decrementAndGet();
                last[0] = sessions.isEmpty();
            }
            return sessions.isEmpty() ? null : sessions;
        });
        if (last[0]) {
            presenceChanged.accept(session.userId(), false);
        }
    }

    /** The user's live sessions; empty if none. */
    public Set<ChatSession> sessionsOf(UserId user) {
        Set<ChatSession> sessions = byUser.get(user);
        return sessions == null ? Set.of() : sessions;
    }

    /** Whether the user has at least one live session on this engine. */
    public boolean isOnline(UserId user) {
        return byUser.containsKey(user);
    }

    /** How many sessions are live. */
    public long count() {
        return count.get();
    }

    /** Closes every session of one user, for example after a logout everywhere or a disable. */
    public void closeAll(UserId user, String reason) {
        for (ChatSession session : new ArrayList<>(sessionsOf(user))) {
            session.close(reason);
        }
    }

    /** Closes every session that logged in with the token of this hash. */
    public void closeWithToken(String tokenHash, String reason) {
        List<ChatSession> matching = new ArrayList<>();
        byUser.values().forEach(sessions -> sessions.stream()
                .filter(s -> tokenHash.equals(s.tokenHash())).forEach(matching::add));
        matching.forEach(s -> s.close(reason));
    }

    /** Closes every session, as the engine shuts down. */
    void closeEverything(String reason) {
        List<ChatSession> all = new ArrayList<>();
        byUser.values().forEach(all::addAll);
        for (ChatSession session : all) {
            session.close(reason);
        }
    }
}
