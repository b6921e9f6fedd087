package dev.parley.core;

import dev.parley.api.Message;
import java.util.Objects;

/**
 * The ack of a send: the stored message with its seq. Returned only after the store has committed it.
 *
 * @param message   the stored message
 * @param duplicate true if this was a retry of a message already stored with the same clientMsgId,
 *                  in which case {@code message} is the original and nothing new was stored
 */
public record SendResult(Message message, boolean duplicate) {

    /** Checks the field. */
    public SendResult {
        Objects.requireNonNull(message, "message");
    }
}
