package dev.parley.core.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.ConversationId;
import dev.parley.api.MessageDraft;
import dev.parley.api.UserId;
import dev.parley.core.ChatEngine;
import dev.parley.core.ChatSession;
import dev.parley.core.SendResult;
import dev.parley.core.SyncBatch;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/** Messages, receipts and typing: {@code send}, {@code sync}, {@code history}, {@code receipts.*}, edits and reactions. */
final class MessageOps {

    private final ChatEngine engine;

    MessageOps(ChatEngine engine) {
        this.engine = engine;
    }

    /** Answered when the writer has committed the message; the sender's own session gets no event. */
    CompletableFuture<ObjectNode> send(ProtocolConnection s, Params p) {
        ChatSession from = s.chatSession();
        return send(p, (id, draft) -> engine.messages().sendAsync(from, id, draft),
                (to, draft) -> engine.messages().sendDirectAsync(from, to, draft));
    }

    /**
     * Sends the request's draft to {@code toUserId} or {@code conversationId}, whichever it names, and
     * answers with the ack; shared with {@code admin.send}, which sends as another user.
     */
    static CompletableFuture<ObjectNode> send(Params p,
                                              BiFunction<ConversationId, MessageDraft, CompletableFuture<SendResult>> toGroup,
                                              BiFunction<UserId, MessageDraft, CompletableFuture<SendResult>> direct) {
        MessageDraft draft = p.draft();
        CompletableFuture<SendResult> ack = p.has("toUserId")
                ? direct.apply(p.userId("toUserId"), draft)
                : toGroup.apply(p.conversationId("conversationId"), draft);
        return ack.thenApply(MessageOps::sent);
    }

    private static ObjectNode sent(SendResult result) {
        ObjectNode data = Reply.of("message", result.message(), Wire::message);
        data.put("duplicate", result.duplicate());
        return data;
    }

    ObjectNode sync(ProtocolConnection s, Params p) {
        if (p.has("changesSince")) {
            return syncChanges(s, p);
        }
        Map<ConversationId, Long> since = p.conversationSeqs("since");
        int limit = p.intValue("limit", engine.limits().maxPageSize());
        ObjectNode data = Wire.object();
        ArrayNode conversations = data.putArray("conversations");
        for (SyncBatch batch : engine.messages().sync(s.user(), since, limit)) {
            ObjectNode entry = conversations.addObject();
            entry.put("conversationId", batch.conversationId().value());
            ArrayNode messages = entry.putArray("messages");
            batch.messages().forEach(m -> messages.add(Wire.message(m)));
            entry.put("hasMore", batch.hasMore());
        }
        return data;
    }

    /** {@code sync} with {@code changesSince}: what changed after the client's change numbers. */
    private ObjectNode syncChanges(ProtocolConnection s, Params p) {
        Map<ConversationId, Long> since = p.conversationSeqs("changesSince");
        int limit = p.intValue("limit", engine.limits().maxPageSize());
        ObjectNode data = Wire.object();
        ArrayNode conversations = data.putArray("conversations");
        for (dev.parley.core.ChangeBatch batch : engine.changes().sync(s.user(), since, limit)) {
            ObjectNode entry = conversations.addObject();
            entry.put("conversationId", batch.conversationId().value());
            ArrayNode changes = entry.putArray("changes");
            batch.changes().forEach(c -> changes.add(Wire.changeEntry(c)));
            entry.put("lastChange", batch.lastChange());
            entry.put("hasMore", batch.hasMore());
            if (batch.removed()) {
                entry.put("removed", true);
            }
        }
        return data;
    }

    ObjectNode history(ProtocolConnection s, Params p) {
        Long before = p.optLong("beforeSeq");
        dev.parley.core.HistoryPage page = engine.messages().historyPage(s.user(), p.conversationId("conversationId"),
                before == null ? Long.MAX_VALUE : before, p.intValue("limit", 50));
        ObjectNode data = Reply.list("messages", page.messages(), Wire::message);
        data.put("hasMore", page.hasMore());
        data.put("lastChange", page.lastChange());
        return data;
    }

    ObjectNode delivered(ProtocolConnection s, Params p) {
        return Reply.of("cursor", engine.receipts()
                .markDelivered(s.user(), p.conversationId("conversationId"), p.longValue("seq")), Wire::cursor);
    }

    ObjectNode read(ProtocolConnection s, Params p) {
        return Reply.of("cursor", engine.receipts()
                .markRead(s.user(), p.conversationId("conversationId"), p.longValue("seq")), Wire::cursor);
    }

    ObjectNode receipts(ProtocolConnection s, Params p) {
        return Reply.list("cursors", engine.receipts().cursors(s.user(), p.conversationId("conversationId")),
                Wire::cursor);
    }

    ObjectNode typing(ProtocolConnection s, Params p) {
        return Reply.done(() -> engine.presence()
                .typing(s.user(), p.conversationId("conversationId"), p.bool("typing", true)));
    }

    ObjectNode edit(ProtocolConnection s, Params p) {
        return Reply.of("message", engine.messages().edit(s.user(), p.messageId("messageId"), p.string("text")),
                Wire::message);
    }

    ObjectNode delete(ProtocolConnection s, Params p) {
        return Reply.of("message", engine.messages().delete(s.user(), p.messageId("messageId")), Wire::message);
    }

    ObjectNode react(ProtocolConnection s, Params p) {
        return Reply.of("message", engine.messages().react(s.user(), p.messageId("messageId"), p.string("emoji")),
                Wire::message);
    }

    ObjectNode unreact(ProtocolConnection s, Params p) {
        return Reply.of("message", engine.messages().unreact(s.user(), p.messageId("messageId"), p.string("emoji")),
                Wire::message);
    }
}
