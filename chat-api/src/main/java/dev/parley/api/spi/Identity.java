package dev.parley.api.spi;

import dev.parley.api.Role;
import java.util.Objects;
import java.util.Set;

/**
 * Who an {@link Authenticator} says the client is.
 *
 * @param username    the Parley username; the engine lower-cases it
 * @param displayName the name to show, used when the user is provisioned
 * @param roles       the roles to give a provisioned user
 */
public record Identity(String username, String displayName, Set<Role> roles) {

    /** Checks the fields and copies the roles. */
    public Identity {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(displayName, "displayName");
        roles = Set.copyOf(roles);
    }
}
