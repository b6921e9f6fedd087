package dev.parley.api;

import java.util.Objects;

/**
 * The root of every exception Parley throws on purpose. It is unchecked, and carries a stable
 * {@link ErrorCode} that the protocol passes to clients together with the message.
 *
 * <p>Messages are written for the person at the other end of the protocol: they never contain
 * passwords, tokens or message bodies.
 */
public class ChatException extends RuntimeException {

    private final ErrorCode errorCode;

    /** Creates an exception with the given code and message. */
    public ChatException(ErrorCode errorCode, String message) {
        this(errorCode, message, null);
    }

    /** Creates an exception with the given code, message and cause. */
    public ChatException(ErrorCode errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    }

    /** The stable error code. */
    public ErrorCode errorCode() {
        return errorCode;
    }
}
