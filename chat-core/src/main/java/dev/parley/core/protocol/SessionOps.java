package dev.parley.core.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.BadRequestException;
import dev.parley.api.NotFoundException;
import dev.parley.api.UnsupportedVersionException;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.spi.AuthRequest;
import dev.parley.core.ChatEngine;
import dev.parley.core.ChatSession;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The operations of a connection and its login: hello, register, login, logout, me, users.find, users.get. */
final class SessionOps {

    /** The protocol versions this server speaks. */
    static final List<Integer> VERSIONS = List.of(1);

    private final ChatEngine engine;

    SessionOps(ChatEngine engine) {
        this.engine = engine;
    }

    /** Picks the highest version both sides speak, and announces the server's limits. */
    ObjectNode hello(ProtocolConnection s, Params p) {
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
        limits.put("maxTextLength", engine.limits().maxTextLength());
        limits.put("maxPageSize", engine.limits().maxPageSize());
        limits.put("maxGroupSize", engine.limits().maxGroupSize());
        limits.put("maxAttachmentBytes", s.protocol().maxAttachmentBytes());
        return data;
    }

    ObjectNode ping(ProtocolConnection s, Params p) {
        return Reply.empty();
    }

    ObjectNode register(ProtocolConnection s, Params p) {
        String password = p.string("password");
        User user = engine.users().register(p.string("username"), p.string("displayName"), password);
        return s.loggedIn(engine.auth().loginWithPassword(user.username(), password));
    }

    ObjectNode login(ProtocolConnection s, Params p) {
        Map<String, String> credentials = p.stringFields();
        String scheme = credentials.remove("scheme");
        if (scheme == null) {
            throw new BadRequestException("'scheme' is required: password, token, or an authenticator's scheme");
        }
        return s.loggedIn(engine.auth().login(new AuthRequest(scheme, credentials, s.connection().remoteAddress())));
    }

    ObjectNode logout(ProtocolConnection s, Params p) {
        s.loggingOut();
        if (p.bool("everywhere", false)) {
            // Right after this reply is queued: the user's sessions close, this one included.
            UserId user = s.user();
            s.later(() -> engine.auth().logoutEverywhere(user));
        } else {
            // Right after this reply is queued: the token is revoked and its sessions close, this one included.
            ChatSession session = s.chatSession();
            s.later(() -> engine.auth().logout(session));
        }
        return Reply.empty();
    }

    ObjectNode me(ProtocolConnection s, Params p) {
        return Reply.of("user", engine.users().get(s.user()), Wire::user);
    }

    /** An enabled user by username, as others may see them. */
    ObjectNode findUser(ProtocolConnection s, Params p) {
        User user = engine.users().findByUsername(p.string("username")).filter(User::enabled)
                .orElseThrow(() -> new NotFoundException("no such user"));
        return Reply.of("user", user, Wire::publicUser);
    }

    /**
     * The public profiles of the enabled users among {@code ids}, in the order asked, each once: how a
     * client names the members of a group who are not its friends. Unknown and disabled ids are left
     * out, as {@code users.find} cannot tell them apart either.
     */
    ObjectNode getUsers(ProtocolConnection s, Params p) {
        List<UserId> ids = p.userIds("ids");
        int max = engine.limits().maxPageSize();
        if (ids.isEmpty()) {
            throw new BadRequestException("'ids' is required: an array of 1 to " + max + " user ids");
        }
        if (ids.size() > max) {
            throw new BadRequestException("at most " + max + " ids at once");
        }
        List<User> users = new ArrayList<>();
        for (UserId id : new LinkedHashSet<>(ids)) {
            engine.users().find(id).filter(User::enabled).ifPresent(users::add);
        }
        return Reply.list("users", users, Wire::publicUser);
    }
}
