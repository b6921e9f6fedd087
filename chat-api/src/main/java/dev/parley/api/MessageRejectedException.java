package dev.parley.api;

/** A {@link dev.parley.api.spi.MessageInterceptor} refused the message; the message says why. Its code is {@link ErrorCode#REJECTED}. */
public class MessageRejectedException extends ChatException {

    /** Creates the exception with a message for the client. */
    public MessageRejectedException(String message) {
        super(ErrorCode.REJECTED, message);
    }

    /** Creates the exception with a message for the client and a cause for the log. */
    public MessageRejectedException(String message, Throwable cause) {
        super(ErrorCode.REJECTED, message, cause);
    }
}
