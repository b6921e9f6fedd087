package dev.parley.core;

import java.time.Duration;

/**
 * How fast one user may send and one account may be tried, and how many connections one user and one
 * address may hold. Immutable; start from {@link #defaults()}.
 *
 * @param sendsPerSecond        messages one user may send per second, sustained
 * @param sendBurst             messages one user may send at once before the rate applies
 * @param loginAttempts         password attempts one account may take in a burst
 * @param loginRefill           how long it takes for one more attempt to become available
 * @param sessionsPerUser       live logged-in connections one user may hold
 * @param connectionsPerAddress open connections, logged in or not, from one IP address
 */
public record RateLimits(int sendsPerSecond, int sendBurst, int loginAttempts, Duration loginRefill,
                         int sessionsPerUser, int connectionsPerAddress) {

    /** Checks that every limit is positive. */
    public RateLimits {
        if (sendsPerSecond < 1 || sendBurst < 1 || loginAttempts < 1 || loginRefill == null
                || loginRefill.isNegative() || loginRefill.isZero() || sessionsPerUser < 1 || connectionsPerAddress < 1) {
            throw new IllegalArgumentException("every rate limit must be positive");
        }
    }

    /**
     * The defaults: 20 messages a second with bursts of 50; 10 password attempts per account, then one
     * more every 30 seconds; 20 sessions per user; 200 connections per address.
     */
    public static RateLimits defaults() {
        return new RateLimits(20, 50, 10, Duration.ofSeconds(30), 20, 200);
    }

    /** Returns a copy with another send rate and burst. */
    public RateLimits withSends(int perSecond, int burst) {
        return new RateLimits(perSecond, burst, loginAttempts, loginRefill, sessionsPerUser, connectionsPerAddress);
    }

    /** Returns a copy with another login throttle. */
    public RateLimits withLogins(int attempts, Duration refill) {
        return new RateLimits(sendsPerSecond, sendBurst, attempts, refill, sessionsPerUser, connectionsPerAddress);
    }

    /** Returns a copy with other connection caps. */
    public RateLimits withConnections(int perUser, int perAddress) {
        return new RateLimits(sendsPerSecond, sendBurst, loginAttempts, loginRefill, perUser, perAddress);
    }
}
