package dev.parley.api.spi;

/** What became of one push notification. */
public enum PushResult {
    /** The push service accepted it. */
    DELIVERED,
    /** The push service says the device's token is no longer valid; the engine forgets the device. */
    TOKEN_INVALID,
    /** It failed for another reason, which the provider logs. */
    FAILED
}
