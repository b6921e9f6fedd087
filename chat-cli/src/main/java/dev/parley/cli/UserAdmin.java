package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.cli.AdminRecords.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The user operations of the admin commands, as calls of the admin protocol on a channel: a running
 * server's, or the console of an engine on its database. Either way the users come back in the
 * protocol's own JSON, read into {@link AdminRecords}.
 */
final class UserAdmin implements AdminCommand.Backend {

    private final AdminChannel session;

    UserAdmin(AdminChannel session) {
        this.session = session;
    }

    public User add(String username, String displayName, String password, Set<String> roles) {
        return user(session.call("admin.users.create", Map.of("username", username, "displayName", displayName,
                "password", password, "roles", roles)));
    }

    public List<User> list() {
        List<User> users = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = session.call("admin.users.list", Map.of("afterId", after, "limit", 200)).path("users");
            if (page.isEmpty()) {
                return users;
            }
            users.addAll(AdminRecords.readAll(page, User.class));
            after = page.get(page.size() - 1).path("id").asLong();
        }
    }

    public User show(String username) {
        return user(session.call("admin.users.get", Map.of("username", username)));
    }

    public void password(String username, String password) {
        session.call("admin.users.password", Map.of("username", username, "password", password));
    }

    public User roles(String username, Set<String> roles) {
        return user(session.call("admin.users.roles", Map.of("username", username, "roles", roles)));
    }

    public User enabled(String username, boolean enabled) {
        return user(session.call(enabled ? "admin.users.enable" : "admin.users.disable",
                Map.of("username", username)));
    }

    public void delete(String username) {
        session.call("admin.users.delete", Map.of("username", username));
    }

    public void revokeTokens(String username) {
        session.call("admin.tokens.revoke", Map.of("username", username));
    }

    @Override
    public void close() {
        session.close();
    }

    private static User user(JsonNode reply) {
        return AdminRecords.read(reply.path("user"), User.class);
    }
}
