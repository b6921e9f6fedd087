package dev.parley.core;

import dev.parley.api.CloseReason;
import dev.parley.api.ConflictException;
import dev.parley.api.NewUser;
import dev.parley.api.NotFoundException;
import dev.parley.api.Role;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.spi.ChatStore;
import dev.parley.api.spi.PasswordHasher;
import dev.parley.core.fanout.FanOut;
import dev.parley.core.internal.InputRules;
import dev.parley.core.internal.ListenerDispatcher;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Users: registration, lookup, and the account changes an admin or the host application makes.
 *
 * <p>These methods trust their caller: the host application, or the protocol layer after it has
 * checked that the session's user is an admin. Passwords are hashed here and never kept or logged in
 * clear. Thread-safe; hashing is slow on purpose, so call from a worker thread.
 */
public final class UserService {

    private final ChatStore store;
    private final InputRules rules;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final ListenerDispatcher listeners;
    private final FanOut fanOut;

    UserService(ChatStore store, InputRules rules, PasswordHasher hasher, Clock clock, ListenerDispatcher listeners,
                FanOut fanOut) {
        this.store = store;
        this.rules = rules;
        this.hasher = hasher;
        this.clock = clock;
        this.listeners = listeners;
        this.fanOut = fanOut;
    }

    /**
     * Registers a user with the {@link Role#USER} role, as a user does for themselves. A name that
     * reads as one of the {@linkplain dev.parley.core.ChatLimits#reservedUsernames() reserved names}
     * ({@code admin} by default, in any case or with look-alike characters) is refused exactly as a
     * taken one is; {@link #create} is not held to the reservation.
     *
     * @param username    2 to 32 of a-z, 0-9, '.', '_', '-'; lower-cased
     * @param displayName the name others see
     * @param password    at least the configured minimum length
     * @throws dev.parley.api.ConflictException   if the username is taken or reserved
     * @throws dev.parley.api.BadRequestException if a field breaks its rule
     */
    public User register(String username, String displayName, CharSequence password) {
        String name = rules.username(username);
        if (rules.isReserved(name)) {
            // The answer a taken name gets, word for word, whether or not such an account exists.
            throw new ConflictException("username taken: " + name);
        }
        return create(name, displayName, password, Set.of(Role.USER));
    }

    /**
     * Creates a user with the given roles, to which {@link Role#USER} is always added.
     *
     * @param password the password, or null for a user who logs in only through an
     *                 {@link dev.parley.api.spi.Authenticator}
     */
    public User create(String username, String displayName, CharSequence password, Set<Role> roles) {
        String name = rules.username(username);
        String shown = rules.name(displayName, "display name");
        String hash = null;
        if (password != null) {
            rules.newPassword(password);
            hash = hasher.hash(password);
        }
        Set<Role> withUser = new HashSet<>(roles);
        withUser.add(Role.USER);
        NewUser account = new NewUser(name, shown, withUser, clock.instant());
        // One store call, so that a failure cannot leave the account behind without its password.
        User user = hash == null ? store.users().create(account) : store.users().create(account, hash);
        listeners.userRegistered(user);
        return user;
    }

    /** Finds a user by id. */
    public Optional<User> find(UserId id) {
        return store.users().findById(id);
    }

    /** Finds a user by username, in any case. */
    public Optional<User> findByUsername(String username) {
        if (username == null) {
            return Optional.empty();
        }
        return store.users().findByUsername(username.strip().toLowerCase(java.util.Locale.ROOT));
    }

    /** Returns a user by id, or throws {@link NotFoundException}. */
    public User get(UserId id) {
        return find(id).orElseThrow(() -> new NotFoundException("no such user"));
    }

    /** Lists users in id order, a page at a time. */
    public List<User> list(UserId afterId, int limit) {
        return store.users().list(afterId, rules.pageSize(limit));
    }

    /** Changes a user's display name. */
    public User rename(UserId id, String displayName) {
        return store.users().update(get(id).withDisplayName(rules.name(displayName, "display name")));
    }

    /** Replaces a user's roles; {@link Role#USER} is always kept. */
    public User setRoles(UserId id, Set<Role> roles) {
        Set<Role> withUser = new HashSet<>(roles);
        withUser.add(Role.USER);
        return store.users().update(get(id).withRoles(withUser));
    }

    /**
     * Enables or disables a user. Disabling revokes every token of the user and closes all of the
     * user's live sessions at once.
     */
    public User setEnabled(UserId id, boolean enabled) {
        User user = store.users().update(get(id).withEnabled(enabled));
        if (!enabled) {
            store.tokens().deleteAll(id);
            fanOut.closeAll(id, CloseReason.ACCOUNT_DISABLED);
        }
        return user;
    }

    /** Sets a new password, as an admin does. Existing tokens stay valid; revoke them separately. */
    public void setPassword(UserId id, CharSequence password) {
        get(id);
        rules.newPassword(password);
        store.users().setPasswordHash(id, hasher.hash(password));
    }

    /**
     * Deletes a user, their tokens and their devices, and closes their sessions. Their messages stay in
     * their conversations.
     *
     * @return whether there was such a user
     */
    public boolean delete(UserId id) {
        fanOut.closeAll(id, CloseReason.ACCOUNT_DELETED);
        store.tokens().deleteAll(id);
        store.devices().list(id).forEach(d -> store.devices().remove(id, d.id()));
        return store.users().delete(id);
    }
}
