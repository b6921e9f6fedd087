package dev.parley.cli;

import dev.parley.api.ConflictException;
import dev.parley.api.Role;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.core.ChatEngine;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a server has an admin to log in with. Runs as a start-up action of the engine, before any
 * listener accepts, so that no client can log in or register while the admin is being created.
 */
final class Admins {

    private static final Logger LOG = LoggerFactory.getLogger(Admins.class);

    private Admins() {
    }

    /**
     * Creates the user {@code admin} with the given password unless the password is null or the user
     * exists.
     *
     * @return a warning to give once the server is up: without a password and without any admin, how
     *         to make one; or that a user 'admin' exists without the admin role
     */
    static Optional<String> ensure(ChatEngine engine, String password, String databaseUrl) {
        Optional<User> admin = engine.users().findByUsername("admin");
        if (password != null && !password.isEmpty()) {
            if (admin.isEmpty()) {
                try {
                    engine.users().create("admin", "Admin", password, Set.of(Role.ADMIN));
                    return Optional.empty();
                } catch (ConflictException e) {
                    // Another node of a cluster, started at the same moment on the same database, made it
                    // first: check it as if it had been there.
                    admin = engine.users().findByUsername("admin");
                }
            }
            if (admin.isPresent() && !admin.get().roles().contains(Role.ADMIN)) {
                return Optional.of("the user 'admin' exists but does not hold the admin role; PARLEY_ADMIN_PASSWORD was "
                        + "not applied. Grant it with: parley users role admin admin --db " + databaseUrl
                        + " (with the server stopped)");
            }
            return Optional.empty();
        }
        if (!anyAdmin(engine)) {
            return Optional.of("no admin user exists, so nobody can manage this server. Set PARLEY_ADMIN_PASSWORD and "
                    + "restart to create 'admin', or stop the server and run: parley users add admin --role admin "
                    + "--password --db " + databaseUrl);
        }
        return Optional.empty();
    }

    /** Says a warning loudly: in the log, and on the error stream where an admin starting the server sees it. */
    static void warn(PrintWriter err, String message) {
        LOG.warn(message);
        err.println("parley: WARNING: " + message);
        err.flush();
    }

    /** Whether any user holds the admin role; admins are usually among the first users, so this stops early. */
    private static boolean anyAdmin(ChatEngine engine) {
        UserId after = null;
        while (true) {
            List<User> page = engine.users().list(after, 500);
            if (page.isEmpty()) {
                return false;
            }
            if (page.stream().anyMatch(u -> u.roles().contains(Role.ADMIN))) {
                return true;
            }
            after = page.get(page.size() - 1).id();
        }
    }
}
