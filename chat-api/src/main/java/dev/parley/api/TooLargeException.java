package dev.parley.api;

/** The input exceeds a configured limit. Its code is {@link ErrorCode#TOO_LARGE}. */
public class TooLargeException extends ChatException {

    /** Creates the exception with a message for the client. */
    public TooLargeException(String message) {
        super(ErrorCode.TOO_LARGE, message);
    }

    /** Creates the exception with a message for the client and a cause for the log. */
    public TooLargeException(String message, Throwable cause) {
        super(ErrorCode.TOO_LARGE, message, cause);
    }
}
