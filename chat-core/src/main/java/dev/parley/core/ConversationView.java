package dev.parley.core;

import dev.parley.api.Conversation;
import dev.parley.api.Cursor;
import dev.parley.api.Member;
import java.util.List;
import java.util.Objects;

/**
 * A conversation as one member sees it in their list.
 *
 * @param conversation the conversation
 * @param members      its members, in the order they joined
 * @param lastSeq      the seq of its latest message, or 0
 * @param cursor       the member's own delivered and read cursors
 * @param unread       how many messages from others the member has not read
 * @param lastChange   the conversation's last change number, or 0
 */
public record ConversationView(Conversation conversation, List<Member> members, long lastSeq, Cursor cursor,
                               long unread, long lastChange) {

    /** Checks the fields and copies the members. */
    public ConversationView {
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(cursor, "cursor");
        members = List.copyOf(members);
    }

    /** A view without a change number. */
    public ConversationView(Conversation conversation, List<Member> members, long lastSeq, Cursor cursor, long unread) {
        this(conversation, members, lastSeq, cursor, unread, 0);
    }
}
