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
        return Reply.list("conversations", engine.conversations().list(s.user()), Wire::conversationView);
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
