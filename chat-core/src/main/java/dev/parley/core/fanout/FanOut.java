package dev.parley.core.fanout;

import dev.parley.api.UserId;
import dev.parley.api.event.ChatEvent;
import dev.parley.core.ChatSession;
import java.util.Collection;

/**
 * The one path by which events reach live sessions, and by which sessions are closed when a login is
 * revoked. The engine's default, {@link LocalFanOut}, reaches the sessions of this process; a cluster
 * bus replaces it, through {@link dev.parley.core.ChatEngineBuilder#fanOut(FanOutFactory)}, to reach
 * sessions on other nodes too.
 *
 * <p>The engine calls {@link #start()} once, after its extensions and before its transports, and
 * {@link #close()} once, after its sessions have closed. Every other method may be called from any
 * thread, including the writer thread and a transport's I/O thread, so implementations are
 * thread-safe and never block on the network: delivery is a hint, and a session that misses an event
 * catches up by syncing from the store.
 */
public interface FanOut extends AutoCloseable {

    /** A short name for logs, such as {@code local} or {@code redis}. */
    String id();

    /** Connects what the fan-out needs; called once by {@link dev.parley.core.ChatEngine#start()}. */
    default void start() {
    }

    /**
     * Delivers an event to every live session of the given users.
     *
     * @param recipients the users to reach
     * @param event      the event
     */
    void deliver(Collection<UserId> recipients, ChatEvent event);

    /**
     * Delivers an event to every live session of the given users but one: the session that sent a
     * message, which gets an ack instead. Other sessions of the same user get the event.
     *
     * @param recipients the users to reach
     * @param event      the event
     * @param except     the session to skip, a session of this process
     */
    void deliver(Collection<UserId> recipients, ChatEvent event, ChatSession except);

    /** Whether the user has a live session anywhere this fan-out reaches. Answers from memory. */
    boolean isOnline(UserId user);

    /**
     * Told by the engine when a user's first session on this process opened, or the last one closed,
     * in the order these happen for each user. A cluster records it where other nodes see it.
     *
     * @param user   the user
     * @param online true when the first local session opened, false when the last one closed
     * @return whether the user's presence changed everywhere this fan-out reaches, so that the engine
     *         tells the user's friends: false when the user is still, or already, online elsewhere
     */
    boolean localPresenceChanged(UserId user, boolean online);

    /**
     * Closes every live session of the user, here and wherever else the fan-out reaches: after a
     * logout everywhere, a disable or a delete.
     */
    void closeAll(UserId user, String reason);

    /**
     * Closes every live session that logged in with the token of this hash, here and wherever else
     * the fan-out reaches: after a logout.
     */
    void closeWithToken(String tokenHash, String reason);

    /** Releases what the fan-out holds. */
    @Override
    default void close() {
    }
}
