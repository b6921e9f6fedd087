package dev.parley.store.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import dev.parley.api.Block;
import dev.parley.api.Friendship;
import dev.parley.api.FriendshipState;
import dev.parley.api.UserId;
import dev.parley.api.spi.FriendStore;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Friendships in {@code friendships}, one row per unordered pair (user_low, user_high), and directed
 * blocks in {@code blocks}.
 *
 * <p>The friendship of a pair and whether one user blocks another are cached, absent ones too: the
 * engine asks both on every direct message. Each write invalidates its pair after it commits, and
 * loads run inside the cache, so that an invalidation never leaves an answer read before the write.
 * Lists are not cached. Thread-safe.
 */
final class JdbcFriendStore implements FriendStore {

    private static final String FRIENDSHIP = "SELECT requester_id, addressee_id, state, created_at, updated_at "
            + "FROM friendships ";
    private static final RowMapper<Friendship> FRIENDSHIP_ROW = (rs, ctx) -> new Friendship(
            UserId.of(rs.getLong(1)), UserId.of(rs.getLong(2)), FriendshipState.valueOf(rs.getString(3)),
            EpochMicros.toInstant(rs.getLong(4)), EpochMicros.toInstant(rs.getLong(5)));
    private static final RowMapper<Block> BLOCK_ROW = (rs, ctx) -> new Block(
            UserId.of(rs.getLong(1)), UserId.of(rs.getLong(2)), EpochMicros.toInstant(rs.getLong(3)));

    /** A pair of user ids: (low, high) for a friendship, (blocker, blocked) for a block. */
    private record Pair(long first, long second) {
    }

    private final Database database;
    private final Cache<Pair, Optional<Friendship>> friendships;
    private final Cache<Pair, Boolean> blocks;

    JdbcFriendStore(Database database, Caches caches) {
        this.database = database;
        this.friendships = caches.newCache("parley.friendships");
        this.blocks = caches.newCache("parley.blocks");
    }

    @Override
    public Optional<Friendship> find(UserId a, UserId b) {
        return friendships.get(new Pair(low(a, b), high(a, b)), pair -> database.withHandle(h -> h.createQuery(
                        FRIENDSHIP + "WHERE user_low = ? AND user_high = ?")
                .bind(0, pair.first())
                .bind(1, pair.second())
                .map(FRIENDSHIP_ROW)
                .findOne()));
    }

    @Override
    public void save(Friendship f) {
        long low = low(f.requester(), f.addressee());
        long high = high(f.requester(), f.addressee());
        try {
            database.inTransactionRetrying(h -> {
                int updated = h.createUpdate("UPDATE friendships SET requester_id = ?, addressee_id = ?, state = ?, "
                                + "created_at = ?, updated_at = ? WHERE user_low = ? AND user_high = ?")
                        .bind(0, f.requester().value())
                        .bind(1, f.addressee().value())
                        .bind(2, f.state().name())
                        .bind(3, EpochMicros.of(f.createdAt()))
                        .bind(4, EpochMicros.of(f.updatedAt()))
                        .bind(5, low)
                        .bind(6, high)
                        .execute();
                if (updated == 0) {
                    h.createUpdate("INSERT INTO friendships (user_low, user_high, requester_id, addressee_id, state, "
                                    + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                            .bind(0, low)
                            .bind(1, high)
                            .bind(2, f.requester().value())
                            .bind(3, f.addressee().value())
                            .bind(4, f.state().name())
                            .bind(5, EpochMicros.of(f.createdAt()))
                            .bind(6, EpochMicros.of(f.updatedAt()))
                            .execute();
                }
                return null;
            });
        } finally {
            // Even a failed commit may have reached the database; forgetting costs one read.
            friendships.invalidate(new Pair(low, high));
        }
    }

    @Override
    public boolean delete(UserId a, UserId b) {
        Pair pair = new Pair(low(a, b), high(a, b));
        try {
            return database.withHandle(h -> h.createUpdate("DELETE FROM friendships WHERE user_low = ? AND user_high = ?")
                    .bind(0, pair.first())
                    .bind(1, pair.second())
                    .execute()) > 0;
        } finally {
            friendships.invalidate(pair);
        }
    }

    @Override
    public List<Friendship> list(UserId user) {
        return database.withHandle(h -> h.createQuery(
                        FRIENDSHIP + "WHERE user_low = ? UNION ALL " + FRIENDSHIP + "WHERE user_high = ?")
                .bind(0, user.value())
                .bind(1, user.value())
                .map(FRIENDSHIP_ROW)
                .list());
    }

    @Override
    public boolean block(Block block) {
        try {
            return database.insertUnlessDuplicate(h -> h.createUpdate(
                            "INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, ?)")
                    .bind(0, block.blocker().value())
                    .bind(1, block.blocked().value())
                    .bind(2, EpochMicros.of(block.createdAt()))
                    .execute());
        } finally {
            blocks.invalidate(new Pair(block.blocker().value(), block.blocked().value()));
        }
    }

    @Override
    public boolean unblock(UserId blocker, UserId blocked) {
        try {
            return database.withHandle(h -> h.createUpdate("DELETE FROM blocks WHERE blocker_id = ? AND blocked_id = ?")
                    .bind(0, blocker.value())
                    .bind(1, blocked.value())
                    .execute()) > 0;
        } finally {
            blocks.invalidate(new Pair(blocker.value(), blocked.value()));
        }
    }

    @Override
    public boolean isBlocked(UserId blocker, UserId blocked) {
        return blocks.get(new Pair(blocker.value(), blocked.value()), pair -> database.withHandle(h -> h.createQuery(
                        "SELECT 1 FROM blocks WHERE blocker_id = ? AND blocked_id = ?")
                .bind(0, pair.first())
                .bind(1, pair.second())
                .mapTo(Integer.class)
                .findOne()
                .isPresent()));
    }

    @Override
    public List<Block> blocksBy(UserId blocker) {
        return database.withHandle(h -> h.createQuery(
                        "SELECT blocker_id, blocked_id, created_at FROM blocks WHERE blocker_id = ? ORDER BY created_at")
                .bind(0, blocker.value())
                .map(BLOCK_ROW)
                .list());
    }

    private static long low(UserId a, UserId b) {
        return Math.min(a.value(), b.value());
    }

    private static long high(UserId a, UserId b) {
        return Math.max(a.value(), b.value());
    }
}
