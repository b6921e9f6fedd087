package dev.parley.api.spi;

import dev.parley.api.ConversationId;
import dev.parley.api.Device;
import dev.parley.api.Message;
import java.util.Objects;

/**
 * A notification for one device of a member who had no live session when a message arrived.
 * Immutable and thread-safe.
 *
 * @param device      where to send it
 * @param message     the message that caused it; providers must not send its text unless it is also in
 *                    {@code body}, which the privacy settings decide
 * @param title       a short title, such as the sender's or the group's name
 * @param body        a preview of the message, already shortened, or a generic text such as
 *                    {@code "New message"} when the recipient or the server hides previews
 * @param badge       the recipient's unread count over all their conversations, for the app icon's badge
 * @param collapseKey a key that lets the push service replace an older, undelivered notification with
 *                    this one; Parley uses the conversation id, so a phone that was off shows one
 *                    notification per conversation
 * @param urgent      whether the service should wake the device now (system notices and mentions)
 *                    rather than deliver when convenient
 */
public record PushNotification(Device device, Message message, String title, String body, long badge,
                               String collapseKey, boolean urgent) {

    /** Checks the fields. */
    public PushNotification {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(collapseKey, "collapseKey");
        if (badge < 0) {
            throw new IllegalArgumentException("a badge is at least 0: " + badge);
        }
    }

    /** The conversation the message is in. */
    public ConversationId conversationId() {
        return message.conversationId();
    }
}
