package dev.parley.api.event;

import dev.parley.api.Cursor;
import java.util.Objects;

/**
 * A member's delivered or read cursor moved forward.
 *
 * @param cursor the member's cursor as it is now
 */
public record ReceiptEvent(Cursor cursor) implements ChatEvent {

    /** Checks the field. */
    public ReceiptEvent {
        Objects.requireNonNull(cursor, "cursor");
    }
}
