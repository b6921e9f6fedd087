package dev.parley.store.jdbc;

import dev.parley.api.LoginToken;
import dev.parley.api.UserId;
import dev.parley.api.spi.TokenStore;
import java.time.Instant;
import java.util.Optional;

/** Session token hashes in {@code session_tokens}, keyed by hash. Not cached. Thread-safe. */
final class JdbcTokenStore implements TokenStore {

    private final Database database;

    JdbcTokenStore(Database database) {
        this.database = database;
    }

    @Override
    public void save(LoginToken token) {
        database.inTransactionRetrying(h -> {
            int updated = h.createUpdate("UPDATE session_tokens SET user_id = ?, created_at = ?, expires_at = ? "
                            + "WHERE token_hash = ?")
                    .bind(0, token.userId().value())
                    .bind(1, EpochMicros.of(token.createdAt()))
                    .bind(2, EpochMicros.of(token.expiresAt()))
                    .bind(3, token.tokenHash())
                    .execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO session_tokens (token_hash, user_id, created_at, expires_at) "
                                + "VALUES (?, ?, ?, ?)")
                        .bind(0, token.tokenHash())
                        .bind(1, token.userId().value())
                        .bind(2, EpochMicros.of(token.createdAt()))
                        .bind(3, EpochMicros.of(token.expiresAt()))
                        .execute();
            }
            return null;
        });
    }

    @Override
    public Optional<LoginToken> find(String tokenHash) {
        return database.withHandle(h -> h.createQuery(
                        "SELECT token_hash, user_id, created_at, expires_at FROM session_tokens WHERE token_hash = ?")
                .bind(0, tokenHash)
                .map((rs, ctx) -> new LoginToken(rs.getString(1), UserId.of(rs.getLong(2)),
                        EpochMicros.toInstant(rs.getLong(3)), EpochMicros.toInstant(rs.getLong(4))))
                .findOne());
    }

    @Override
    public boolean delete(String tokenHash) {
        return database.withHandle(h -> h.createUpdate("DELETE FROM session_tokens WHERE token_hash = ?")
                .bind(0, tokenHash)
                .execute()) > 0;
    }

    @Override
    public int deleteAll(UserId userId) {
        return database.withHandle(h -> h.createUpdate("DELETE FROM session_tokens WHERE user_id = ?")
                .bind(0, userId.value())
                .execute());
    }

    @Override
    public int deleteExpired(Instant now) {
        return database.withHandle(h -> h.createUpdate("DELETE FROM session_tokens WHERE expires_at <= ?")
                .bind(0, EpochMicros.of(now))
                .execute());
    }
}
