package dev.parley.api.spi;

import dev.parley.api.Change;
import dev.parley.api.ChangeKind;
import dev.parley.api.ConversationId;
import java.util.List;
import java.util.Optional;

/**
 * The change log of every conversation: what changed, in the order it changed. The other stores of
 * the same {@link ChatStore} write it, each in the transaction that makes the change:
 * {@link MessageStore#append} logs {@link ChangeKind#SENT}, {@code edit}, {@code delete} and the
 * reaction methods log theirs, the cursor methods log {@link ChangeKind#DELIVERED} or
 * {@link ChangeKind#READ} when a cursor actually moves, and {@link ConversationStore} logs
 * membership changes and renames. The invariants:
 * <ul>
 *   <li>Each conversation numbers its changes 1, 2, 3 and so on, with no gaps and no repeats, even
 *       under concurrent writers (threads, or engines sharing one database). A change is visible
 *       to {@link #after} only with every change of lower number in its conversation.</li>
 *   <li>The log keeps the latest change of each entity (a message, a cursor, a membership, the
 *       conversation itself); {@link #compact} may drop the earlier ones, and only up to the
 *       horizon it is given.</li>
 * </ul>
 * Thread-safe.
 */
public interface ChangeLog {

    /**
     * The latest change of each entity whose latest change is after {@code afterChange}, in change
     * order, at most {@code limit}. An entity that changed several times appears once, at its latest
     * change, so that a client applying the current state of each entity sees each once. Paging on
     * from the last number returned neither skips nor repeats an entity that did not change again.
     */
    List<Change> after(ConversationId conversation, long afterChange, int limit);

    /** The conversation's highest change number, or 0 if nothing changed yet. */
    long lastChange(ConversationId conversation);

    /** The latest change of one entity (a message id, a user id, or the conversation id), if any. */
    Optional<Change> latest(ConversationId conversation, ChangeKind.Entity entity, long entityId);

    /**
     * The change number up to which the conversation's log was compacted, or 0. A client that asks
     * for changes after a number below it may have missed changes that are gone.
     */
    long horizon(ConversationId conversation);

    /**
     * Drops every change numbered at most {@code upTo} that a later change of the same entity
     * supersedes, and raises the conversation's horizon to {@code upTo} (never lowers it; never past
     * {@link #lastChange}).
     *
     * @return how many changes were dropped
     */
    long compact(ConversationId conversation, long upTo);

    /**
     * Compacts every conversation whose log has more than {@code keepLatest} changes above its
     * horizon, up to its last change minus {@code keepLatest}, so that the latest {@code keepLatest}
     * changes of each conversation stay whole.
     *
     * @return how many changes were dropped in all
     */
    long compactAll(long keepLatest);
}
