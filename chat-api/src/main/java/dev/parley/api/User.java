package dev.parley.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A user account. Passwords are not part of the account; the store keeps their hashes apart.
 *
 * @param id          the store-assigned id
 * @param username    the unique login name, lower case
 * @param displayName the name shown to other users
 * @param roles       the roles held, always including {@link Role#USER}; never null
 * @param enabled     whether the user may log in; a disabled user's sessions are closed
 * @param createdAt   when the account was created
 */
public record User(UserId id, String username, String displayName, Set<Role> roles, boolean enabled,
                   Instant createdAt) {

    /** Checks the fields and copies the roles into an unmodifiable set. */
    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(createdAt, "createdAt");
        roles = Set.copyOf(roles);
    }

    /** Whether this user holds {@link Role#ADMIN}. */
    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }

    /** Whether this user holds the given role. */
    public boolean hasRole(Role role) {
        return roles.contains(role);
    }

    /** Returns a copy with another display name. */
    public User withDisplayName(String newDisplayName) {
        return new User(id, username, newDisplayName, roles, enabled, createdAt);
    }

    /** Returns a copy with other roles. */
    public User withRoles(Set<Role> newRoles) {
        return new User(id, username, displayName, newRoles, enabled, createdAt);
    }

    /** Returns a copy that is enabled or disabled. */
    public User withEnabled(boolean newEnabled) {
        return new User(id, username, displayName, roles, newEnabled, createdAt);
    }
}
