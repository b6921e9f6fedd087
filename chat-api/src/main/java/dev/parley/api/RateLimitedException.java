package dev.parley.api;

import java.time.Duration;
import java.util.Objects;

/** Too many requests. Its code is {@link ErrorCode#RATE_LIMITED}, and it says when to retry. */
public class RateLimitedException extends ChatException {

    private final Duration retryAfter;

    /** Creates the exception with a message and the time after which a retry may succeed. */
    public RateLimitedException(String message, Duration retryAfter) {
        super(ErrorCode.RATE_LIMITED, message);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** How long to wait before retrying. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
