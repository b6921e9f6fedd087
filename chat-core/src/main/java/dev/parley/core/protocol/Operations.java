package dev.parley.core.protocol;

import dev.parley.core.ChatEngine;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The table of every operation of protocol version 1, as docs/protocol.md documents them: its name,
 * who may call it and its handler. The handlers live in one class per domain and each calls one
 * engine service as the session's user. To add an operation, add its line here, its handler, its
 * section in docs/protocol.md and its row in the security matrix test. Immutable once built.
 */
final class Operations {

    private final Map<String, Operation> byName = new HashMap<>();

    Operations(ChatEngine engine) {
        SessionOps session = new SessionOps(engine);
        open("hello", session::hello);
        open("ping", session::ping);
        open("register", session::register);
        open("login", session::login);
        user("logout", session::logout);
        user("me", session::me);
        user("users.find", session::findUser);
        user("users.get", session::getUsers);

        SocialOps friends = new SocialOps(engine);
        user("friends.list", friends::list);
        user("friends.request", friends::request);
        user("friends.accept", friends::accept);
        user("friends.decline", friends::decline);
        user("friends.remove", friends::remove);
        user("friends.block", friends::block);
        user("friends.unblock", friends::unblock);

        GroupOps groups = new GroupOps(engine);
        user("conversations.list", groups::list);
        user("conversations.get", groups::get);
        user("groups.create", groups::create);
        user("groups.leave", groups::leave);
        user("groups.kick", groups::kick);
        user("groups.role", groups::role);
        user("groups.mute", groups::mute);
        user("groups.rename", groups::rename);

        InvitationOps invitations = new InvitationOps(engine);
        user("groups.invite", invitations::invite);
        user("groups.invitations", invitations::ofGroup);
        user("groups.uninvite", invitations::uninvite);
        user("invitations.list", invitations::list);
        user("invitations.accept", invitations::accept);
        user("invitations.decline", invitations::decline);

        MessageOps messages = new MessageOps(engine);
        user("send", messages::send);
        user("sync", messages::sync);
        user("history", messages::history);
        user("receipts.delivered", messages::delivered);
        user("receipts.read", messages::read);
        user("receipts.list", messages::receipts);
        user("typing", messages::typing);
        user("edit", messages::edit);
        user("delete", messages::delete);
        user("react", messages::react);
        user("unreact", messages::unreact);

        DeviceOps devices = new DeviceOps(engine);
        user("devices.register", devices::register);
        user("devices.list", devices::list);
        user("devices.remove", devices::remove);
        user("devices.preferences", devices::preferences);
        user("devices.setPreferences", devices::setPreferences);

        AdminOps accounts = new AdminOps(engine);
        admin("admin.users.list", accounts::listUsers);
        admin("admin.users.get", accounts::getUser);
        admin("admin.users.create", accounts::createUser);
        admin("admin.users.roles", accounts::setRoles);
        admin("admin.users.enable", accounts::enable);
        admin("admin.users.disable", accounts::disable);
        admin("admin.users.password", accounts::setPassword);
        admin("admin.users.delete", accounts::deleteUser);
        admin("admin.tokens.revoke", accounts::revokeTokens);
        admin("admin.friends.list", accounts::friends);
        admin("admin.friends.add", accounts::befriend);
        admin("admin.friends.remove", accounts::unfriend);

        AdminGroupOps adminGroups = new AdminGroupOps(engine);
        admin("admin.groups.list", adminGroups::list);
        admin("admin.groups.create", adminGroups::create);
        admin("admin.groups.add", adminGroups::add);
        admin("admin.groups.remove", adminGroups::remove);

        AdminMessageOps adminMessages = new AdminMessageOps(engine);
        admin("admin.notice", adminMessages::notice);
        admin("admin.send", adminMessages::send);
        admin("admin.messages.recent", adminMessages::recent);
        admin("admin.tail", adminMessages::tail);
        admin("admin.untail", adminMessages::untail);

        AdminStatusOps status = new AdminStatusOps(engine);
        admin("admin.status", status::status);
    }

    /** The operation of this name, or null. */
    Operation get(String name) {
        return byName.get(name);
    }

    Set<String> names() {
        return byName.keySet();
    }

    private void open(String name, Operation.Handler handler) {
        add(name, Operation.Access.OPEN, handler);
    }

    private void user(String name, Operation.Handler handler) {
        add(name, Operation.Access.USER, handler);
    }

    private void admin(String name, Operation.Handler handler) {
        add(name, Operation.Access.ADMIN, handler);
    }

    private void add(String name, Operation.Access access, Operation.Handler handler) {
        if (byName.putIfAbsent(name, new Operation(access, handler)) != null) {
            throw new IllegalStateException("operation listed twice: " + name);
        }
    }
}
