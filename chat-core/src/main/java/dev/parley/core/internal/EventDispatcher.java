package dev.parley.core.internal;

import dev.parley.api.UserId;
import dev.parley.api.event.ChatEvent;
import dev.parley.core.fanout.FanOut;
import java.util.Collection;

/**
 * Sends an event that is not a new message to the live sessions of its recipients, through the
 * {@link FanOut}, and to the listeners. Thread-safe; never blocks.
 */
public final class EventDispatcher {

    private final FanOut fanOut;
    private final ListenerDispatcher listeners;

    /** A publisher over the given fan-out and listeners. */
    public EventDispatcher(FanOut fanOut, ListenerDispatcher listeners) {
        this.fanOut = fanOut;
        this.listeners = listeners;
    }

    /** Delivers the event to every live session of the recipients, and to the listeners. */
    public void publish(Collection<UserId> recipients, ChatEvent event) {
        fanOut.deliver(recipients, event);
        listeners.event(event);
    }

    /** Delivers the event to live sessions only: for ephemeral events such as typing. */
    public void publishLive(Collection<UserId> recipients, ChatEvent event) {
        fanOut.deliver(recipients, event);
    }
}
