package dev.parley.core.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.ChatEngine;

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
}
