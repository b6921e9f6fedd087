package dev.parley.api.spi;

import dev.parley.api.Block;
import dev.parley.api.Friendship;
import dev.parley.api.UserId;
import java.util.List;
import java.util.Optional;

/**
 * Stores friendships and blocks. There is at most one friendship per unordered pair of users; the
 * engine decides the transitions, the store only keeps the result.
 */
public interface FriendStore {

    /** Finds the friendship between two users, whichever of them asked. */
    Optional<Friendship> find(UserId a, UserId b);

    /** Stores a friendship, replacing any friendship between the same two users in either direction. */
    void save(Friendship friendship);

    /** Deletes the friendship between two users in either direction; returns whether there was one. */
    boolean delete(UserId a, UserId b);

    /** Lists every friendship, in any state, that involves the given user. */
    List<Friendship> list(UserId user);

    /** Stores a block; returns false if the blocker already blocked that user. */
    boolean block(Block block);

    /** Removes a block; returns whether there was one. */
    boolean unblock(UserId blocker, UserId blocked);

    /** Whether the blocker blocks the other user. Blocks have a direction. */
    boolean isBlocked(UserId blocker, UserId blocked);

    /** Lists the blocks the given user made. */
    List<Block> blocksBy(UserId blocker);
}
