package dev.parley.core.internal;

import dev.parley.api.Conversation;
import dev.parley.api.Device;
import dev.parley.api.Message;
import dev.parley.api.PushPreferences;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.spi.ChatStore;
import dev.parley.api.spi.PushNotification;
import dev.parley.core.PushSettings;
import java.util.regex.Pattern;

/**
 * Writes the notification a recipient gets for a message: title, preview or generic text by the
 * server's and the recipient's privacy settings, badge from unread counts, collapse key and urgency.
 * Reads the store, so it runs on push threads only. Thread-safe.
 */
final class PushComposer {

    private static final int PREVIEW_CODE_POINTS = 100;

    private final ChatStore store;
    private final PushSettings settings;

    PushComposer(ChatStore store, PushSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** What one message looks like to everyone: worked out once, then per recipient in {@link #compose}. */
    record Draft(Message message, String title, String preview, boolean notice) {
    }

    Draft draft(Message message) {
        Conversation conversation = store.conversations().find(message.conversationId()).orElse(null);
        boolean group = conversation != null && conversation.isGroup();
        String sender = message.senderId().isSystem() ? "System"
                : store.users().findById(message.senderId()).map(User::displayName).orElse("Someone");
        String title = group ? conversation.name() : sender;
        String text = switch (message.kind()) {
            case IMAGE -> "[image]";
            case VOICE -> "[voice message]";
            case FILE -> "[file]";
            default -> message.text() == null ? "" : message.text();
        };
        String preview = (group ? sender + ": " : "") + shorten(text);
        return new Draft(message, title, preview, message.senderId().isSystem());
    }

    /** Whether the recipient muted the message's conversation or sender. */
    static boolean muted(Message message, PushPreferences preferences) {
        return preferences.mutedConversations().contains(message.conversationId())
                || preferences.mutedSenders().contains(message.senderId());
    }

    PushNotification compose(Draft draft, Device device, UserId recipient, PushPreferences preferences, long badge,
                             boolean mentioned) {
        boolean preview = switch (preferences.preview()) {
            case SHOW -> true;
            case HIDE -> false;
            case DEFAULT -> settings.previews();
        };
        // Hiding previews hides what was said, not who said it: the title still names the sender or group.
        String body = preview ? draft.preview() : settings.genericText();
        return new PushNotification(device, draft.message(), draft.title(), body, badge,
                "c" + draft.message().conversationId().value(), draft.notice() || mentioned);
    }

    /** The recipient's unread messages over all their conversations. */
    long badge(UserId recipient) {
        long unread = 0;
        for (Conversation conversation : store.conversations().listFor(recipient)) {
            unread += store.messages().countUnread(conversation.id(), recipient);
        }
        return unread;
    }

    /** Whether the text mentions the user as {@code @username}. */
    boolean mentions(Message message, UserId recipient) {
        if (message.text() == null || message.text().indexOf('@') < 0) {
            return false;
        }
        return store.users().findById(recipient)
                .map(u -> Pattern.compile("(^|[^\\p{L}\\p{N}_])@" + Pattern.quote(u.username()) + "(?![\\p{L}\\p{N}_])",
                        Pattern.CASE_INSENSITIVE).matcher(message.text()).find())
                .orElse(false);
    }

    /** Cuts at a code point boundary, so that an emoji is never split in half. */
    static String shorten(String text) {
        if (text.codePointCount(0, text.length()) <= PREVIEW_CODE_POINTS) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, PREVIEW_CODE_POINTS)) + "…";
    }
}
