package dev.parley.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.api.UserId;

/**
 * The (sender, clientMsgId) pairs this engine stored lately, so that a send asks the store whether
 * it is a retry only when it may be one.
 *
 * <p>A miss proves nothing: the pair may have been stored before this engine started, by another
 * engine on the same database, or evicted. That is safe because the writer's append deduplicates on
 * (sender, clientMsgId) in the transaction that would store it, so a retry that misses here still
 * gets the original back, only after passing the checks again. The pairs are kept, not the messages,
 * so that a hit reads the message as it is now (edited, deleted) from the store. Thread-safe.
 */
public final class RecentSends {

    /** Enough for the retries of the last minute or so of a busy node; an entry is about 150 bytes. */
    public static final long DEFAULT_MAXIMUM_SIZE = 65_536;

    private record Key(long sender, String clientMsgId) {
    }

    private final Cache<Key, Boolean> stored;

    /** Remembers at most {@code maximumSize} pairs, forgetting the least recently used beyond that. */
    public RecentSends(long maximumSize) {
        // Maintenance runs on the writing thread: a put per message would otherwise wake a thread of
        // the common pool each time.
        this.stored = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
    }

    /** Remembers that the sender's message with this clientMsgId is stored. */
    public void stored(UserId sender, String clientMsgId) {
        if (clientMsgId != null) {
            stored.put(new Key(sender.value(), clientMsgId), Boolean.TRUE);
        }
    }

    /** Whether the sender stored a message with this clientMsgId lately, as far as this engine knows. */
    public boolean contains(UserId sender, String clientMsgId) {
        return clientMsgId != null && stored.getIfPresent(new Key(sender.value(), clientMsgId)) != null;
    }
}
