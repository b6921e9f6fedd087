package dev.parley.core.fanout;

import dev.parley.api.UserId;
import dev.parley.api.event.ChatEvent;
import dev.parley.core.ChatSession;
import java.util.Collection;

/**
 * The one path by which events reach live sessions. The engine's default, {@link LocalFanOut},
 * delivers to the sessions of this process; a cluster bus replaces it to reach sessions on other
 * nodes too.
 *
 * <p>Implementations are thread-safe and never block: delivery is a hint, and a session that misses
 * an event catches up by syncing from the store.
 */
public interface FanOut extends AutoCloseable {

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

    /** Whether the user has a live session anywhere this fan-out reaches. */
    boolean isOnline(UserId user);

    /** Releases what the fan-out holds. */
    @Override
    default void close() {
    }
}
