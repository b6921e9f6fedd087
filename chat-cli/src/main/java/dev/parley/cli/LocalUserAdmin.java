package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    public JsonNode add(String username, String displayName, String password, Set<String> roles) {
        return json(OfflineEngine.guard(() -> engine.users().create(username, displayName, password, roles(roles))));
    }

    @Override
    public List<JsonNode> list() {
        List<JsonNode> users = new ArrayList<>();
        UserId after = null;
        while (true) {
            List<User> page = engine.users().list(after, 200);
            if (page.isEmpty()) {
                return users;
            }
            page.forEach(u -> users.add(json(u)));
            after = page.get(page.size() - 1).id();
        }
    }

    @Override
    public JsonNode show(String username) {
        return json(user(username));
    }

    @Override
    public void password(String username, String password) {
        OfflineEngine.guard(() -> {
            engine.users().setPassword(user(username).id(), password);
            return null;
        });
    }

    @Override
    public JsonNode roles(String username, Set<String> roles) {
        return json(engine.users().setRoles(user(username).id(), roles(roles)));
    }

    @Override
    public JsonNode enabled(String username, boolean enabled) {
        return json(engine.users().setEnabled(user(username).id(), enabled));
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

    /** The protocol's shape of a user, so that both backends print the same. */
    static JsonNode json(User user) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", user.id().value());
        node.put("username", user.username());
        node.put("displayName", user.displayName());
        var roles = node.putArray("roles");
        user.roles().stream().map(Role::name).sorted().forEach(roles::add);
        node.put("enabled", user.enabled());
        node.put("createdAt", user.createdAt().toString());
        return node;
    }
}
