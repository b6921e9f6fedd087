package dev.parley.core;

import dev.parley.api.CloseReason;
import dev.parley.api.LoginToken;
import dev.parley.api.UnauthorizedException;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.spi.AuthRequest;
import dev.parley.api.spi.Authenticator;
import dev.parley.api.spi.ChatStore;
import dev.parley.api.spi.Identity;
import dev.parley.api.spi.PasswordHasher;
import dev.parley.core.fanout.FanOut;
import dev.parley.core.internal.ClientAddress;
import dev.parley.core.internal.InputRules;
import dev.parley.core.internal.Throttle;
import dev.parley.core.internal.TokenDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs users in and out. Three ways in: {@code password} (username and password), {@code token} (a
 * token from an earlier login), or the scheme of an {@link Authenticator} the host added.
 *
 * <p>A wrong password, an unknown user and a disabled account all give the same
 * {@link UnauthorizedException}, and an unknown user costs a hash verification too, so that neither
 * the answer nor its timing tells which usernames exist. Tokens are stored only as hashes.
 * Thread-safe; call from a worker thread, since hashing is slow on purpose.
 */
public final class AuthService {

    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
    private static final String REFUSED = "wrong username or password";
    /**
     * The most buckets each login throttle keeps. Buckets are made only by failed attempts, which the
     * per-address throttle limits, so an attacker cycling account names from a few addresses stays far
     * below this; it bounds the memory even for one with very many addresses.
     */
    static final long MAX_THROTTLED_KEYS = 100_000;
    /** Valid usernames are at most 32 chars; a longer name is cut to 33 in throttle keys and audit lines. */
    private static final int ACCOUNT_KEY_LENGTH = 33;

    private final ChatStore store;
    private final InputRules rules;
    private final PasswordHasher hasher;
    private final Map<String, Authenticator> authenticators;
    private final UserService users;
    private final FanOut fanOut;
    private final Clock clock;
    private final ChatLimits limits;
    private volatile String decoyHash;
    private final Throttle accountAttempts;
    private final Throttle addressAttempts;
    private final Auditor auditor;

    /** How the service reports security events to the engine's audit log. */
    @FunctionalInterface
    interface Auditor {
        void audit(String type, UserId actor, String remote, Map<String, String> details);
    }

    AuthService(ChatStore store, InputRules rules, PasswordHasher hasher, Map<String, Authenticator> authenticators,
                UserService users, FanOut fanOut, Clock clock, ChatLimits limits, RateLimits rateLimits,
                Auditor auditor) {
        this.auditor = auditor;
        this.store = store;
        this.rules = rules;
        this.hasher = hasher;
        this.authenticators = Map.copyOf(authenticators);
        this.users = users;
        this.fanOut = fanOut;
        this.clock = clock;
        this.limits = limits;
        this.accountAttempts = new Throttle("login attempts for this account", rateLimits.loginAttempts(), 1,
                rateLimits.loginRefill(), MAX_THROTTLED_KEYS);
        this.addressAttempts = new Throttle("login attempts from this address", rateLimits.loginAttemptsPerAddress(),
                1, rateLimits.loginAddressRefill(), MAX_THROTTLED_KEYS);
    }

    /**
     * Logs in with any scheme.
     *
     * @throws UnauthorizedException if the credentials are refused
     * @throws dev.parley.api.BadRequestException if the scheme is unknown or a credential is missing
     */
    public LoginResult login(AuthRequest request) {
        return switch (request.scheme()) {
            case "password" -> loginWithPassword(request.credential("username"), request.credential("password"),
                    request.remoteAddress());
            case "token" -> loginWithToken(request.credential("token"));
            default -> loginWithAuthenticator(request);
        };
    }

    /**
     * Logs in with a username and password, and issues a new token. Without a client address, failed
     * attempts are throttled per account only, for every caller of this method together: a host
     * application that logs its users in should pass their address to
     * {@link #loginWithPassword(String, CharSequence, String)}.
     */
    public LoginResult loginWithPassword(String username, CharSequence password) {
        return loginWithPassword(username, password, null);
    }

    /**
     * Logs in with a username and password from a client address, and issues a new token. Failed
     * attempts are throttled per account and address ({@link RateLimits#loginAttempts()}) and per
     * address over all accounts ({@link RateLimits#loginAttemptsPerAddress()}), so that guessing from
     * one address does not lock the account's owner out elsewhere.
     *
     * @param remoteAddress the client's address as a transport gives it ({@code 203.0.113.7:51234}),
     *                      or null if unknown
     * @throws UnauthorizedException                 if the credentials are refused
     * @throws dev.parley.api.RateLimitedException   if either throttle has no attempt left
     */
    public LoginResult loginWithPassword(String username, CharSequence password, String remoteAddress) {
        rules.checkPasswordLength(password);
        // Failed attempts are counted per account name, known or not, and address, and checked before
        // any hashing: guessing costs the attacker time, not the server CPU, and neither other accounts
        // nor this one's owner at another address are affected. The per-address budget stops one
        // address from trying many accounts.
        String account = username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT);
        if (account.length() > ACCOUNT_KEY_LENGTH) {
            account = account.substring(0, ACCOUNT_KEY_LENGTH); // no such account either way
        }
        String host = remoteAddress == null ? null : ClientAddress.client(remoteAddress); // an IPv6 /64 is one
        AccountAtAddress key = new AccountAtAddress(account, host == null ? "" : host);
        throttled(addressAttempts, host, "address", account, remoteAddress);
        throttled(accountAttempts, key, "account", account, remoteAddress);
        try {
            return checkPassword(username, password);
        } catch (UnauthorizedException refused) {
            auditor.audit("login_failed", null, remoteAddress, Map.of("account", account, "scheme", "password"));
            count(accountAttempts, key);
            if (host != null) {
                count(addressAttempts, host);
            }
            throw refused;
        }
    }

    /** One account tried from one client host: the key of the per-account throttle. */
    private record AccountAtAddress(String account, String host) {
    }

    private void throttled(Throttle throttle, Object key, String limit, String account, String remote) {
        if (key == null) {
            return;
        }
        try {
            throttle.check(key);
        } catch (dev.parley.api.RateLimitedException throttled) {
            LOG.warn("login throttled per {} after repeated failures", limit);
            auditor.audit("login_throttled", null, remote, Map.of("account", account, "limit", limit));
            throw throttled;
        }
    }

    private static void count(Throttle throttle, Object key) {
        try {
            throttle.acquire(key);
        } catch (dev.parley.api.RateLimitedException alreadyCounted) {
            // The bucket emptied meanwhile; the refusal stands either way.
        }
    }

    private LoginResult checkPassword(String username, CharSequence password) {
        Optional<User> user = users.findByUsername(username);
        Optional<String> hash = user.flatMap(u -> store.users().passwordHash(u.id()));
        if (hash.isEmpty()) {
            // Spend the same effort as a real check, so the timing does not reveal unknown users.
            hasher.verify(password, decoyHash());
            LOG.info("login refused for an unknown user or one without a password");
            throw new UnauthorizedException(REFUSED);
        }
        if (!hasher.verify(password, hash.get()) || !user.get().enabled()) {
            LOG.info("login refused for user {}", user.get().id());
            throw new UnauthorizedException(REFUSED);
        }
        if (hasher.needsRehash(hash.get())) {
            store.users().setPasswordHash(user.get().id(), hasher.hash(password));
        }
        return issueToken(user.get());
    }

    /**
     * Logs in again with a token from an earlier login; the token stays the same. A token used after
     * half its lifetime is extended to a full lifetime from now, so that active users stay logged in.
     */
    public LoginResult loginWithToken(String token) {
        LoginToken stored = findToken(token);
        User user = activeUser(stored.userId());
        Instant now = clock.instant();
        if (now.plus(limits.tokenTtl().dividedBy(2)).isAfter(stored.expiresAt())) {
            stored = new LoginToken(stored.tokenHash(), stored.userId(), stored.createdAt(), now.plus(limits.tokenTtl()));
            store.tokens().save(stored);
        }
        return new LoginResult(user, token, stored.expiresAt());
    }

    /** Returns the enabled user whose valid token this is. */
    public User authenticateToken(String token) {
        return activeUser(findToken(token).userId());
    }

    private LoginResult loginWithAuthenticator(AuthRequest request) {
        Authenticator authenticator = authenticators.get(request.scheme());
        if (authenticator == null) {
            throw new dev.parley.api.BadRequestException("unknown login scheme: " + request.scheme());
        }
        Identity identity = authenticator.authenticate(request).orElse(null);
        if (identity == null) {
            auditor.audit("login_failed", null, request.remoteAddress(), Map.of("scheme", request.scheme()));
            throw new UnauthorizedException("the credentials were refused");
        }
        Optional<User> known = users.findByUsername(identity.username());
        User user;
        if (known.isPresent()) {
            user = known.get();
        } else if (authenticator.provisionsUsers()) {
            user = users.create(identity.username(), identity.displayName(), null, identity.roles());
            LOG.info("provisioned user {} through {}", user.id(), authenticator.id());
        } else {
            throw new UnauthorizedException("the credentials were refused");
        }
        if (!user.enabled()) {
            throw new UnauthorizedException("the credentials were refused");
        }
        return issueToken(user);
    }

    /** Revokes one token and closes every live session that logged in with it. */
    public void logout(String token) {
        if (token != null) {
            revoke(TokenDigest.hash(token));
        }
    }

    /**
     * Revokes the token a live session logged in with and closes every live session that logged in with
     * it, the session itself included: its logout. Does nothing for a session opened without a token.
     */
    public void logout(ChatSession session) {
        if (session.tokenHash() != null) {
            revoke(session.tokenHash());
        }
    }

    private void revoke(String tokenHash) {
        store.tokens().delete(tokenHash);
        fanOut.closeWithToken(tokenHash, CloseReason.LOGGED_OUT);
    }

    /** Revokes every token of the user and closes all of the user's live sessions. */
    public void logoutEverywhere(UserId user) {
        store.tokens().deleteAll(user);
        fanOut.closeAll(user, CloseReason.LOGGED_OUT);
    }

    private LoginResult issueToken(User user) {
        String token = TokenDigest.newToken();
        Instant now = clock.instant();
        Instant expiresAt = now.plus(limits.tokenTtl());
        store.tokens().save(new LoginToken(TokenDigest.hash(token), user.id(), now, expiresAt));
        return new LoginResult(user, token, expiresAt);
    }

    private LoginToken findToken(String token) {
        if (token == null || token.isEmpty() || token.length() > 256) {
            throw new UnauthorizedException("the token is not valid");
        }
        LoginToken stored = store.tokens().find(TokenDigest.hash(token))
                .orElseThrow(() -> new UnauthorizedException("the token is not valid"));
        if (stored.isExpiredAt(clock.instant())) {
            store.tokens().delete(stored.tokenHash());
            throw new UnauthorizedException("the token has expired");
        }
        return stored;
    }

    private User activeUser(UserId id) {
        return store.users().findById(id).filter(User::enabled)
                .orElseThrow(() -> new UnauthorizedException("the token is not valid"));
    }

    private String decoyHash() {
        String hash = decoyHash;
        if (hash == null) {
            hash = hasher.hash(TokenDigest.newToken());
            decoyHash = hash;
        }
        return hash;
    }
}
