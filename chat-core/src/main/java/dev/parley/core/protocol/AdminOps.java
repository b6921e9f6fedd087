package dev.parley.core.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.core.ChatEngine;

/**
 * The admin operations on accounts: {@code admin.users.*}, {@code admin.tokens.revoke} and
 * {@code admin.friends.*}. The table lets only admins reach them. A user is named by {@code username}
 * or {@code userId}.
 */
final class AdminOps {

    private final ChatEngine engine;

    AdminOps(ChatEngine engine) {
        this.engine = engine;
    }

    private User target(Params p) {
        return Targets.user(engine, p);
    }

    ObjectNode listUsers(ProtocolConnection s, Params p) {
        Long after = p.optLong("afterId");
        return Reply.list("users", engine.users().list(after == null ? null : UserId.of(after),
                p.intValue("limit", 100)), Wire::user);
    }

    ObjectNode getUser(ProtocolConnection s, Params p) {
        return Reply.of("user", target(p), Wire::user);
    }

    ObjectNode createUser(ProtocolConnection s, Params p) {
        return Reply.of("user", engine.users().create(p.string("username"),
                p.has("displayName") ? p.string("displayName") : p.string("username"),
                p.string("password"), p.roles("roles")), Wire::user);
    }

    ObjectNode setRoles(ProtocolConnection s, Params p) {
        return Reply.of("user", engine.users().setRoles(target(p).id(), p.roles("roles")), Wire::user);
    }

    ObjectNode enable(ProtocolConnection s, Params p) {
        return Reply.of("user", engine.users().setEnabled(target(p).id(), true), Wire::user);
    }

    ObjectNode disable(ProtocolConnection s, Params p) {
        return Reply.of("user", engine.users().setEnabled(target(p).id(), false), Wire::user);
    }

    ObjectNode setPassword(ProtocolConnection s, Params p) {
        return Reply.done(() -> engine.users().setPassword(target(p).id(), p.string("password")));
    }

    ObjectNode deleteUser(ProtocolConnection s, Params p) {
        return Reply.done(() -> engine.users().delete(target(p).id()));
    }

    ObjectNode revokeTokens(ProtocolConnection s, Params p) {
        return Reply.done(() -> engine.auth().logoutEverywhere(target(p).id()));
    }

    ObjectNode friends(ProtocolConnection s, Params p) {
        return Reply.list("friends", engine.friends().list(target(p).id()), Wire::friend);
    }

    ObjectNode befriend(ProtocolConnection s, Params p) {
        UserId user = target(p).id();
        return Reply.of("friendship", engine.friends().befriend(user, Targets.named(engine, p.string("friend"))),
                Wire::friendship);
    }

    ObjectNode unfriend(ProtocolConnection s, Params p) {
        return Reply.done(() -> engine.friends().remove(target(p).id(), Targets.named(engine, p.string("friend"))));
    }
}
