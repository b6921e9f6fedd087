package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.cli.AdminRecords.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** User administration through a running server's admin protocol. */
final class RemoteUserAdmin implements UserAdmin {

    private final AdminSession session;

    RemoteUserAdmin(AdminSession session) {
        this.session = session;
    }

    @Override
    public User add(String username, String displayName, String password, Set<String> roles) {
        return user(session.call("admin.users.create", Map.of("username", username, "displayName", displayName,
                "password", password, "roles", roles)));
    }

    @Override
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

    @Override
    public User show(String username) {
        return user(session.call("admin.users.get", Map.of("username", username)));
    }

    @Override
    public void password(String username, String password) {
        session.call("admin.users.password", Map.of("username", username, "password", password));
    }

    @Override
    public User roles(String username, Set<String> roles) {
        return user(session.call("admin.users.roles", Map.of("username", username, "roles", roles)));
    }

    @Override
    public User enabled(String username, boolean enabled) {
        return user(session.call(enabled ? "admin.users.enable" : "admin.users.disable",
                Map.of("username", username)));
    }

    @Override
    public void delete(String username) {
        session.call("admin.users.delete", Map.of("username", username));
    }

    @Override
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
