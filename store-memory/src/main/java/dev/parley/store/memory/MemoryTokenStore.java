package dev.parley.store.memory;

import dev.parley.api.LoginToken;
import dev.parley.api.UserId;
import dev.parley.api.spi.TokenStore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Token hashes in a concurrent map. Thread-safe. */
final class MemoryTokenStore implements TokenStore {

    private final Map<String, LoginToken> tokens = new ConcurrentHashMap<>();

    @Override
    public void save(LoginToken token) {
        tokens.put(token.tokenHash(), token);
    }

    @Override
    public Optional<LoginToken> find(String tokenHash) {
        return Optional.ofNullable(tokens.get(tokenHash));
    }

    @Override
    public boolean delete(String tokenHash) {
        return tokens.remove(tokenHash) != null;
    }

    @Override
    public int deleteAll(UserId userId) {
        return removeIf(token -> token.userId().equals(userId));
    }

    @Override
    public int deleteExpired(Instant now) {
        return removeIf(token -> token.isExpiredAt(now));
    }

    private int removeIf(java.util.function.Predicate<LoginToken> condition) {
        int removed = 0;
        for (var it = tokens.values().iterator(); it.hasNext(); ) {
            if (condition.test(it.next())) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }
}
