package dev.parley.api;

/** The request clashes with what is stored. Its code is {@link ErrorCode#CONFLICT}. */
public class ConflictException extends ChatException {

    /** Creates the exception with a message for the client. */
    public ConflictException(String message) {
        super(ErrorCode.CONFLICT, message);
    }

    /** Creates the exception with a message for the client and a cause for the log. */
    public ConflictException(String message, Throwable cause) {
        super(ErrorCode.CONFLICT, message, cause);
    }
}
