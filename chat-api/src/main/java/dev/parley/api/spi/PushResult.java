package dev.parley.api.spi;

/** What became of one push notification. */
public enum PushResult {
    /** The push service accepted it. */
    DELIVERED,
    /**
     * The push service says the device's token is no longer valid (unregistered, or not a token of this
     * app); the engine forgets every device with that token and does not retry.
     */
    TOKEN_INVALID,
    /**
     * It failed for a reason that may pass: the service is down, unreachable, overloaded or throttling.
     * The engine tries again later with backoff, up to its configured number of attempts.
     */
    RETRY_LATER,
    /** The service refused it for another reason that trying again will not fix; the provider logs why. */
    FAILED
}
