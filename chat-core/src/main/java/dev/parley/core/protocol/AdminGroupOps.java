package dev.parley.core.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Conversation;
import dev.parley.api.ConversationId;
import dev.parley.api.UserId;
import dev.parley.core.ChatEngine;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code admin.groups.*} operations. Members are named by username; an admin's changes to a group
 * are made as its owner.
 */
final class AdminGroupOps {

    private final ChatEngine engine;

    AdminGroupOps(ChatEngine engine) {
        this.engine = engine;
    }

    /** Every group, or those of the user named, each with its members. */
    ObjectNode list(ProtocolConnection s, Params p) {
        UserId user = Targets.optionalUser(engine, p);
        ObjectNode data = Wire.object();
        ArrayNode groups = data.putArray("groups");
        for (Conversation group : engine.conversations().everyConversation(user)) {
            if (!group.isGroup()) {
                continue;
            }
            ObjectNode node = Wire.conversation(group);
            ArrayNode members = node.putArray("members");
            engine.conversations().membersForAdmin(group.id()).forEach(m -> members.add(Wire.member(m)));
            groups.add(node);
        }
        return data;
    }

    ObjectNode create(ProtocolConnection s, Params p) {
        UserId owner = Targets.named(engine, p.string("owner"));
        List<UserId> members = new ArrayList<>();
        p.strings("members").forEach(name -> members.add(Targets.named(engine, name)));
        return Reply.of("conversation", engine.conversations().createGroupAsAdmin(owner, p.string("name"), members),
                Wire::conversation);
    }

    ObjectNode add(ProtocolConnection s, Params p) {
        ConversationId group = p.conversationId("conversationId");
        return Reply.of("member", engine.conversations().addMember(engine.conversations().owner(group), group,
                Targets.named(engine, p.string("username"))), Wire::member);
    }

    ObjectNode remove(ProtocolConnection s, Params p) {
        ConversationId group = p.conversationId("conversationId");
        return Reply.done(() -> engine.conversations().kick(engine.conversations().owner(group), group,
                Targets.named(engine, p.string("username"))));
    }
}
