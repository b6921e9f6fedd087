package dev.parley.api;

/**
 * An attachment's content type is not allowed for its kind of message. Its code is
 * {@link ErrorCode#UNSUPPORTED_TYPE}.
 */
public class UnsupportedTypeException extends ChatException {

    /** Creates the exception with a message that says what is allowed. */
    public UnsupportedTypeException(String message) {
        super(ErrorCode.UNSUPPORTED_TYPE, message);
    }
}
