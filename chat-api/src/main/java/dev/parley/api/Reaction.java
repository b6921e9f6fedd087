package dev.parley.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One user's reaction to a message. A user may react with several different emoji, each once.
 *
 * @param userId    who reacted
 * @param emoji     the reaction, a short string such as an emoji sequence
 * @param createdAt when
 */
public record Reaction(UserId userId, String emoji, Instant createdAt) {

    /** Checks the fields. */
    public Reaction {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(emoji, "emoji");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
