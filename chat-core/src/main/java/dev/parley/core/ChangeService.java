package dev.parley.core;

import dev.parley.api.Change;
import dev.parley.api.ChangeKind;
import dev.parley.api.Conversation;
import dev.parley.api.ConversationId;
import dev.parley.api.Cursor;
import dev.parley.api.Member;
import dev.parley.api.Message;
import dev.parley.api.SyncExpiredException;
import dev.parley.api.UserId;
import dev.parley.api.spi.ChangeLog;
import dev.parley.api.spi.ChatStore;
import dev.parley.core.internal.AccessPolicy;
import dev.parley.core.internal.InputRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sync by change number, and compaction of the change log.
 *
 * <p>A client keeps, per conversation, the change number it has seen everything up to, and asks for
 * what changed after it: each message, cursor, membership and name that changed, once, at its latest
 * change and in its state now. A member who was removed gets the change that removed them and nothing
 * after it. A number below the conversation's compacted horizon fails with {@code sync_expired}.
 *
 * <p>Thread-safe. It reads the store, so call it from a worker thread.
 */
public final class ChangeService {

    private final ChatStore store;
    private final ChangeLog changes;
    private final AccessPolicy policy;
    private final InputRules rules;
    private final ChangeLogRetention retention;

    ChangeService(ChatStore store, AccessPolicy policy, InputRules rules, ChangeLogRetention retention) {
        this.store = store;
        this.changes = store.changes();
        this.policy = policy;
        this.rules = rules;
        this.retention = retention;
    }

    /**
     * What changed since the client's change numbers: one batch per conversation with something new.
     * A conversation of the user's that {@code since} does not name is read from the start; a
     * conversation it names that the user was removed from yields the removing change once.
     *
     * @param since the client's change number per conversation
     * @param limit the most changes per conversation; {@link ChangeBatch#hasMore()} says if there are more
     * @throws SyncExpiredException if a number is above 0 but below its conversation's compacted horizon
     */
    public List<ChangeBatch> sync(UserId user, Map<ConversationId, Long> since, int limit) {
        policy.actor(user);
        int pageSize = rules.pageSize(limit);
        List<ChangeBatch> batches = new ArrayList<>();
        Set<ConversationId> current = new HashSet<>();
        for (Conversation conversation : store.conversations().listFor(user)) {
            current.add(conversation.id());
            long after = Math.max(0, since.getOrDefault(conversation.id(), 0L));
            batch(user, conversation, after, pageSize).ifPresent(batches::add);
        }
        since.forEach((id, after) -> {
            if (!current.contains(id)) {
                removal(user, id, after).ifPresent(batches::add);
            }
        });
        batches.sort(java.util.Comparator.comparing(b -> b.conversationId().value()));
        return batches;
    }

    /**
     * The conversations that changed since the client's change numbers, each as the user sees it now,
     * with its latest message: the conversation list after an absence, in one call. Conversations
     * {@code since} does not name count as changed; the ones the user was removed from come back as
     * {@link ChangedConversation#removal()}.
     */
    public List<ChangedConversation> changedConversations(UserId user, Map<ConversationId, Long> since,
                                                          ConversationService conversations) {
        policy.actor(user);
        List<ChangedConversation> changed = new ArrayList<>();
        Set<ConversationId> current = new HashSet<>();
        for (Conversation conversation : store.conversations().listFor(user)) {
            current.add(conversation.id());
            Long seen = since.get(conversation.id());
            if (seen != null && changes.lastChange(conversation.id()) <= seen) {
                continue;
            }
            List<Message> latest = store.messages().before(conversation.id(), Long.MAX_VALUE, 1);
            changed.add(new ChangedConversation(conversation.id(), conversations.get(user, conversation.id()),
                    latest.isEmpty() ? null : latest.get(0), null));
        }
        since.forEach((id, after) -> {
            if (!current.contains(id)) {
                removingChange(user, id, after).ifPresent(c -> changed.add(new ChangedConversation(id, null, null, c)));
            }
        });
        changed.sort(java.util.Comparator.comparing(c -> c.conversationId().value()));
        return changed;
    }

    /**
     * Compacts every conversation's change log, keeping the latest
     * {@link ChangeLogRetention#keepLatest()} changes of each whole. The engine runs this every
     * {@link ChangeLogRetention#interval()}; an application may call it at other times.
     *
     * @return how many changes were dropped
     */
    public long compact() {
        return changes.compactAll(retention.keepLatest());
    }

    /** The settings this engine compacts with. */
    public ChangeLogRetention retention() {
        return retention;
    }

    private Optional<ChangeBatch> batch(UserId user, Conversation conversation, long after, int pageSize) {
        ConversationId id = conversation.id();
        long last = changes.lastChange(id);
        List<Change> page = changes.after(id, after, pageSize + 1);
        // The horizon is read after the page: a compaction that ran before the page was read is seen.
        long horizon = changes.horizon(id);
        if (after > 0 && after < horizon) {
            throw new SyncExpiredException(id, horizon);
        }
        if (page.isEmpty()) {
            return Optional.empty();
        }
        boolean more = page.size() > pageSize;
        List<Change> shown = more ? page.subList(0, pageSize) : page;
        List<ChangeEntry> entries = new ArrayList<>(shown.size());
        for (Change change : shown) {
            entry(user, conversation, change).ifPresent(entries::add);
        }
        long lastShown = shown.get(shown.size() - 1).number();
        // Without more, every change up to the last number read before the page is in it (or superseded
        // by a later one that is), so the client has seen everything up to the higher of the two.
        return Optional.of(new ChangeBatch(id, entries, more ? lastShown : Math.max(last, lastShown), more, false));
    }

    private Optional<ChangeEntry> entry(UserId user, Conversation conversation, Change change) {
        ConversationId id = conversation.id();
        return switch (change.kind().entity()) {
            case MESSAGE -> store.messages().find(change.messageId())
                    .map(m -> new ChangeEntry(change, m, null, null, null));
            case CURSOR -> {
                UserId owner = change.userId();
                // As with live receipts: a blocker never learns what the blocked user read.
                if (!owner.equals(user) && !policy.canSignal(conversation, owner, user)) {
                    yield Optional.empty();
                }
                Cursor cursor = store.messages().cursor(id, owner);
                yield Optional.of(new ChangeEntry(change, null, cursor, null, null));
            }
            case MEMBER -> {
                Member member = change.kind().removesMember() ? null
                        : store.conversations().findMember(id, change.userId()).orElse(null);
                yield Optional.of(new ChangeEntry(change, null, null, member, null));
            }
            case CONVERSATION -> Optional.of(new ChangeEntry(change, null, null, null,
                    store.conversations().find(id).orElse(conversation)));
        };
    }

    private Optional<ChangeBatch> removal(UserId user, ConversationId id, long after) {
        return removingChange(user, id, after).map(change -> new ChangeBatch(id,
                List.of(new ChangeEntry(change, null, null, null, null)), change.number(), false, true));
    }

    /** The change that removed the user, if it came after the client's number. */
    private Optional<Change> removingChange(UserId user, ConversationId id, Long after) {
        if (after == null || after <= 0) {
            return Optional.empty();
        }
        return changes.latest(id, ChangeKind.Entity.MEMBER, user.value())
                .filter(c -> c.kind().removesMember() && c.number() > after);
    }

    /**
     * A conversation that changed, for the conversation list after an absence.
     *
     * @param conversationId the conversation
     * @param view           the conversation as the user sees it now; null if the user was removed
     * @param latestMessage  its latest message, or null if it has none (or the user was removed)
     * @param removal        the change that removed the user, or null if the user is a member
     */
    public record ChangedConversation(ConversationId conversationId, ConversationView view, Message latestMessage,
                                      Change removal) {
    }
}
