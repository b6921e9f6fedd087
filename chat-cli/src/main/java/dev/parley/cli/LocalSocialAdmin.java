package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.ChatException;
import dev.parley.api.Conversation;
import dev.parley.api.ConversationId;
import dev.parley.api.FriendView;
import dev.parley.api.Friendship;
import dev.parley.api.FriendshipState;
import dev.parley.api.Member;
import dev.parley.api.MemberRole;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.core.ChatEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Friendships and groups straight on the database, with no server running: an engine without
 * transports, over the same services a server uses. Group changes are made as the group's owner.
 */
final class LocalSocialAdmin implements SocialAdmin {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ChatEngine engine;

    LocalSocialAdmin(DatabaseOptions database) {
        try {
            engine = ChatEngine.builder()
                    .store(Servers.store(database.urlOrDefault(), database.user, database.password))
                    .build().start();
        } catch (RuntimeException e) {
            throw Servers.friendly(e, 0);
        }
    }

    private UserId user(String username) {
        return engine.users().findByUsername(username).map(User::id)
                .orElseThrow(() -> new CliException("no such user: " + username));
    }

    private static <T> T guard(Supplier<T> action) {
        try {
            return action.get();
        } catch (ChatException e) {
            throw new CliException(e.getMessage() + " (" + e.errorCode().code() + ")", e);
        }
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
        guard(() -> {
            Friendship friendship = engine.friends().request(a, b);
            return friendship.state() == FriendshipState.ACCEPTED ? friendship : engine.friends().accept(b, a);
        });
    }

    @Override
    public void unfriend(String username, String friend) {
        UserId a = user(username);
        UserId b = user(friend);
        guard(() -> {
            engine.friends().remove(a, b);
            return null;
        });
    }

    @Override
    public JsonNode groups(String username) {
        Map<Long, Conversation> groups = new TreeMap<>();
        List<User> users = new ArrayList<>();
        if (username != null) {
            users.add(engine.users().findByUsername(username)
                    .orElseThrow(() -> new CliException("no such user: " + username)));
        } else {
            UserId after = null;
            for (List<User> page = engine.users().list(null, 200); !page.isEmpty();
                 page = engine.users().list(after, 200)) {
                users.addAll(page);
                after = page.get(page.size() - 1).id();
            }
        }
        for (User each : users) {
            engine.store().conversations().listFor(each.id()).stream().filter(Conversation::isGroup)
                    .forEach(c -> groups.put(c.id().value(), c));
        }
        ArrayNode result = JSON.arrayNode();
        groups.values().forEach(group -> result.add(group(group)));
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
        return group(guard(() -> engine.conversations().createGroup(ownerId, name, memberIds)));
    }

    private UserId owner(ConversationId group) {
        return engine.store().conversations().members(group).stream()
                .filter(m -> m.role() == MemberRole.OWNER).map(Member::userId).findFirst()
                .orElseThrow(() -> new CliException("no such group: " + group));
    }

    @Override
    public void addToGroup(long group, String username) {
        ConversationId id = ConversationId.of(group);
        UserId member = user(username);
        guard(() -> engine.conversations().invite(owner(id), id, member));
    }

    @Override
    public void removeFromGroup(long group, String username) {
        ConversationId id = ConversationId.of(group);
        UserId member = user(username);
        guard(() -> {
            engine.conversations().kick(owner(id), id, member);
            return null;
        });
    }

    @Override
    public void close() {
        engine.close();
    }
}
