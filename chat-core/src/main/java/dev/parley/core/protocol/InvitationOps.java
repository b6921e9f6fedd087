package dev.parley.core.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.ConversationId;
import dev.parley.core.ChatEngine;
import dev.parley.core.InviteOutcome;

/** Group invitations: {@code groups.invite}, {@code groups.invitations}, {@code groups.uninvite} and {@code invitations.*}. */
final class InvitationOps {

    private final ChatEngine engine;

    InvitationOps(ChatEngine engine) {
        this.engine = engine;
    }

    /** The new member, or the invitation sent instead, as the group invite policy says. */
    ObjectNode invite(ProtocolConnection s, Params p) {
        ConversationId group = p.conversationId("conversationId");
        InviteOutcome outcome = engine.conversations().invite(s.user(), group, p.userId("userId"));
        if (outcome.joined()) {
            return Reply.of("member", outcome.member(), Wire::member);
        }
        return Reply.of("invitation", engine.conversations().invitation(s.user(), group, p.userId("userId")),
                Wire::invitation);
    }

    /** The invitations a group has sent that are still open. */
    ObjectNode ofGroup(ProtocolConnection s, Params p) {
        return Reply.list("invitations", engine.conversations()
                .groupInvitations(s.user(), p.conversationId("conversationId")), Wire::invitation);
    }

    ObjectNode uninvite(ProtocolConnection s, Params p) {
        return Reply.done(() -> engine.conversations()
                .uninvite(s.user(), p.conversationId("conversationId"), p.userId("userId")));
    }

    /** The invitations the session's user has received. */
    ObjectNode list(ProtocolConnection s, Params p) {
        return Reply.list("invitations", engine.conversations().invitations(s.user()), Wire::invitation);
    }

    ObjectNode accept(ProtocolConnection s, Params p) {
        return Reply.of("member", engine.conversations().accept(s.user(), p.conversationId("conversationId")),
                Wire::member);
    }

    ObjectNode decline(ProtocolConnection s, Params p) {
        return Reply.done(() -> engine.conversations().decline(s.user(), p.conversationId("conversationId")));
    }
}
