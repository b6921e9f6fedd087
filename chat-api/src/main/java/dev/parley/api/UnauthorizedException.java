package dev.parley.api;

/** The session is not logged in, or its credentials were refused. Its code is {@link ErrorCode#UNAUTHORIZED}. */
public class UnauthorizedException extends ChatException {

    /** Creates the exception with a message for the client. */
    public UnauthorizedException(String message) {
        super(ErrorCode.UNAUTHORIZED, message);
    }

    /** Creates the exception with a message for the client and a cause for the log. */
    public UnauthorizedException(String message, Throwable cause) {
        super(ErrorCode.UNAUTHORIZED, message, cause);
    }
}
