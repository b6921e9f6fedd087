package dev.parley.api;

/** A store failed; the cause says how. Clients see only {@code internal}. Its code is {@link ErrorCode#INTERNAL}. */
public class StoreException extends ChatException {

    /** Creates the exception with a message for the client. */
    public StoreException(String message) {
        super(ErrorCode.INTERNAL, message);
    }

    /** Creates the exception with a message for the client and a cause for the log. */
    public StoreException(String message, Throwable cause) {
        super(ErrorCode.INTERNAL, message, cause);
    }
}
