package dev.parley.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One user blocking another. A block has a direction; two users may block each other, which makes
 * two blocks. A block in either direction stops messages, friend requests and presence between them.
 *
 * @param blocker   the user who blocked
 * @param blocked   the user who is blocked
 * @param createdAt when the block was made
 */
public record Block(UserId blocker, UserId blocked, Instant createdAt) {

    /** Checks the fields. */
    public Block {
        Objects.requireNonNull(blocker, "blocker");
        Objects.requireNonNull(blocked, "blocked");
        Objects.requireNonNull(createdAt, "createdAt");
        if (blocker.equals(blocked)) {
            throw new IllegalArgumentException("a user cannot block themselves");
        }
    }
}
