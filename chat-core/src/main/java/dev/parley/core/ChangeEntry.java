package dev.parley.core;

import dev.parley.api.Change;
import dev.parley.api.Conversation;
import dev.parley.api.Cursor;
import dev.parley.api.Member;
import dev.parley.api.Message;
import java.util.Objects;

/**
 * One entity that changed, as a sync by change number returns it: its latest change and its state
 * now. Exactly one of the state fields is set for message, cursor and conversation changes; a
 * membership change sets {@code member}, or nothing if the change removed the member.
 *
 * @param change       the entity's latest change
 * @param message      the message now (a tombstone if it was deleted), for a message change
 * @param cursor       the member's cursor now, for a cursor change
 * @param member       the membership now, for a membership change; null if the member left or was removed
 * @param conversation the conversation now, for a rename
 */
public record ChangeEntry(Change change, Message message, Cursor cursor, Member member, Conversation conversation) {

    /** Checks the change. */
    public ChangeEntry {
        Objects.requireNonNull(change, "change");
    }
}
