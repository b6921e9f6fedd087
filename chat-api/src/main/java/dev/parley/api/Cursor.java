package dev.parley.api;

import java.util.Objects;

/**
 * How far a member has received and read a conversation. Both cursors only move forward, and the
 * read cursor never passes the delivered one: reading a message implies it was delivered.
 *
 * @param conversationId the conversation
 * @param userId         the member
 * @param deliveredSeq   the highest seq delivered to one of the member's devices, or 0
 * @param readSeq        the highest seq the member has read, or 0
 * @param change         the number of the change that last moved this cursor in the conversation's
 *                       change log, or 0 if it never moved or the store keeps no log
 */
public record Cursor(ConversationId conversationId, UserId userId, long deliveredSeq, long readSeq, long change) {

    /** Checks the fields. */
    public Cursor {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(userId, "userId");
        if (deliveredSeq < 0 || readSeq < 0 || readSeq > deliveredSeq) {
            throw new IllegalArgumentException("0 <= readSeq <= deliveredSeq, got " + readSeq + " and " + deliveredSeq);
        }
        if (change < 0) {
            throw new IllegalArgumentException("change must not be negative: " + change);
        }
    }

    /** A cursor with no change number (0). */
    public Cursor(ConversationId conversationId, UserId userId, long deliveredSeq, long readSeq) {
        this(conversationId, userId, deliveredSeq, readSeq, 0);
    }

    /** Returns a copy last moved by the given change. */
    public Cursor withChange(long newChange) {
        return new Cursor(conversationId, userId, deliveredSeq, readSeq, newChange);
    }

    /** Whether the other cursor is at the same place, whatever their change numbers. */
    public boolean samePlace(Cursor other) {
        return deliveredSeq == other.deliveredSeq && readSeq == other.readSeq;
    }

    /** The cursor of a member who has received nothing yet. */
    public static Cursor start(ConversationId conversationId, UserId userId) {
        return new Cursor(conversationId, userId, 0, 0);
    }

    /** Returns the cursor moved forward to at least the given delivered seq. */
    public Cursor delivered(long seq) {
        return new Cursor(conversationId, userId, Math.max(deliveredSeq, seq), readSeq, change);
    }

    /** Returns the cursor moved forward to at least the given read seq, which also counts as delivered. */
    public Cursor read(long seq) {
        long newRead = Math.max(readSeq, seq);
        return new Cursor(conversationId, userId, Math.max(deliveredSeq, newRead), newRead, change);
    }
}
