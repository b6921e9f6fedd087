package dev.parley.cli;

import dev.parley.cli.AdminRecords.Friend;
import dev.parley.cli.AdminRecords.Group;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The friendship and group operations of the admin commands, as calls of the admin protocol on a
 * channel: a running server's, or the console of an engine on its database.
 */
final class SocialAdmin implements AdminCommand.Backend {

    private final AdminChannel session;

    SocialAdmin(AdminChannel session) {
        this.session = session;
    }

    public List<Friend> friends(String username) {
        return AdminRecords.readAll(session.call("admin.friends.list", Map.of("username", username)).path("friends"),
                Friend.class);
    }

    public void befriend(String username, String friend) {
        session.call("admin.friends.add", Map.of("username", username, "friend", friend));
    }

    public void unfriend(String username, String friend) {
        session.call("admin.friends.remove", Map.of("username", username, "friend", friend));
    }

    public List<Group> groups(String username) {
        Map<String, Object> filter = new HashMap<>();
        if (username != null) {
            filter.put("username", username);
        }
        return AdminRecords.readAll(session.call("admin.groups.list", filter).path("groups"), Group.class);
    }

    public Group createGroup(String owner, String name, List<String> members) {
        return AdminRecords.read(session.call("admin.groups.create", Map.of("owner", owner, "name", name,
                "members", members)).path("conversation"), Group.class);
    }

    public void addToGroup(long group, String username) {
        session.call("admin.groups.add", Map.of("conversationId", group, "username", username));
    }

    public void removeFromGroup(long group, String username) {
        session.call("admin.groups.remove", Map.of("conversationId", group, "username", username));
    }

    @Override
    public void close() {
        session.close();
    }
}
