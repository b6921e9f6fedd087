package dev.parley.api;

/**
 * The store cannot be reached for now (its database is down, or the way to it is broken): nothing was
 * stored, and the request may be retried later. Its code is {@link ErrorCode#UNAVAILABLE}.
 */
public class StoreUnavailableException extends StoreException {

    /** Creates the exception with a message for the client and a cause for the log. */
    public StoreUnavailableException(String message, Throwable cause) {
        super(ErrorCode.UNAVAILABLE, message, cause);
    }
}
