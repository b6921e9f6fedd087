package dev.parley.core;

import dev.parley.api.User;
import java.time.Instant;
import java.util.Objects;

/**
 * A successful login.
 *
 * @param user      who logged in
 * @param token     the session token to log in with next time; a secret, never logged
 * @param expiresAt when the token stops being accepted
 */
public record LoginResult(User user, String token, Instant expiresAt) {

    /** Checks the fields. */
    public LoginResult {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Leaves the token out, so that a log line never shows it. */
    @Override
    public String toString() {
        return "LoginResult[user=" + user.username() + ", expiresAt=" + expiresAt + "]";
    }
}
