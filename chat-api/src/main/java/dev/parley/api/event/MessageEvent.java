package dev.parley.api.event;

import dev.parley.api.Message;
import java.util.Objects;

/**
 * A new message was committed to the store.
 *
 * @param message the stored message, with its seq
 */
public record MessageEvent(Message message) implements ChatEvent {

    /** Checks the field. */
    public MessageEvent {
        Objects.requireNonNull(message, "message");
    }
}
