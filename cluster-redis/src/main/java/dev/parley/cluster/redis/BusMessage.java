package dev.parley.cluster.redis;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.parley.api.UserId;
import dev.parley.api.event.ChatEvent;
import java.util.List;

/** What one node tells the others on the bus. Every message names the node it comes from. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = BusMessage.Delivery.class, name = "deliver"),
        @JsonSubTypes.Type(value = BusMessage.CloseUser.class, name = "closeUser"),
        @JsonSubTypes.Type(value = BusMessage.CloseToken.class, name = "closeToken"),
        @JsonSubTypes.Type(value = BusMessage.PresenceChange.class, name = "presence"),
        @JsonSubTypes.Type(value = BusMessage.Heartbeat.class, name = "heartbeat"),
        @JsonSubTypes.Type(value = BusMessage.NodeLeft.class, name = "left")})
sealed interface BusMessage {

    /** The id of the node that sent it. */
    String origin();

    /** An event for the live sessions of these users; the origin has reached its own sessions. */
    record Delivery(String origin, List<UserId> recipients, ChatEvent event) implements BusMessage {
    }

    /** Close every session of the user. */
    record CloseUser(String origin, UserId user, String reason) implements BusMessage {
    }

    /** Close every session that logged in with the token of this hash. */
    record CloseToken(String origin, String tokenHash, String reason) implements BusMessage {
    }

    /** The user's first session on the origin opened, or its last one there closed. */
    record PresenceChange(String origin, UserId user, boolean online) implements BusMessage {
    }

    /**
     * The origin is alive, and its users stay online for this long unless it says more. With
     * {@code reload}, its set of users in Redis was just rewritten and replaces what others knew of it:
     * it sends one when it starts and when it reaches Redis again after an outage.
     */
    record Heartbeat(String origin, long ttlMillis, boolean reload) implements BusMessage {
    }

    /** The origin closed in order: none of its users is online there any more. */
    record NodeLeft(String origin) implements BusMessage {
    }
}
