package dev.parley.api.spi;

import dev.parley.api.Message;
import dev.parley.api.User;
import dev.parley.api.event.ChatEvent;

/**
 * Hears what happens in the engine, so that a host application can react without a transport:
 * index messages, call a bot, feed analytics.
 *
 * <p>The engine calls listeners on one event thread of its own, after the change is committed, in
 * commit order, and never on the sender's request path. A listener should return quickly; one that
 * throws is logged and the others still run. All methods default to doing nothing.
 */
public interface ChatListener extends ChatExtension {

    /** Named after the listener's class unless it says otherwise. */
    @Override
    default String id() {
        return getClass().getName();
    }

    /** A new message was stored. Messages of one conversation arrive in seq order. */
    default void onMessage(Message message) {
    }

    /** A user registered, or was provisioned by an authenticator. */
    default void onUserRegistered(User user) {
    }

    /**
     * Any other event: edits, deletes, reactions, receipts, typing, presence, friendship, membership,
     * group invitation and conversation changes.
     */
    default void onEvent(ChatEvent event) {
    }
}
