package dev.parley.core.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Attachment;
import dev.parley.api.AttachmentId;
import dev.parley.api.BadRequestException;
import dev.parley.api.ConversationId;
import dev.parley.api.DeviceId;
import dev.parley.api.MemberRole;
import dev.parley.api.Message;
import dev.parley.api.MessageDraft;
import dev.parley.api.MessageKind;
import dev.parley.api.NotFoundException;
import dev.parley.api.Role;
import dev.parley.api.UnsupportedVersionException;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.spi.AuthRequest;
import dev.parley.core.ChatEngine;
import dev.parley.core.SendResult;
import dev.parley.core.SyncBatch;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Every operation of protocol version 1, by name, as docs/protocol.md documents them. Each handler
 * reads its parameters, calls one engine service as the session's user, and returns the result as
 * JSON.
 */
final class Operations {

    /** The protocol versions this server speaks. */
    static final List<Integer> VERSIONS = List.of(1);

    private final Map<String, Operation> byName = new HashMap<>();

    Operations() {
        open("hello", Operations::hello);
        open("ping", (s, p) -> Wire.object());
        open("register", Operations::register);
        open("login", Operations::login);

        user("logout", Operations::logout);
        user("me", (s, p) -> userData(engine(s).users().get(s.user())));
        user("users.find", Operations::findUser);

        user("friends.list", Operations::friends);
        user("friends.request", (s, p) -> friendship(engine(s).friends().request(s.user(), target(s, p))));
        user("friends.accept", (s, p) -> friendship(engine(s).friends().accept(s.user(), p.userId("userId"))));
        user("friends.decline", (s, p) -> friendship(engine(s).friends().decline(s.user(), p.userId("userId"))));
        user("friends.remove", (s, p) -> done(() -> engine(s).friends().remove(s.user(), p.userId("userId"))));
        user("friends.block", (s, p) -> done(() -> engine(s).friends().block(s.user(), p.userId("userId"))));
        user("friends.unblock", (s, p) -> done(() -> engine(s).friends().unblock(s.user(), p.userId("userId"))));

        user("conversations.list", Operations::conversations);
        user("conversations.get", (s, p) -> conversationData(s, p.conversationId("conversationId")));
        user("groups.create", Operations::createGroup);
        user("groups.invite", Operations::invite);
        user("groups.invitations", (s, p) -> invitations(engine(s).conversations()
                .groupInvitations(s.user(), p.conversationId("conversationId"))));
        user("groups.uninvite", (s, p) -> done(() -> engine(s).conversations()
                .uninvite(s.user(), p.conversationId("conversationId"), p.userId("userId"))));
        user("invitations.list", (s, p) -> invitations(engine(s).conversations().invitations(s.user())));
        user("invitations.accept", (s, p) -> member(engine(s).conversations()
                .accept(s.user(), p.conversationId("conversationId"))));
        user("invitations.decline", (s, p) -> done(() -> engine(s).conversations()
                .decline(s.user(), p.conversationId("conversationId"))));
        user("groups.leave", (s, p) -> done(() -> engine(s).conversations()
                .leave(s.user(), p.conversationId("conversationId"))));
        user("groups.kick", (s, p) -> done(() -> engine(s).conversations()
                .kick(s.user(), p.conversationId("conversationId"), p.userId("userId"))));
        user("groups.role", (s, p) -> member(engine(s).conversations().setRole(s.user(),
                p.conversationId("conversationId"), p.userId("userId"), memberRole(p.string("role")))));
        user("groups.mute", (s, p) -> member(engine(s).conversations().mute(s.user(),
                p.conversationId("conversationId"), p.userId("userId"), p.bool("muted", true))));
        user("groups.rename", (s, p) -> conversation(engine(s).conversations()
                .rename(s.user(), p.conversationId("conversationId"), p.string("name"))));

        user("send", Operations::send);
        user("sync", Operations::sync);
        user("history", Operations::history);
        user("receipts.delivered", (s, p) -> cursor(engine(s).receipts()
                .markDelivered(s.user(), p.conversationId("conversationId"), p.longValue("seq"))));
        user("receipts.read", (s, p) -> cursor(engine(s).receipts()
                .markRead(s.user(), p.conversationId("conversationId"), p.longValue("seq"))));
        user("receipts.list", Operations::receipts);
        user("typing", (s, p) -> done(() -> engine(s).presence()
                .typing(s.user(), p.conversationId("conversationId"), p.bool("typing", true))));
        user("edit", (s, p) -> message(engine(s).messages().edit(s.user(), p.messageId("messageId"), p.string("text"))));
        user("delete", (s, p) -> message(engine(s).messages().delete(s.user(), p.messageId("messageId"))));
        user("react", (s, p) -> message(engine(s).messages().react(s.user(), p.messageId("messageId"), p.string("emoji"))));
        user("unreact", (s, p) -> message(engine(s).messages()
                .unreact(s.user(), p.messageId("messageId"), p.string("emoji"))));

        user("devices.register", Operations::registerDevice);
        user("devices.list", Operations::devices);
        user("devices.remove", (s, p) -> done(() -> engine(s).devices()
                .remove(s.user(), DeviceId.of(deviceId(p)))));

        admin("admin.notice", Operations::notice);
        admin("admin.send", Operations::adminSend);
        admin("admin.users.list", Operations::listUsers);
        admin("admin.users.get", (s, p) -> userData(lookUp(s, p)));
        admin("admin.users.create", Operations::createUser);
        admin("admin.users.roles", Operations::setRoles);
        admin("admin.users.enable", (s, p) -> userData(engine(s).users().setEnabled(lookUp(s, p).id(), true)));
        admin("admin.users.disable", (s, p) -> userData(engine(s).users().setEnabled(lookUp(s, p).id(), false)));
        admin("admin.users.password", (s, p) -> done(() -> engine(s).users()
                .setPassword(lookUp(s, p).id(), p.string("password"))));
        admin("admin.users.delete", (s, p) -> done(() -> engine(s).users().delete(lookUp(s, p).id())));
        admin("admin.tokens.revoke", (s, p) -> done(() -> engine(s).auth().logoutEverywhere(lookUp(s, p).id())));
        admin("admin.friends.list", (s, p) -> {
            ObjectNode data = Wire.object();
            ArrayNode friends = data.putArray("friends");
            engine(s).friends().list(lookUp(s, p).id()).forEach(f -> friends.add(Wire.friend(f)));
            return data;
        });
        admin("admin.friends.add", Operations::adminBefriend);
        admin("admin.friends.remove", (s, p) -> done(() -> engine(s).friends()
                .remove(lookUp(s, p).id(), named(s, p.string("friend")))));
        admin("admin.groups.list", Operations::listGroups);
        admin("admin.groups.create", Operations::adminCreateGroup);
        admin("admin.groups.add", (s, p) -> member(engine(s).conversations()
                .addMember(groupOwner(s, p.conversationId("conversationId")), p.conversationId("conversationId"),
                        named(s, p.string("username")))));
        admin("admin.groups.remove", (s, p) -> done(() -> engine(s).conversations()
                .kick(groupOwner(s, p.conversationId("conversationId")), p.conversationId("conversationId"),
                        named(s, p.string("username")))));
        admin("admin.tail", Operations::tail);
        admin("admin.messages.recent", Operations::recent);
        admin("admin.untail", (s, p) -> done(() -> s.protocol().tail().unsubscribe(s)));
    }

    Operation get(String name) {
        return byName.get(name);
    }

    Set<String> names() {
        return byName.keySet();
    }

    private void open(String name, Operation.Handler handler) {
        byName.put(name, new Operation(false, false, handler));
    }

    private void user(String name, Operation.Handler handler) {
        byName.put(name, new Operation(true, false, handler));
    }

    private void admin(String name, Operation.Handler handler) {
        byName.put(name, new Operation(true, true, (s, p) -> {
            s.requireAdmin();
            return handler.handle(s, p);
        }));
    }

    private static ChatEngine engine(ProtocolSession session) {
        return session.protocol().engine();
    }

    private static ObjectNode done(Runnable action) {
        action.run();
        return Wire.object();
    }

    // --- session

    private static ObjectNode hello(ProtocolSession s, Params p) {
        Set<Integer> offered = new HashSet<>(p.ints("versions"));
        if (p.has("version")) {
            offered.add(p.intValue("version", 0));
        }
        int chosen = 0;
        for (int version : VERSIONS) {
            if (offered.isEmpty() || offered.contains(version)) {
                chosen = Math.max(chosen, version);
            }
        }
        if (chosen == 0) {
            throw new UnsupportedVersionException("this server speaks protocol versions " + VERSIONS);
        }
        ObjectNode data = Wire.object();
        data.put("version", chosen);
        data.put("server", "parley");
        ObjectNode limits = data.putObject("limits");
        limits.put("maxFrameBytes", s.protocol().maxFrameBytes());
        limits.put("maxTextLength", engine(s).limits().maxTextLength());
        limits.put("maxPageSize", engine(s).limits().maxPageSize());
        limits.put("maxGroupSize", engine(s).limits().maxGroupSize());
        limits.put("maxAttachmentBytes", s.protocol().maxAttachmentBytes());
        return data;
    }

    private static ObjectNode register(ProtocolSession s, Params p) {
        String password = p.string("password");
        User user = engine(s).users().register(p.string("username"), p.string("displayName"), password);
        return s.loggedIn(engine(s).auth().loginWithPassword(user.username(), password));
    }

    private static ObjectNode login(ProtocolSession s, Params p) {
        Map<String, String> credentials = p.stringFields();
        String scheme = credentials.remove("scheme");
        if (scheme == null) {
            throw new BadRequestException("'scheme' is required: password, token, or an authenticator's scheme");
        }
        return s.loggedIn(engine(s).auth().login(new AuthRequest(scheme, credentials, s.connection().remoteAddress())));
    }

    private static ObjectNode logout(ProtocolSession s, Params p) {
        if (p.bool("everywhere", false)) {
            // Right after this reply is queued: the user's sessions close, this one included.
            UserId user = s.user();
            s.later(() -> engine(s).auth().logoutEverywhere(user));
        } else {
            // Right after this reply is queued: the token is revoked and its sessions close, this one included.
            String token = s.token();
            s.later(() -> engine(s).auth().logout(token));
        }
        return Wire.object();
    }

    private static ObjectNode userData(User user) {
        ObjectNode data = Wire.object();
        data.set("user", Wire.user(user));
        return data;
    }

    private static ObjectNode findUser(ProtocolSession s, Params p) {
        User user = engine(s).users().findByUsername(p.string("username")).filter(User::enabled)
                .orElseThrow(() -> new NotFoundException("no such user"));
        ObjectNode data = Wire.object();
        data.set("user", Wire.publicUser(user));
        return data;
    }

    // --- friends

    private static UserId target(ProtocolSession s, Params p) {
        if (p.has("username")) {
            return engine(s).users().findByUsername(p.string("username"))
                    .orElseThrow(() -> new NotFoundException("no such user")).id();
        }
        return p.userId("userId");
    }

    private static ObjectNode friends(ProtocolSession s, Params p) {
        ObjectNode data = Wire.object();
        ArrayNode friends = data.putArray("friends");
        engine(s).friends().list(s.user()).forEach(f -> friends.add(Wire.friend(f)));
        return data;
    }

    private static ObjectNode friendship(dev.parley.api.Friendship friendship) {
        ObjectNode data = Wire.object();
        data.set("friendship", Wire.friendship(friendship));
        return data;
    }

    // --- conversations and groups

    private static ObjectNode conversations(ProtocolSession s, Params p) {
        ObjectNode data = Wire.object();
        ArrayNode list = data.putArray("conversations");
        engine(s).conversations().list(s.user()).forEach(v -> list.add(Wire.conversationView(v)));
        return data;
    }

    private static ObjectNode conversationData(ProtocolSession s, ConversationId id) {
        ObjectNode data = Wire.object();
        data.set("conversation", Wire.conversationView(engine(s).conversations().get(s.user(), id)));
        return data;
    }

    private static ObjectNode conversation(dev.parley.api.Conversation conversation) {
        ObjectNode data = Wire.object();
        data.set("conversation", Wire.conversation(conversation));
        return data;
    }

    /** The new group; {@code invited} lists, if any, the users who were sent an invitation instead. */
    private static ObjectNode createGroup(ProtocolSession s, Params p) {
        dev.parley.api.Conversation group = engine(s).conversations()
                .createGroup(s.user(), p.string("name"), p.userIds("members"));
        ObjectNode data = conversation(group);
        List<dev.parley.core.InvitationView> invited = engine(s).conversations().groupInvitations(s.user(), group.id());
        if (!invited.isEmpty()) {
            ArrayNode ids = data.putArray("invited");
            invited.forEach(v -> ids.add(v.invitation().invitee().value()));
        }
        return data;
    }

    /** The new member, or the invitation sent instead, as the group invite policy says. */
    private static ObjectNode invite(ProtocolSession s, Params p) {
        ConversationId group = p.conversationId("conversationId");
        dev.parley.core.InviteOutcome outcome = engine(s).conversations().invite(s.user(), group, p.userId("userId"));
        if (outcome.joined()) {
            return member(outcome.member());
        }
        ObjectNode data = Wire.object();
        data.set("invitation", Wire.invitation(outcome.invitation(),
                engine(s).store().conversations().find(group).map(dev.parley.api.Conversation::name).orElse(null),
                engine(s).users().get(s.user())));
        return data;
    }

    private static ObjectNode invitations(List<dev.parley.core.InvitationView> views) {
        ObjectNode data = Wire.object();
        ArrayNode list = data.putArray("invitations");
        views.forEach(v -> list.add(Wire.invitation(v)));
        return data;
    }

    private static ObjectNode member(dev.parley.api.Member member) {
        ObjectNode data = Wire.object();
        data.set("member", Wire.member(member));
        return data;
    }

    private static MemberRole memberRole(String name) {
        try {
            return MemberRole.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("'role' must be owner, admin or member");
        }
    }

    // --- messages

    private static CompletableFuture<ObjectNode> send(ProtocolSession s, Params p) {
        MessageDraft draft = draft(p);
        long origin = s.chatSession().id();
        CompletableFuture<SendResult> ack;
        if (p.has("toUserId")) {
            ack = engine(s).messages().sendDirectAsync(s.user(), p.userId("toUserId"), draft, origin);
        } else {
            ack = engine(s).messages().sendAsync(s.user(), p.conversationId("conversationId"), draft, origin);
        }
        return ack.thenApply(Operations::sent);
    }

    static ObjectNode sent(SendResult result) {
        ObjectNode data = Wire.object();
        data.set("message", Wire.message(result.message()));
        data.put("duplicate", result.duplicate());
        return data;
    }

    private static MessageDraft draft(Params p) {
        MessageKind kind = MessageKind.TEXT;
        String kindName = p.optString("kind");
        if (kindName != null) {
            try {
                kind = MessageKind.valueOf(kindName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("'kind' must be text, emoji, image, voice or file");
            }
        }
        Attachment attachment = null;
        Params a = p.object("attachment");
        if (a != null) {
            AttachmentId id;
            try {
                id = AttachmentId.of(a.string("id"));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("'attachment.id' is not an attachment id");
            }
            attachment = new Attachment(id, a.has("mimeType") ? a.string("mimeType") : "application/octet-stream",
                    a.has("size") ? a.longValue("size") : 0, a.optString("name"), optInt(a, "width"),
                    optInt(a, "height"), optInt(a, "durationMs"));
        }
        return new MessageDraft(kind, p.optString("text"), attachment,
                p.has("replyTo") ? p.messageId("replyTo") : null, p.optString("clientMsgId"));
    }

    private static Integer optInt(Params p, String name) {
        return p.has(name) ? p.intValue(name, 0) : null;
    }

    private static ObjectNode sync(ProtocolSession s, Params p) {
        Map<ConversationId, Long> since = new HashMap<>();
        p.longMap("since").forEach((key, seq) -> {
            try {
                since.put(ConversationId.of(Long.parseLong(key)), seq);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("'since' maps conversation ids to seqs; '" + key + "' is not an id");
            }
        });
        int limit = p.intValue("limit", engine(s).limits().maxPageSize());
        ObjectNode data = Wire.object();
        ArrayNode conversations = data.putArray("conversations");
        for (SyncBatch batch : engine(s).messages().sync(s.user(), since, limit)) {
            ObjectNode entry = conversations.addObject();
            entry.put("conversationId", batch.conversationId().value());
            ArrayNode messages = entry.putArray("messages");
            batch.messages().forEach(m -> messages.add(Wire.message(m)));
            entry.put("hasMore", batch.hasMore());
        }
        return data;
    }

    private static ObjectNode history(ProtocolSession s, Params p) {
        Long before = p.optLong("beforeSeq");
        List<Message> page = engine(s).messages().history(s.user(), p.conversationId("conversationId"),
                before == null ? Long.MAX_VALUE : before, p.intValue("limit", 50));
        ObjectNode data = Wire.object();
        ArrayNode messages = data.putArray("messages");
        page.forEach(m -> messages.add(Wire.message(m)));
        return data;
    }

    private static ObjectNode message(Message message) {
        ObjectNode data = Wire.object();
        data.set("message", Wire.message(message));
        return data;
    }

    private static ObjectNode cursor(dev.parley.api.Cursor cursor) {
        ObjectNode data = Wire.object();
        data.set("cursor", Wire.cursor(cursor));
        return data;
    }

    private static ObjectNode receipts(ProtocolSession s, Params p) {
        ObjectNode data = Wire.object();
        ArrayNode cursors = data.putArray("cursors");
        engine(s).receipts().cursors(s.user(), p.conversationId("conversationId")).forEach(c -> cursors.add(Wire.cursor(c)));
        return data;
    }

    // --- devices

    private static String deviceId(Params p) {
        try {
            return DeviceId.of(p.string("deviceId")).value();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("'deviceId' is 1 to 128 characters");
        }
    }

    private static ObjectNode registerDevice(ProtocolSession s, Params p) {
        ObjectNode data = Wire.object();
        data.set("device", Wire.device(engine(s).devices()
                .register(s.user(), DeviceId.of(deviceId(p)), p.string("platform"), p.string("token"))));
        return data;
    }

    private static ObjectNode devices(ProtocolSession s, Params p) {
        ObjectNode data = Wire.object();
        ArrayNode devices = data.putArray("devices");
        engine(s).devices().list(s.user()).forEach(d -> devices.add(Wire.device(d)));
        return data;
    }

    // --- admin

    private static User lookUp(ProtocolSession s, Params p) {
        if (p.has("username")) {
            return engine(s).users().findByUsername(p.string("username"))
                    .orElseThrow(() -> new NotFoundException("no such user"));
        }
        return engine(s).users().get(p.userId("userId"));
    }

    private static ObjectNode notice(ProtocolSession s, Params p) {
        String text = p.string("text");
        ObjectNode data = Wire.object();
        if (p.bool("all", false)) {
            data.put("count", engine(s).notices().broadcast(s.user(), text));
        } else {
            SendResult sent = engine(s).notices().send(s.user(), lookUp(s, p).id(), text);
            data.set("message", Wire.message(sent.message()));
        }
        return data;
    }

    private static CompletableFuture<ObjectNode> adminSend(ProtocolSession s, Params p) {
        UserId from = engine(s).users().findByUsername(p.string("from"))
                .orElseThrow(() -> new NotFoundException("no such user")).id();
        MessageDraft draft = draft(p);
        CompletableFuture<SendResult> ack = p.has("toUserId")
                ? engine(s).messages().sendDirectAsync(from, p.userId("toUserId"), draft, 0)
                : engine(s).messages().sendAsync(from, p.conversationId("conversationId"), draft, 0);
        return ack.thenApply(Operations::sent);
    }

    private static ObjectNode listUsers(ProtocolSession s, Params p) {
        Long after = p.optLong("afterId");
        List<User> page = engine(s).users().list(after == null ? null : UserId.of(after), p.intValue("limit", 100));
        ObjectNode data = Wire.object();
        ArrayNode users = data.putArray("users");
        page.forEach(u -> users.add(Wire.user(u)));
        return data;
    }

    private static Set<Role> roles(Params p) {
        Set<Role> roles = new HashSet<>();
        for (String name : p.strings("roles")) {
            try {
                roles.add(Role.of(name));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException(e.getMessage());
            }
        }
        return roles;
    }

    private static ObjectNode createUser(ProtocolSession s, Params p) {
        return userData(engine(s).users().create(p.string("username"),
                p.has("displayName") ? p.string("displayName") : p.string("username"),
                p.string("password"), roles(p)));
    }

    private static ObjectNode setRoles(ProtocolSession s, Params p) {
        return userData(engine(s).users().setRoles(lookUp(s, p).id(), roles(p)));
    }

    private static UserId named(ProtocolSession s, String username) {
        return engine(s).users().findByUsername(username)
                .orElseThrow(() -> new NotFoundException("no such user: " + username)).id();
    }

    /** Makes two users friends at once, as an admin: a request from one, accepted by the other. */
    private static ObjectNode adminBefriend(ProtocolSession s, Params p) {
        UserId user = lookUp(s, p).id();
        UserId friend = named(s, p.string("friend"));
        dev.parley.api.Friendship friendship = engine(s).friends().request(user, friend);
        if (friendship.state() != dev.parley.api.FriendshipState.ACCEPTED) {
            friendship = engine(s).friends().accept(friend, user);
        }
        return friendship(friendship);
    }

    /** The owner of a group, as whom an admin's group changes are made. */
    private static UserId groupOwner(ProtocolSession s, ConversationId group) {
        return engine(s).conversations().owner(group);
    }

    private static ObjectNode adminCreateGroup(ProtocolSession s, Params p) {
        UserId owner = named(s, p.string("owner"));
        List<UserId> members = new java.util.ArrayList<>();
        p.strings("members").forEach(name -> members.add(named(s, name)));
        return conversation(engine(s).conversations().createGroupAsAdmin(owner, p.string("name"), members));
    }

    private static ObjectNode listGroups(ProtocolSession s, Params p) {
        UserId user = p.has("userId") || p.has("username") ? lookUp(s, p).id() : null;
        ObjectNode data = Wire.object();
        ArrayNode groups = data.putArray("groups");
        for (dev.parley.api.Conversation group : engine(s).conversations().everyConversation(user)) {
            if (!group.isGroup()) {
                continue;
            }
            ObjectNode node = Wire.conversation(group);
            ArrayNode members = node.putArray("members");
            engine(s).store().conversations().members(group.id()).forEach(m -> members.add(Wire.member(m)));
            groups.add(node);
        }
        return data;
    }

    private static ObjectNode recent(ProtocolSession s, Params p) {
        int limit = Math.min(Math.max(p.intValue("limit", 20), 1), engine(s).limits().maxPageSize());
        UserId user = p.has("userId") || p.has("username") ? lookUp(s, p).id() : null;
        ConversationId conversation = p.has("conversationId") ? p.conversationId("conversationId") : null;
        ObjectNode data = Wire.object();
        ArrayNode messages = data.putArray("messages");
        RecentMessages.of(engine(s), user, conversation, limit).forEach(m -> messages.add(Wire.message(m)));
        return data;
    }

    private static ObjectNode tail(ProtocolSession s, Params p) {
        UserId user = p.has("userId") || p.has("username") ? lookUp(s, p).id() : null;
        ConversationId conversation = p.has("conversationId") ? p.conversationId("conversationId") : null;
        s.protocol().tail().subscribe(s, new TailService.Filter(user, conversation));
        return Wire.object();
    }
}
