package dev.parley.api;

/** The thing does not exist, or the user may not know that it does. Its code is {@link ErrorCode#NOT_FOUND}. */
public class NotFoundException extends ChatException {

    /** Creates the exception with a message for the client. */
    public NotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message);
    }

    /** Creates the exception with a message for the client and a cause for the log. */
    public NotFoundException(String message, Throwable cause) {
        super(ErrorCode.NOT_FOUND, message, cause);
    }
}
