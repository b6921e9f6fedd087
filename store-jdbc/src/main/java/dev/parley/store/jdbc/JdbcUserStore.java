package dev.parley.store.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import dev.parley.api.ConflictException;
import dev.parley.api.NewUser;
import dev.parley.api.NotFoundException;
import dev.parley.api.Role;
import dev.parley.api.StoreException;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.spi.UserStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Users in {@code users}, their roles in {@code user_roles} and password hashes in
 * {@code credentials}. Accounts are cached by id and by username; every write through this store
 * invalidates both entries after it commits. Thread-safe.
 */
final class JdbcUserStore implements UserStore {

    private static final String SELECT = "SELECT u.id, u.username, u.display_name, u.enabled, u.created_at, r.role "
            + "FROM users u LEFT JOIN user_roles r ON r.user_id = u.id ";

    private final Database database;
    private final Cache<Long, User> byId;
    private final Cache<String, User> byName;

    JdbcUserStore(Database database, Caches caches) {
        this.database = database;
        this.byId = caches.newCache("parley.users.byId");
        this.byName = caches.newCache("parley.users.byName");
    }

    @Override
    public User create(NewUser user) {
        return insert(user, null);
    }

    /** The account row, its roles and its credentials in one transaction. */
    @Override
    public User create(NewUser user, String passwordHash) {
        java.util.Objects.requireNonNull(passwordHash, "passwordHash");
        return insert(user, passwordHash);
    }

    private User insert(NewUser user, String passwordHash) {
        User stored;
        try {
            stored = database.inTransaction(h -> {
                long id = h.createUpdate("INSERT INTO users (username, display_name, enabled, created_at) "
                                + "VALUES (?, ?, TRUE, ?)")
                        .bind(0, user.username())
                        .bind(1, user.displayName())
                        .bind(2, EpochMicros.of(user.createdAt()))
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one();
                insertRoles(h, id, user.roles());
                if (passwordHash != null) {
                    h.createUpdate("INSERT INTO credentials (user_id, password_hash) VALUES (?, ?)")
                            .bind(0, id)
                            .bind(1, passwordHash)
                            .execute();
                }
                return new User(UserId.of(id), user.username(), user.displayName(), user.roles(), true,
                        EpochMicros.truncate(user.createdAt()));
            });
        } catch (StoreException e) {
            if (SqlStates.isUniqueViolation(e)) {
                throw new ConflictException("username taken: " + user.username());
            }
            throw e;
        }
        byName.invalidate(stored.username());
        return stored;
    }

    @Override
    public Optional<User> findById(UserId id) {
        // The query runs inside the cache's load, so that an invalidation after a write waits for a
        // load in flight and then removes what it loaded: a stale account is never left behind.
        return Optional.ofNullable(byId.get(id.value(),
                key -> database.withHandle(h -> one(h, SELECT + "WHERE u.id = ?", key)).orElse(null)));
    }

    @Override
    public Optional<User> findByUsername(String username) {
        return Optional.ofNullable(byName.get(username,
                key -> database.withHandle(h -> one(h, SELECT + "WHERE u.username = ?", key)).orElse(null)));
    }

    @Override
    public List<User> list(UserId afterId, int limit) {
        long after = afterId == null ? 0 : afterId.value();
        return database.withHandle(h -> {
            List<Long> ids = h.createQuery("SELECT id FROM users WHERE id > ? ORDER BY id LIMIT ?")
                    .bind(0, after)
                    .bind(1, limit)
                    .mapTo(Long.class)
                    .list();
            if (ids.isEmpty()) {
                return List.of();
            }
            return many(h, SELECT + "WHERE u.id >= ? AND u.id <= ? ORDER BY u.id",
                    ids.get(0), ids.get(ids.size() - 1));
        });
    }

    @Override
    public long count() {
        return database.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one());
    }

    @Override
    public User update(User user) {
        User stored = database.inTransaction(h -> {
            int updated = h.createUpdate("UPDATE users SET display_name = ?, enabled = ? WHERE id = ?")
                    .bind(0, user.displayName())
                    .bind(1, user.enabled())
                    .bind(2, user.id().value())
                    .execute();
            if (updated == 0) {
                throw new NotFoundException("no such user: " + user.id());
            }
            h.createUpdate("DELETE FROM user_roles WHERE user_id = ?").bind(0, user.id().value()).execute();
            insertRoles(h, user.id().value(), user.roles());
            return one(h, SELECT + "WHERE u.id = ?", user.id().value()).orElseThrow();
        });
        forget(stored);
        return stored;
    }

    @Override
    public boolean delete(UserId id) {
        Optional<User> deleted = database.inTransaction(h -> {
            Optional<User> old = one(h, SELECT + "WHERE u.id = ?", id.value());
            if (old.isPresent()) {
                // credentials and user_roles go with the row (ON DELETE CASCADE).
                h.createUpdate("DELETE FROM users WHERE id = ?").bind(0, id.value()).execute();
            }
            return old;
        });
        deleted.ifPresent(this::forget);
        byId.invalidate(id.value());
        return deleted.isPresent();
    }

    @Override
    public void setPasswordHash(UserId id, String passwordHash) {
        database.inTransactionRetrying(h -> {
            if (h.createQuery("SELECT id FROM users WHERE id = ? FOR UPDATE").bind(0, id.value())
                    .mapTo(Long.class).findOne().isEmpty()) {
                throw new NotFoundException("no such user: " + id);
            }
            int updated = h.createUpdate("UPDATE credentials SET password_hash = ? WHERE user_id = ?")
                    .bind(0, passwordHash)
                    .bind(1, id.value())
                    .execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO credentials (user_id, password_hash) VALUES (?, ?)")
                        .bind(0, id.value())
                        .bind(1, passwordHash)
                        .execute();
            }
            return null;
        });
    }

    @Override
    public Optional<String> passwordHash(UserId id) {
        return database.withHandle(h -> h.createQuery("SELECT password_hash FROM credentials WHERE user_id = ?")
                .bind(0, id.value())
                .mapTo(String.class)
                .findOne());
    }

    private void forget(User user) {
        byId.invalidate(user.id().value());
        byName.invalidate(user.username());
    }

    private static void insertRoles(Handle h, long userId, Set<Role> roles) {
        if (roles.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("INSERT INTO user_roles (user_id, role) VALUES (?, ?)");
        for (Role role : roles) {
            batch.bind(0, userId).bind(1, role.name()).add();
        }
        batch.execute();
    }

    private static Optional<User> one(Handle h, String sql, Object key) {
        List<User> users = many(h, sql, key);
        return users.isEmpty() ? Optional.empty() : Optional.of(users.get(0));
    }

    /** Runs a query over users joined with their roles and folds the rows into accounts, in row order. */
    private static List<User> many(Handle h, String sql, Object... keys) {
        var query = h.createQuery(sql);
        for (int i = 0; i < keys.length; i++) {
            query.bind(i, keys[i]);
        }
        List<UserRow> rows = query.map((rs, ctx) -> new UserRow(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getBoolean(4), rs.getLong(5), rs.getString(6))).list();
        Map<Long, User> users = new LinkedHashMap<>();
        Map<Long, Set<Role>> roles = new LinkedHashMap<>();
        for (UserRow row : rows) {
            Set<Role> held = roles.computeIfAbsent(row.id(), k -> new HashSet<>());
            if (row.role() != null) {
                held.add(Role.of(row.role()));
            }
            users.putIfAbsent(row.id(), null);
        }
        List<User> result = new ArrayList<>(roles.size());
        for (UserRow row : rows) {
            if (users.get(row.id()) == null) {
                User user = new User(UserId.of(row.id()), row.username(), row.displayName(), roles.get(row.id()),
                        row.enabled(), EpochMicros.toInstant(row.createdAt()));
                users.put(row.id(), user);
                result.add(user);
            }
        }
        return result;
    }

    /** One row of a user joined with one of their roles (or none). */
    private record UserRow(long id, String username, String displayName, boolean enabled, long createdAt,
                           String role) {
    }
}
