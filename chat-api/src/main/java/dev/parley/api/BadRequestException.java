package dev.parley.api;

/** The request is malformed or breaks a documented rule. Its code is {@link ErrorCode#BAD_REQUEST}. */
public class BadRequestException extends ChatException {

    /** Creates the exception with a message for the client. */
    public BadRequestException(String message) {
        super(ErrorCode.BAD_REQUEST, message);
    }

    /** Creates the exception with a message for the client and a cause for the log. */
    public BadRequestException(String message, Throwable cause) {
        super(ErrorCode.BAD_REQUEST, message, cause);
    }
}
