package dev.parley.core;

import java.time.Duration;

/**
 * How fast one user may send and one account may be tried, and how many connections one user and one
 * address may hold. Immutable; start from {@link #defaults()}.
 *
 * <p>Failed password logins are throttled twice, as the OWASP Authentication Cheat Sheet recommends:
 * per account and client address, so that guessing one account's password from one address stops
 * soon while its owner, logging in from elsewhere, is not locked out; and per address across all
 * accounts, so that one address cannot guess many accounts' passwords either. Only failures count.
 *
 * @param sendsPerSecond          messages one user may send per second, sustained
 * @param sendBurst               messages one user may send at once before the rate applies
 * @param loginAttempts           failed password attempts one account may take from one address in a burst
 * @param loginRefill             how long it takes for one more such attempt to become available
 * @param sessionsPerUser         live logged-in connections one user may hold
 * @param connectionsPerAddress   open connections, logged in or not, from one IP address
 * @param loginAttemptsPerAddress failed password attempts one address may make in a burst, over all
 *                                accounts together
 * @param loginAddressRefill      how long it takes for one more attempt of the address to become available
 */
public record RateLimits(int sendsPerSecond, int sendBurst, int loginAttempts, Duration loginRefill,
                         int sessionsPerUser, int connectionsPerAddress, int loginAttemptsPerAddress,
                         Duration loginAddressRefill) {

    /** Checks that every limit is positive. */
    public RateLimits {
        if (sendsPerSecond < 1 || sendBurst < 1 || loginAttempts < 1 || !positive(loginRefill)
                || sessionsPerUser < 1 || connectionsPerAddress < 1 || loginAttemptsPerAddress < 1
                || !positive(loginAddressRefill)) {
            throw new IllegalArgumentException("every rate limit must be positive");
        }
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    /**
     * The defaults: 20 messages a second with bursts of 50; 10 failed password attempts per account
     * and address, then one more every 30 seconds; 50 failed attempts per address over all accounts,
     * then one more every 10 seconds; 20 sessions per user; 200 connections per address.
     */
    public static RateLimits defaults() {
        return new RateLimits(20, 50, 10, Duration.ofSeconds(30), 20, 200, 50, Duration.ofSeconds(10));
    }

    /** Returns a copy with another send rate and burst. */
    public RateLimits withSends(int perSecond, int burst) {
        return new RateLimits(perSecond, burst, loginAttempts, loginRefill, sessionsPerUser, connectionsPerAddress,
                loginAttemptsPerAddress, loginAddressRefill);
    }

    /**
     * Returns a copy with another throttle of failed password attempts per account and client address
     * (by default 10, then one more every 30 seconds).
     */
    public RateLimits withLogins(int attempts, Duration refill) {
        return new RateLimits(sendsPerSecond, sendBurst, attempts, refill, sessionsPerUser, connectionsPerAddress,
                loginAttemptsPerAddress, loginAddressRefill);
    }

    /**
     * Returns a copy with another throttle of failed password attempts per client address, over all
     * accounts together (by default 50, then one more every 10 seconds). Keep it above
     * {@link #loginAttempts()}: clients behind one NAT share an address, and share this budget.
     */
    public RateLimits withLoginsPerAddress(int attempts, Duration refill) {
        return new RateLimits(sendsPerSecond, sendBurst, loginAttempts, loginRefill, sessionsPerUser,
                connectionsPerAddress, attempts, refill);
    }

    /** Returns a copy with other connection caps. */
    public RateLimits withConnections(int perUser, int perAddress) {
        return new RateLimits(sendsPerSecond, sendBurst, loginAttempts, loginRefill, perUser, perAddress,
                loginAttemptsPerAddress, loginAddressRefill);
    }
}
