package dev.parley.core.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.BadRequestException;
import dev.parley.api.ConversationId;
import dev.parley.api.PushPreferences;
import dev.parley.api.UserId;
import dev.parley.core.ChatEngine;
import java.util.LinkedHashSet;
import java.util.Set;

/** The {@code devices.*} operations: the session's user's push devices. */
final class DeviceOps {

    private final ChatEngine engine;

    DeviceOps(ChatEngine engine) {
        this.engine = engine;
    }

    ObjectNode register(ProtocolConnection s, Params p) {
        return Reply.of("device", engine.devices().register(s.user(), p.deviceId("deviceId"),
                p.string("platform"), p.string("token")), Wire::device);
    }

    ObjectNode list(ProtocolConnection s, Params p) {
        return Reply.list("devices", engine.devices().list(s.user()), Wire::device);
    }

    ObjectNode remove(ProtocolConnection s, Params p) {
        return Reply.done(() -> engine.devices().remove(s.user(), p.deviceId("deviceId")));
    }

    ObjectNode preferences(ProtocolConnection s, Params p) {
        return Reply.of("preferences", engine.devices().preferences(s.user()), Wire::pushPreferences);
    }

    /** Replaces the fields given; a field left out keeps its value. */
    ObjectNode setPreferences(ProtocolConnection s, Params p) {
        PushPreferences current = engine.devices().preferences(s.user());
        PushPreferences.Preview preview = current.preview();
        String given = p.optString("preview");
        if (given != null) {
            preview = switch (given) {
                case "default" -> PushPreferences.Preview.DEFAULT;
                case "show" -> PushPreferences.Preview.SHOW;
                case "hide" -> PushPreferences.Preview.HIDE;
                default -> throw new BadRequestException("'preview' is default, show or hide");
            };
        }
        Set<ConversationId> conversations = p.has("mutedConversations")
                ? new LinkedHashSet<>(p.conversationIds("mutedConversations")) : current.mutedConversations();
        Set<UserId> senders = p.has("mutedSenders")
                ? new LinkedHashSet<>(p.userIds("mutedSenders")) : current.mutedSenders();
        return Reply.of("preferences", engine.devices().setPreferences(s.user(),
                new PushPreferences(preview, conversations, senders)), Wire::pushPreferences);
    }
}
