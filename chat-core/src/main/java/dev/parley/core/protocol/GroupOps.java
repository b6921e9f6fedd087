package dev.parley.core.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Conversation;
import dev.parley.core.ChatEngine;
import dev.parley.core.InvitationView;
import java.util.List;

/** The {@code conversations.*} operations and the {@code groups.*} ones that manage members. */
final class GroupOps {

    private final ChatEngine engine;

    GroupOps(ChatEngine engine) {
        this.engine = engine;
    }

    ObjectNode list(ProtocolConnection s, Params p) {
        if (p.has("changesSince")) {
            return changedSince(s, p);
        }
        return Reply.list("conversations", engine.conversations().list(s.user()), Wire::conversationView);
    }

    /**
     * {@code conversations.list} with {@code changesSince}: only the conversations that changed, each
     * with its latest message, and the ones the user was removed from under {@code removed}.
     */
    private ObjectNode changedSince(ProtocolConnection s, Params p) {
        var changed = engine.changes().changedConversations(s.user(), p.conversationSeqs("changesSince"),
                engine.conversations());
        ObjectNode data = Wire.object();
        com.fasterxml.jackson.databind.node.ArrayNode conversations = data.putArray("conversations");
        com.fasterxml.jackson.databind.node.ArrayNode removed = data.putArray("removed");
        for (var c : changed) {
            if (c.removal() != null) {
                ObjectNode entry = removed.addObject();
                entry.put("conversationId", c.conversationId().value());
                entry.put("changeNumber", c.removal().number());
                entry.put("kind", c.removal().kind().code());
            } else {
                ObjectNode view = Wire.conversationView(c.view());
                if (c.latestMessage() != null) {
                    view.set("latestMessage", Wire.message(c.latestMessage()));
                }
                conversations.add(view);
            }
        }
        return data;
    }

    ObjectNode get(ProtocolConnection s, Params p) {
        return Reply.of("conversation", engine.conversations().get(s.user(), p.conversationId("conversationId")),
                Wire::conversationView);
    }

    /** The new group; {@code invited} lists, if any, the users who were sent an invitation instead. */
    ObjectNode create(ProtocolConnection s, Params p) {
        Conversation group = engine.conversations().createGroup(s.user(), p.string("name"), p.userIds("members"));
        ObjectNode data = Reply.of("conversation", group, Wire::conversation);
        List<InvitationView> invited = engine.conversations().groupInvitations(s.user(), group.id());
        if (!invited.isEmpty()) {
            ArrayNode ids = data.putArray("invited");
            invited.forEach(v -> ids.add(v.invitation().invitee().value()));
        }
        return data;
    }

    ObjectNode leave(ProtocolConnection s, Params p) {
        return Reply.done(() -> engine.conversations().leave(s.user(), p.conversationId("conversationId")));
    }

    ObjectNode kick(ProtocolConnection s, Params p) {
        return Reply.done(() -> engine.conversations()
                .kick(s.user(), p.conversationId("conversationId"), p.userId("userId")));
    }

    ObjectNode role(ProtocolConnection s, Params p) {
        return Reply.of("member", engine.conversations().setRole(s.user(), p.conversationId("conversationId"),
                p.userId("userId"), p.memberRole("role")), Wire::member);
    }

    ObjectNode mute(ProtocolConnection s, Params p) {
        return Reply.of("member", engine.conversations().mute(s.user(), p.conversationId("conversationId"),
                p.userId("userId"), p.bool("muted", true)), Wire::member);
    }

    ObjectNode rename(ProtocolConnection s, Params p) {
        return Reply.of("conversation", engine.conversations()
                .rename(s.user(), p.conversationId("conversationId"), p.string("name")), Wire::conversation);
    }
}
