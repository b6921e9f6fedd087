package dev.parley.api.spi;

import dev.parley.api.LoginToken;
import dev.parley.api.UserId;
import java.time.Instant;
import java.util.Optional;

/** Stores login session tokens, by hash only. The token itself never reaches the store. */
public interface TokenStore {

    /** Stores a token; a token with the same hash is replaced. */
    void save(LoginToken token);

    /** Finds a token by its hash, expired or not. */
    Optional<LoginToken> find(String tokenHash);

    /** Deletes one token; returns whether it existed. */
    boolean delete(String tokenHash);

    /** Deletes every token of a user ("log out everywhere"); returns how many there were. */
    int deleteAll(UserId userId);

    /** Deletes the tokens that expired at or before the given instant; returns how many. */
    int deleteExpired(Instant now);
}
