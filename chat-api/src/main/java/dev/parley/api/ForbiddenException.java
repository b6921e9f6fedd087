package dev.parley.api;

/** The user may not do this. Its code is {@link ErrorCode#FORBIDDEN}. */
public class ForbiddenException extends ChatException {

    /** Creates the exception with a message for the client. */
    public ForbiddenException(String message) {
        super(ErrorCode.FORBIDDEN, message);
    }

    /** Creates the exception with a message for the client and a cause for the log. */
    public ForbiddenException(String message, Throwable cause) {
        super(ErrorCode.FORBIDDEN, message, cause);
    }
}
