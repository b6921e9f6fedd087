package dev.parley.store.memory;

import dev.parley.api.Change;
import dev.parley.api.ChangeKind;
import dev.parley.api.ConversationId;
import dev.parley.api.spi.ChangeLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each conversation's changes as a list in change order, with an index from entity to its latest
 * change. The message and conversation stores call {@link #record} while they hold their own lock,
 * so that a change and its log entry appear together; this log's lock is always taken last, so the
 * locks cannot deadlock. Thread-safe.
 */
final class MemoryChangeLog implements ChangeLog {

    private record EntityKey(ChangeKind.Entity entity, long id) {
    }

    private static final class Log {
        final List<Change> entries = new ArrayList<>();
        final Map<EntityKey, Change> latest = new HashMap<>();
        long last;
        long horizon;
    }

    private final Map<ConversationId, Log> logs = new HashMap<>();

    /** Logs a change with the conversation's next number and returns the number. */
    synchronized long record(ConversationId conversation, ChangeKind kind, long entityId) {
        Log log = logs.computeIfAbsent(conversation, c -> new Log());
        Change change = new Change(conversation, ++log.last, kind, entityId);
        log.entries.add(change);
        log.latest.put(new EntityKey(kind.entity(), entityId), change);
        return change.number();
    }

    @Override
    public synchronized List<Change> after(ConversationId conversation, long afterChange, int limit) {
        Log log = logs.get(conversation);
        List<Change> page = new ArrayList<>();
        if (log == null) {
            return page;
        }
        for (int i = firstAfter(log.entries, afterChange); i < log.entries.size() && page.size() < limit; i++) {
            Change change = log.entries.get(i);
            if (log.latest.get(key(change)) == change) {
                page.add(change);
            }
        }
        return page;
    }

    @Override
    public synchronized long lastChange(ConversationId conversation) {
        Log log = logs.get(conversation);
        return log == null ? 0 : log.last;
    }

    @Override
    public synchronized Optional<Change> latest(ConversationId conversation, ChangeKind.Entity entity, long entityId) {
        Log log = logs.get(conversation);
        return log == null ? Optional.empty() : Optional.ofNullable(log.latest.get(new EntityKey(entity, entityId)));
    }

    @Override
    public synchronized long horizon(ConversationId conversation) {
        Log log = logs.get(conversation);
        return log == null ? 0 : log.horizon;
    }

    @Override
    public synchronized long compact(ConversationId conversation, long upTo) {
        Log log = logs.get(conversation);
        if (log == null) {
            return 0;
        }
        long to = Math.min(upTo, log.last);
        int before = log.entries.size();
        log.entries.removeIf(c -> c.number() <= to && log.latest.get(key(c)) != c);
        log.horizon = Math.max(log.horizon, to);
        return before - log.entries.size();
    }

    @Override
    public synchronized long compactAll(long keepLatest) {
        long dropped = 0;
        for (Map.Entry<ConversationId, Log> entry : logs.entrySet()) {
            long upTo = entry.getValue().last - keepLatest;
            if (upTo > entry.getValue().horizon) {
                dropped += compact(entry.getKey(), upTo);
            }
        }
        return dropped;
    }

    private static EntityKey key(Change change) {
        return new EntityKey(change.kind().entity(), change.entityId());
    }

    /** The index of the first entry numbered above {@code afterChange}; entries are in number order. */
    private static int firstAfter(List<Change> entries, long afterChange) {
        int low = 0;
        int high = entries.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (entries.get(mid).number() <= afterChange) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
