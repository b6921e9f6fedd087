package dev.parley.cli;

import dev.parley.cli.AdminRecords.Friend;
import dev.parley.cli.AdminRecords.Group;
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
    public List<Friend> friends(String username) {
        return AdminRecords.readAll(session.call("admin.friends.list", Map.of("username", username)).path("friends"),
                Friend.class);
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
    public List<Group> groups(String username) {
        Map<String, Object> filter = new HashMap<>();
        if (username != null) {
            filter.put("username", username);
        }
        return AdminRecords.readAll(session.call("admin.groups.list", filter).path("groups"), Group.class);
    }

    @Override
    public Group createGroup(String owner, String name, List<String> members) {
        return AdminRecords.read(session.call("admin.groups.create", Map.of("owner", owner, "name", name,
                "members", members)).path("conversation"), Group.class);
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
