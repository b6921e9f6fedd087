package dev.parley.api;

import java.time.Instant;

/**
 * Whether a user is online, and when they were last seen. Presence is ephemeral: it lives in the
 * engine's memory and is never stored.
 *
 * @param online   whether the user has at least one live session
 * @param lastSeen when the user's last session closed, or null if they are online or were not seen
 *                 since the engine started
 */
public record Presence(boolean online, Instant lastSeen) {

    /** A user who is online now. */
    public static final Presence ONLINE = new Presence(true, null);

    /** A user who has not been seen since the engine started. */
    public static final Presence UNKNOWN = new Presence(false, null);
}
