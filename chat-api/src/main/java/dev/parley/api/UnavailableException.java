package dev.parley.api;

/** The engine is not running, or is shutting down. Its code is {@link ErrorCode#UNAVAILABLE}. */
public class UnavailableException extends ChatException {

    /** Creates the exception with a message for the client. */
    public UnavailableException(String message) {
        super(ErrorCode.UNAVAILABLE, message);
    }

    /** Creates the exception with a message for the client and a cause for the log. */
    public UnavailableException(String message, Throwable cause) {
        super(ErrorCode.UNAVAILABLE, message, cause);
    }
}
