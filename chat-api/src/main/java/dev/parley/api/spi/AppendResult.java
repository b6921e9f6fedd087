package dev.parley.api.spi;

import dev.parley.api.Message;
import java.util.Objects;

/**
 * What {@link MessageStore#append} did with a message.
 *
 * @param message   the stored message: the new one, or, for a duplicate, the one stored before
 * @param duplicate true if the sender had already stored a message with the same clientMsgId, in
 *                  which case nothing new was stored
 */
public record AppendResult(Message message, boolean duplicate) {

    /** Checks the field. */
    public AppendResult {
        Objects.requireNonNull(message, "message");
    }
}
