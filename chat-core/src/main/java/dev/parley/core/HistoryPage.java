package dev.parley.core;

import dev.parley.api.Message;
import java.util.List;
import java.util.Objects;

/**
 * A page of a conversation's history.
 *
 * @param messages   the messages, lowest seq first
 * @param hasMore    whether older messages exist before the first one
 * @param lastChange the conversation's last change number, read before the page
 */
public record HistoryPage(List<Message> messages, boolean hasMore, long lastChange) {

    /** Checks the fields and copies the messages. */
    public HistoryPage {
        Objects.requireNonNull(messages, "messages");
        messages = List.copyOf(messages);
    }
}
