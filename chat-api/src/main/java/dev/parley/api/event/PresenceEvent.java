package dev.parley.api.event;

import dev.parley.api.Presence;
import dev.parley.api.UserId;
import java.util.Objects;

/**
 * A friend came online or went offline. Ephemeral: never stored.
 *
 * @param userId   whose presence changed
 * @param presence the presence now
 */
public record PresenceEvent(UserId userId, Presence presence) implements ChatEvent {

    /** Checks the fields. */
    public PresenceEvent {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(presence, "presence");
    }
}
