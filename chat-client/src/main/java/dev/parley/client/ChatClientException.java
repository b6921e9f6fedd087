package dev.parley.client;

/** A request the server refused, or a connection that failed. Carries the protocol's error code. */
public class ChatClientException extends RuntimeException {

    private final String code;

    /** An exception with the server's error code and message. */
    public ChatClientException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    /** An exception about the connection itself. */
    public ChatClientException(String message, Throwable cause) {
        super(message, cause);
        this.code = "connection";
    }

    /** The protocol's error code, such as {@code unauthorized}, or {@code connection}. */
    public String code() {
        return code;
    }
}
