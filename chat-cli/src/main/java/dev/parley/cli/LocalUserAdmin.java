package dev.parley.cli;

import dev.parley.api.Role;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.core.ChatEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * User administration straight on the database, with no server running: an engine without
 * transports, over the same store and services a server uses.
 */
final class LocalUserAdmin implements UserAdmin {

    private final ChatEngine engine;

    LocalUserAdmin(DatabaseOptions database) {
        engine = OfflineEngine.start(database);
    }

    private User user(String username) {
        return engine.users().findByUsername(username)
                .orElseThrow(() -> new CliException("no such user: " + username));
    }

    private static Set<Role> roles(Set<String> names) {
        try {
            return names.stream().map(Role::of).collect(Collectors.toSet());
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }

    @Override
    public AdminRecords.User add(String username, String displayName, String password, Set<String> roles) {
        return record(OfflineEngine.guard(() -> engine.users().create(username, displayName, password, roles(roles))));
    }

    @Override
    public List<AdminRecords.User> list() {
        List<AdminRecords.User> users = new ArrayList<>();
        UserId after = null;
        while (true) {
            List<User> page = engine.users().list(after, 200);
            if (page.isEmpty()) {
                return users;
            }
            page.forEach(u -> users.add(record(u)));
            after = page.get(page.size() - 1).id();
        }
    }

    @Override
    public AdminRecords.User show(String username) {
        return record(user(username));
    }

    @Override
    public void password(String username, String password) {
        OfflineEngine.guard(() -> {
            engine.users().setPassword(user(username).id(), password);
            return null;
        });
    }

    @Override
    public AdminRecords.User roles(String username, Set<String> roles) {
        return record(engine.users().setRoles(user(username).id(), roles(roles)));
    }

    @Override
    public AdminRecords.User enabled(String username, boolean enabled) {
        return record(engine.users().setEnabled(user(username).id(), enabled));
    }

    @Override
    public void delete(String username) {
        engine.users().delete(user(username).id());
    }

    @Override
    public void revokeTokens(String username) {
        engine.auth().logoutEverywhere(user(username).id());
    }

    @Override
    public void close() {
        engine.close();
    }

    private static AdminRecords.User record(User user) {
        return AdminRecords.User.of(user);
    }
}
