package dev.parley.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A token that a login issued, as the store keeps it: only its hash, never the token itself. A client
 * presents the token to log in again without a password, and as a bearer token for attachments.
 *
 * @param tokenHash the hash of the token, as the engine computes it
 * @param userId    whose token it is
 * @param createdAt when it was issued
 * @param expiresAt when it stops being accepted
 */
public record LoginToken(String tokenHash, UserId userId, Instant createdAt, Instant expiresAt) {

    /** Checks the fields. */
    public LoginToken {
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
