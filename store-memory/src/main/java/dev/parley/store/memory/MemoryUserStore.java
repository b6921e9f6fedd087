package dev.parley.store.memory;

import dev.parley.api.ConflictException;
import dev.parley.api.NewUser;
import dev.parley.api.NotFoundException;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.spi.UserStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** Users and password hashes in maps under one lock. Thread-safe. */
final class MemoryUserStore implements UserStore {

    private final NavigableMap<Long, User> byId = new TreeMap<>();
    private final Map<String, User> byName = new HashMap<>();
    private final Map<UserId, String> passwordHashes = new HashMap<>();
    private long nextId = 1;

    @Override
    public synchronized User create(NewUser user) {
        if (byName.containsKey(user.username())) {
            throw new ConflictException("username taken: " + user.username());
        }
        User stored = user.withId(UserId.of(nextId++));
        byId.put(stored.id().value(), stored);
        byName.put(stored.username(), stored);
        return stored;
    }

    /** Both under the one lock, so nobody sees the account without its hash. */
    @Override
    public synchronized User create(NewUser user, String passwordHash) {
        java.util.Objects.requireNonNull(passwordHash, "passwordHash");
        User stored = create(user);
        passwordHashes.put(stored.id(), passwordHash);
        return stored;
    }

    @Override
    public synchronized Optional<User> findById(UserId id) {
        return Optional.ofNullable(byId.get(id.value()));
    }

    @Override
    public synchronized Optional<User> findByUsername(String username) {
        return Optional.ofNullable(byName.get(username));
    }

    @Override
    public synchronized List<User> list(UserId afterId, int limit) {
        var tail = afterId == null ? byId : byId.tailMap(afterId.value(), false);
        List<User> page = new ArrayList<>(Math.min(limit, tail.size()));
        for (User user : tail.values()) {
            if (page.size() == limit) {
                break;
            }
            page.add(user);
        }
        return page;
    }

    @Override
    public synchronized long count() {
        return byId.size();
    }

    @Override
    public synchronized User update(User user) {
        User old = byId.get(user.id().value());
        if (old == null) {
            throw new NotFoundException("no such user: " + user.id());
        }
        User stored = new User(old.id(), old.username(), user.displayName(), user.roles(), user.enabled(),
                old.createdAt());
        byId.put(stored.id().value(), stored);
        byName.put(stored.username(), stored);
        return stored;
    }

    @Override
    public synchronized boolean delete(UserId id) {
        User old = byId.remove(id.value());
        if (old == null) {
            return false;
        }
        byName.remove(old.username());
        passwordHashes.remove(id);
        return true;
    }

    @Override
    public synchronized void setPasswordHash(UserId id, String passwordHash) {
        if (!byId.containsKey(id.value())) {
            throw new NotFoundException("no such user: " + id);
        }
        passwordHashes.put(id, passwordHash);
    }

    @Override
    public synchronized Optional<String> passwordHash(UserId id) {
        return Optional.ofNullable(passwordHashes.get(id));
    }
}
