package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Conversation;
import dev.parley.api.ConversationId;
import dev.parley.api.FriendView;
import dev.parley.api.Friendship;
import dev.parley.api.FriendshipState;
import dev.parley.api.Member;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.core.ChatEngine;
import java.util.List;
import java.util.Locale;

/**
 * Friendships and groups straight on the database, with no server running: an engine without
 * transports, over the same services a server uses. Group changes are made as the group's owner.
 */
final class LocalSocialAdmin implements SocialAdmin {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ChatEngine engine;

    LocalSocialAdmin(DatabaseOptions database) {
        engine = OfflineEngine.start(database);
    }

    private UserId user(String username) {
        return engine.users().findByUsername(username).map(User::id)
                .orElseThrow(() -> new CliException("no such user: " + username));
    }

    @Override
    public JsonNode friends(String username) {
        ArrayNode friends = JSON.arrayNode();
        for (FriendView view : engine.friends().list(user(username))) {
            ObjectNode friend = friends.addObject();
            friend.set("user", LocalUserAdmin.json(view.user()));
            friend.put("relationship", view.relationship().name().toLowerCase(Locale.ROOT));
            friend.putObject("presence").put("online", false);
        }
        return friends;
    }

    @Override
    public void befriend(String username, String friend) {
        UserId a = user(username);
        UserId b = user(friend);
        OfflineEngine.guard(() -> {
            Friendship friendship = engine.friends().request(a, b);
            return friendship.state() == FriendshipState.ACCEPTED ? friendship : engine.friends().accept(b, a);
        });
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
    public JsonNode groups(String username) {
        ArrayNode result = JSON.arrayNode();
        engine.conversations().everyConversation(username == null ? null : user(username)).stream()
                .filter(Conversation::isGroup).forEach(group -> result.add(group(group)));
        return result;
    }

    private ObjectNode group(Conversation group) {
        ObjectNode node = JSON.objectNode();
        node.put("id", group.id().value());
        node.put("type", "group");
        node.put("name", group.name());
        ArrayNode members = node.putArray("members");
        for (Member member : engine.store().conversations().members(group.id())) {
            ObjectNode m = members.addObject();
            m.put("userId", member.userId().value());
            m.put("role", member.role().name().toLowerCase(Locale.ROOT));
        }
        return node;
    }

    @Override
    public JsonNode createGroup(String owner, String name, List<String> members) {
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
