package dev.parley.store.memory;

import dev.parley.api.Block;
import dev.parley.api.Friendship;
import dev.parley.api.UserId;
import dev.parley.api.spi.FriendStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Friendships keyed by unordered pair, and directed blocks, under one lock. Thread-safe. */
final class MemoryFriendStore implements FriendStore {

    private record BlockKey(UserId blocker, UserId blocked) {
    }

    private final Map<UserPair, Friendship> friendships = new LinkedHashMap<>();
    private final Map<BlockKey, Block> blocks = new LinkedHashMap<>();

    @Override
    public synchronized Optional<Friendship> find(UserId a, UserId b) {
        return Optional.ofNullable(friendships.get(UserPair.of(a, b)));
    }

    @Override
    public synchronized void save(Friendship friendship) {
        friendships.put(UserPair.of(friendship.requester(), friendship.addressee()), friendship);
    }

    @Override
    public synchronized boolean delete(UserId a, UserId b) {
        return friendships.remove(UserPair.of(a, b)) != null;
    }

    @Override
    public synchronized List<Friendship> list(UserId user) {
        List<Friendship> result = new ArrayList<>();
        for (Friendship friendship : friendships.values()) {
            if (friendship.involves(user)) {
                result.add(friendship);
            }
        }
        return result;
    }

    @Override
    public synchronized boolean block(Block block) {
        return blocks.putIfAbsent(new BlockKey(block.blocker(), block.blocked()), block) == null;
    }

    @Override
    public synchronized boolean unblock(UserId blocker, UserId blocked) {
        return blocks.remove(new BlockKey(blocker, blocked)) != null;
    }

    @Override
    public synchronized boolean isBlocked(UserId blocker, UserId blocked) {
        return blocks.containsKey(new BlockKey(blocker, blocked));
    }

    @Override
    public synchronized List<Block> blocksBy(UserId blocker) {
        List<Block> result = new ArrayList<>();
        for (Block block : blocks.values()) {
            if (block.blocker().equals(blocker)) {
                result.add(block);
            }
        }
        return result;
    }
}
