package dev.parley.core.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.NotFoundException;
import dev.parley.api.UserId;
import dev.parley.core.ChatEngine;

/** The {@code friends.*} operations, as the session's user. */
final class SocialOps {

    private final ChatEngine engine;

    SocialOps(ChatEngine engine) {
        this.engine = engine;
    }

    ObjectNode list(ProtocolConnection s, Params p) {
        return Reply.list("friends", engine.friends().list(s.user()), Wire::friend);
    }

    /** A request to the user named by {@code username} or {@code userId}. */
    ObjectNode request(ProtocolConnection s, Params p) {
        UserId target = p.has("username")
                ? engine.users().findByUsername(p.string("username"))
                        .orElseThrow(() -> new NotFoundException("no such user")).id()
                : p.userId("userId");
        return Reply.of("friendship", engine.friends().request(s.user(), target), Wire::friendship);
    }

    ObjectNode accept(ProtocolConnection s, Params p) {
        return Reply.of("friendship", engine.friends().accept(s.user(), p.userId("userId")), Wire::friendship);
    }

    ObjectNode decline(ProtocolConnection s, Params p) {
        return Reply.of("friendship", engine.friends().decline(s.user(), p.userId("userId")), Wire::friendship);
    }

    ObjectNode remove(ProtocolConnection s, Params p) {
        return Reply.done(() -> engine.friends().remove(s.user(), p.userId("userId")));
    }

    ObjectNode block(ProtocolConnection s, Params p) {
        return Reply.done(() -> engine.friends().block(s.user(), p.userId("userId")));
    }

    ObjectNode unblock(ProtocolConnection s, Params p) {
        return Reply.done(() -> engine.friends().unblock(s.user(), p.userId("userId")));
    }
}
