package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Friendships and groups through a running server's admin protocol. */
final class RemoteSocialAdmin implements SocialAdmin {

    private final AdminSession session;

    RemoteSocialAdmin(AdminSession session) {
        this.session = session;
    }

    @Override
    public JsonNode friends(String username) {
        return session.call("admin.friends.list", Map.of("username", username)).path("friends");
    }

    @Override
    public void befriend(String username, String friend) {
        session.call("admin.friends.add", Map.of("username", username, "friend", friend));
    }

    @Override
    public void unfriend(String username, String friend) {
        session.call("admin.friends.remove", Map.of("username", username, "friend", friend));
    }

    @Override
    public JsonNode groups(String username) {
        Map<String, Object> filter = new HashMap<>();
        if (username != null) {
            filter.put("username", username);
        }
        return session.call("admin.groups.list", filter).path("groups");
    }

    @Override
    public JsonNode createGroup(String owner, String name, List<String> members) {
        return session.call("admin.groups.create", Map.of("owner", owner, "name", name, "members", members))
                .path("conversation");
    }

    @Override
    public void addToGroup(long group, String username) {
        session.call("admin.groups.add", Map.of("conversationId", group, "username", username));
    }

    @Override
    public void removeFromGroup(long group, String username) {
        session.call("admin.groups.remove", Map.of("conversationId", group, "username", username));
    }

    @Override
    public void close() {
        session.close();
    }
}
