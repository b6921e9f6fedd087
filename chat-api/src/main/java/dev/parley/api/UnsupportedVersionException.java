package dev.parley.api;

/** Client and server share no protocol version. Its code is {@link ErrorCode#UNSUPPORTED_VERSION}. */
public class UnsupportedVersionException extends ChatException {

    /** Creates the exception with a message that lists the server's versions. */
    public UnsupportedVersionException(String message) {
        super(ErrorCode.UNSUPPORTED_VERSION, message);
    }
}
