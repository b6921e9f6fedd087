package dev.parley.api.spi;

import dev.parley.api.NewUser;
import dev.parley.api.User;
import dev.parley.api.UserId;
import java.util.List;
import java.util.Optional;

/**
 * Stores user accounts and their password hashes. Usernames are unique and compared exactly; the
 * engine lower-cases them before they get here.
 */
public interface UserStore {

    /**
     * Stores a new account, enabled, with a fresh positive id and exactly the roles given (the engine
     * adds {@link dev.parley.api.Role#USER} before it calls this).
     *
     * @throws dev.parley.api.ConflictException if the username is taken
     */
    User create(NewUser user);

    /**
     * Stores a new account, as {@link #create(NewUser)} does, together with its password hash, in one
     * transaction: afterwards either both are stored or, if anything failed (a taken username, a lost
     * connection, a database closing), neither is. The engine registers users with a password through
     * this method, so that a failure can never leave an account behind that has no password and whose
     * name nobody can take again.
     *
     * <p>The default calls {@link #create(NewUser)}, then {@link #setPasswordHash}, and deletes the
     * account again if the second call fails. That leaves the account behind if the process dies
     * between the two, so a store that has transactions should override it and store both in one.
     *
     * @param passwordHash the hash to store, never null
     * @throws dev.parley.api.ConflictException if the username is taken; nothing is stored then
     */
    default User create(NewUser user, String passwordHash) {
        java.util.Objects.requireNonNull(passwordHash, "passwordHash");
        User created = create(user);
        try {
            setPasswordHash(created.id(), passwordHash);
        } catch (RuntimeException e) {
            try {
                delete(created.id());
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
        return created;
    }

    /** Finds an account by id. */
    Optional<User> findById(UserId id);

    /** Finds an account by its exact username. */
    Optional<User> findByUsername(String username);

    /**
     * Lists accounts in id order, for paging through all of them.
     *
     * @param afterId only accounts with a greater id, or null to start at the first
     * @param limit   at most this many, at least 1
     */
    List<User> list(UserId afterId, int limit);

    /** Counts all accounts. */
    long count();

    /**
     * Replaces an account's display name, roles and enabled flag. The username and creation time
     * do not change.
     *
     * @return the account as stored
     * @throws dev.parley.api.NotFoundException if there is no such account
     */
    User update(User user);

    /**
     * Deletes an account and its password hash. The engine deletes the user's tokens and devices
     * first. Messages, memberships, cursors and friendships that name the user stay as they are, so a
     * store must not refuse the delete on their account.
     *
     * @return whether there was such an account
     */
    boolean delete(UserId id);

    /**
     * Sets or replaces a user's password hash.
     *
     * @throws dev.parley.api.NotFoundException if there is no such account
     */
    void setPasswordHash(UserId id, String passwordHash);

    /** Returns a user's password hash, if one is set. */
    Optional<String> passwordHash(UserId id);
}
