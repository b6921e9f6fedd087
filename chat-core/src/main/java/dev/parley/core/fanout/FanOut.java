package dev.parley.core.fanout;

import dev.parley.api.UserId;
import dev.parley.api.event.ChatEvent;
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
     * @param recipients    the users to reach
     * @param event         the event
     * @param exceptSession the id of one session to skip (the one that sent a message, which gets an
     *                      ack instead), or 0 for none
     */
    void deliver(Collection<UserId> recipients, ChatEvent event, long exceptSession);

    /** Whether the user has a live session anywhere this fan-out reaches. */
    boolean isOnline(UserId user);

    /** Releases what the fan-out holds. */
    @Override
    default void close() {
    }
}
