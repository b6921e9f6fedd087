package dev.parley.cli;

import dev.parley.api.Conversation;
import dev.parley.api.ConversationId;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.cli.AdminRecords.Friend;
import dev.parley.cli.AdminRecords.Group;
import dev.parley.core.ChatEngine;
import java.util.List;

/**
 * Friendships and groups straight on the database, with no server running: an engine without
 * transports, over the same services a server uses. Group changes are made as the group's owner.
 */
final class LocalSocialAdmin implements SocialAdmin {

    private final ChatEngine engine;

    LocalSocialAdmin(DatabaseOptions database) {
        engine = OfflineEngine.start(database);
    }

    private UserId user(String username) {
        return engine.users().findByUsername(username).map(User::id)
                .orElseThrow(() -> new CliException("no such user: " + username));
    }

    @Override
    public List<Friend> friends(String username) {
        return engine.friends().list(user(username)).stream().map(Friend::of).toList();
    }

    @Override
    public void befriend(String username, String friend) {
        UserId a = user(username);
        UserId b = user(friend);
        OfflineEngine.guard(() -> engine.friends().befriend(a, b));
    }

    @Override
    public void unfriend(String username, String friend) {
        UserId a = user(username);
        UserId b = user(friend);
        OfflineEngine.guard(() -> {
            engine.friends().remove(a, b);
            return null;
        });
    }

    @Override
    public List<Group> groups(String username) {
        return engine.conversations().everyConversation(username == null ? null : user(username)).stream()
                .filter(Conversation::isGroup).map(this::group).toList();
    }

    private Group group(Conversation group) {
        return Group.of(group, engine.conversations().membersForAdmin(group.id()));
    }

    @Override
    public Group createGroup(String owner, String name, List<String> members) {
        UserId ownerId = user(owner);
        List<UserId> memberIds = members.stream().map(this::user).toList();
        return group(OfflineEngine.guard(() -> engine.conversations().createGroupAsAdmin(ownerId, name, memberIds)));
    }

    @Override
    public void addToGroup(long group, String username) {
        ConversationId id = ConversationId.of(group);
        UserId member = user(username);
        OfflineEngine.guard(() -> engine.conversations().addMember(engine.conversations().owner(id), id, member));
    }

    @Override
    public void removeFromGroup(long group, String username) {
        ConversationId id = ConversationId.of(group);
        UserId member = user(username);
        OfflineEngine.guard(() -> {
            engine.conversations().kick(engine.conversations().owner(id), id, member);
            return null;
        });
    }

    @Override
    public void close() {
        engine.close();
    }
}
