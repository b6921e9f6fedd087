package dev.parley.core.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Conversation;
import dev.parley.api.ConversationId;
import dev.parley.api.ForbiddenException;
import dev.parley.api.NotFoundException;
import dev.parley.api.UserId;
import dev.parley.core.ChatEngine;
import dev.parley.core.SendResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The admin operations on messages: notices, sending as a user, recent messages and the live tail. */
final class AdminMessageOps {

    private final ChatEngine engine;

    AdminMessageOps(ChatEngine engine) {
        this.engine = engine;
    }

    /** A notice to one user, or with {@code all} to every user, from the system. */
    ObjectNode notice(ProtocolConnection s, Params p) {
        String text = p.string("text");
        UserId admin = s.user();
        if (admin == null) {
            // Only the console runs admin operations without a login; a notice records the admin who sent it.
            throw new ForbiddenException("a notice is sent by a logged-in admin, not from the console");
        }
        if (p.bool("all", false)) {
            ObjectNode data = Wire.object();
            data.put("count", engine.notices().broadcast(admin, text));
            return data;
        }
        SendResult sent = engine.notices().send(admin, Targets.user(engine, p).id(), text);
        return Reply.of("message", sent.message(), Wire::message);
    }

    /** A message as the user named by {@code from}; every session of theirs gets it. */
    CompletableFuture<ObjectNode> send(ProtocolConnection s, Params p) {
        UserId from = engine.users().findByUsername(p.string("from"))
                .orElseThrow(() -> new NotFoundException("no such user")).id();
        return MessageOps.send(p, (id, draft) -> engine.messages().sendAsync(from, id, draft),
                (to, draft) -> engine.messages().sendDirectAsync(from, to, draft));
    }

    ObjectNode recent(ProtocolConnection s, Params p) {
        int limit = Math.min(Math.max(p.intValue("limit", 20), 1), engine.limits().maxPageSize());
        UserId user = Targets.optionalUser(engine, p);
        ConversationId conversation = p.has("conversationId") ? p.conversationId("conversationId") : null;
        List<ConversationId> conversations = conversation != null ? List.of(conversation)
                : engine.conversations().everyConversation(user).stream().map(Conversation::id).toList();
        return Reply.list("messages", engine.messages().recent(conversations, limit), Wire::message);
    }

    ObjectNode tail(ProtocolConnection s, Params p) {
        UserId user = Targets.optionalUser(engine, p);
        ConversationId conversation = p.has("conversationId") ? p.conversationId("conversationId") : null;
        s.protocol().tail().subscribe(s, new TailService.Filter(user, conversation));
        return Reply.empty();
    }

    ObjectNode untail(ProtocolConnection s, Params p) {
        return Reply.done(() -> s.protocol().tail().unsubscribe(s));
    }
}
