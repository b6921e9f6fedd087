package dev.parley.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A login session's token as the store keeps it: only its hash, never the token itself.
 *
 * @param tokenHash the hash of the token, as the engine computes it
 * @param userId    whose session it is
 * @param createdAt when it was issued
 * @param expiresAt when it stops being accepted
 */
public record SessionToken(String tokenHash, UserId userId, Instant createdAt, Instant expiresAt) {

    /** Checks the fields. */
    public SessionToken {
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether the token has expired at the given instant. */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
