package dev.parley.api;

/**
 * A store failed; the cause says how. Clients see only {@code internal}, its code, unless a subclass
 * says more, as {@link StoreUnavailableException} does.
 */
public class StoreException extends ChatException {

    /** Creates the exception with a message for the client. */
    public StoreException(String message) {
        super(ErrorCode.INTERNAL, message);
    }

    /** Creates the exception with a message for the client and a cause for the log. */
    public StoreException(String message, Throwable cause) {
        super(ErrorCode.INTERNAL, message, cause);
    }

    /** Creates the exception with another code, for subclasses that tell the client more. */
    protected StoreException(ErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }
}
