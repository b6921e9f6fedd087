package dev.parley.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A user account that has not been stored yet, and so has no id.
 *
 * @param username    the unique login name, lower case
 * @param displayName the name shown to other users
 * @param roles       the roles to hold
 * @param createdAt   when the account is created
 */
public record NewUser(String username, String displayName, Set<Role> roles, Instant createdAt) {

    /** Checks the fields and copies the roles. */
    public NewUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(createdAt, "createdAt");
        roles = Set.copyOf(roles);
    }

    /** Returns the stored account with the given id. */
    public User withId(UserId id) {
        return new User(id, username, displayName, roles, true, createdAt);
    }
}
