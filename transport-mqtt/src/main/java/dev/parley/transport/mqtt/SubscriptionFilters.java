package dev.parley.transport.mqtt;

import dev.parley.api.spi.DirectRequests;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What SUBSCRIBE and UNSUBSCRIBE filters mean for one connection's session: which are granted, which
 * refused with which code, and what each changes in the {@link MqttSession}. A conversation topic is
 * granted the QoS asked for, at most 1 (QoS 2 is not offered): its messages are then published at
 * that QoS. The client topic is granted QoS 0: its responses and events are not kept for the client
 * ({@code sync} is what it catches up with). A conversation the user cannot read gets the same
 * refusal whether it exists or not. Thread-safe, as the session is.
 */
final class SubscriptionFilters {

    private static final int GRANTED_QOS_0 = MqttReasonCodes.SubAck.GRANTED_QOS_0.byteValue();

    private final MqttSession session;
    private final String clientId;
    private final boolean loggedIn;
    private final DirectRequests direct;
    private final boolean v5;

    /**
     * @param loggedIn whether the connection is logged in: the conversation topics need a user
     * @param v5       whether to answer with MQTT 5's reason codes, or 3.1.1's one failure code
     */
    SubscriptionFilters(MqttSession session, String clientId, boolean loggedIn, DirectRequests direct, boolean v5) {
        this.session = session;
        this.clientId = clientId;
        this.loggedIn = loggedIn;
        this.direct = direct;
        this.v5 = v5;
    }

    /**
     * Grants a filter, or refuses it: the SUBACK code, once known.
     *
     * @param qos the QoS the client asked for
     */
    CompletionStage<Integer> grant(String filter, int qos) {
        int granted = Math.min(qos, 1);
        if (filter.equals(Topics.client(clientId))) {
            session.subscribeClientTopic(true);
            return CompletableFuture.completedFuture(GRANTED_QOS_0);
        }
        if (filter.startsWith(Topics.CLIENT_PREFIX)) {
            return refused(MqttReasonCodes.SubAck.NOT_AUTHORIZED); // another client's topic
        }
        if (!loggedIn && filter.startsWith(Topics.CONVERSATIONS)) {
            return refused(MqttReasonCodes.SubAck.NOT_AUTHORIZED);
        }
        if (filter.equals(Topics.ALL_CONVERSATIONS)) {
            session.subscribeAll(granted);
            return baselined(granted);
        }
        Topics.ConversationTopic topic = Topics.ConversationTopic.parse(filter);
        if (topic == null || topic.action() != null) {
            return refused(MqttReasonCodes.SubAck.TOPIC_FILTER_INVALID);
        }
        if (topic.conversation() == null) {
            return refused(MqttReasonCodes.SubAck.NOT_AUTHORIZED); // not an id: no such conversation either
        }
        return direct.checkReadable(topic.conversation()).handle((ok, failure) -> failure == null)
                .thenCompose(readable -> {
                    if (!readable) {
                        return refused(MqttReasonCodes.SubAck.NOT_AUTHORIZED);
                    }
                    session.subscribe(topic.conversation(), granted);
                    return baselined(granted);
                });
    }

    /**
     * Removes a filter's subscription.
     *
     * @return whether there was one
     */
    boolean remove(String filter) {
        if (filter.equals(Topics.client(clientId))) {
            boolean had = session.clientTopic();
            session.subscribeClientTopic(false);
            return had;
        }
        if (filter.equals(Topics.ALL_CONVERSATIONS)) {
            boolean had = session.subscribedToAll();
            session.subscribeAll(-1);
            return had;
        }
        Topics.ConversationTopic topic = Topics.ConversationTopic.parse(filter);
        return topic != null && topic.conversation() != null && topic.action() == null
                && session.unsubscribe(topic.conversation());
    }

    /**
     * Grants a conversation subscription once the session knows where the client stands in each
     * conversation, so that a persistent session catches up from there after a reconnect.
     */
    private CompletionStage<Integer> baselined(int granted) {
        return direct.latestSeqs().handle((latest, failure) -> {
            if (latest != null) {
                session.baseline(latest);
            }
            return granted; // the SUBACK code of a granted QoS is the QoS
        });
    }

    /** MQTT 3.1.1 has one failure code, 0x80; MQTT 5 says which. */
    private CompletionStage<Integer> refused(MqttReasonCodes.SubAck reason) {
        return CompletableFuture.completedFuture(v5 ? reason.byteValue() & 0xFF : 0x80);
    }
}
