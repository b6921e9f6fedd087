package dev.parley.cli;

import dev.parley.api.Role;
import dev.parley.core.ChatEngine;
import java.util.Set;

/** Makes sure a fresh server has an admin to log in with. */
final class Admins {

    private Admins() {
    }

    /** Creates the user {@code admin} with the given password, unless the password is null or the user exists. */
    static void ensure(ChatEngine engine, String password) {
        if (password == null || password.isEmpty() || engine.users().findByUsername("admin").isPresent()) {
            return;
        }
        engine.users().create("admin", "Admin", password, Set.of(Role.ADMIN));
    }
}
