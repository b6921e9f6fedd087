package dev.parley.api.spi;

import dev.parley.api.Device;
import dev.parley.api.Message;
import java.util.Objects;

/**
 * A notification for one device of a member who had no live session when a message arrived.
 *
 * @param device  where to send it
 * @param message the message that caused it
 * @param title   a short title, such as the sender's or the group's name
 * @param body    a preview of the message, already shortened
 * @param unread  the recipient's unread count in that conversation, for a badge
 */
public record PushNotification(Device device, Message message, String title, String body, long unread) {

    /** Checks the fields. */
    public PushNotification {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(body, "body");
    }
}
