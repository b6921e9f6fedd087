package dev.parley.api;

/**
 * The stable, machine-readable error codes. The protocol sends {@link #code()} to clients, so these
 * strings never change meaning; new codes may be added.
 */
public enum ErrorCode {
    /** The request is malformed or breaks a documented rule. */
    BAD_REQUEST("bad_request"),
    /** The protocol operation is not known to this server. */
    UNKNOWN_OP("unknown_op"),
    /** Client and server share no protocol version. */
    UNSUPPORTED_VERSION("unsupported_version"),
    /** The session has not logged in, or the credentials are wrong. */
    UNAUTHORIZED("unauthorized"),
    /** The user is known but may not do this. */
    FORBIDDEN("forbidden"),
    /** The thing does not exist, or the user may not know that it does. */
    NOT_FOUND("not_found"),
    /** The request clashes with what is stored, for example a username that is taken. */
    CONFLICT("conflict"),
    /** Too many requests; retry later. */
    RATE_LIMITED("rate_limited"),
    /** The input exceeds a configured limit. */
    TOO_LARGE("too_large"),
    /** The attachment's content type is not allowed for its kind of message. */
    UNSUPPORTED_TYPE("unsupported_type"),
    /** A message interceptor refused the message. */
    REJECTED("rejected"),
    /** The engine is not running or is shutting down, or its store cannot be reached for now; retry later. */
    UNAVAILABLE("unavailable"),
    /**
     * The sync token (a change number) is older than what the conversation's change log still holds
     * after compaction; reload the conversation from history.
     */
    SYNC_EXPIRED("sync_expired"),
    /** Something failed inside the server; the details are logged, not sent. */
    INTERNAL("internal");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    /** The code as the protocol writes it, for example {@code not_found}. */
    public String code() {
        return code;
    }

    /** The error code the protocol writes as {@code code}, if there is one. */
    public static java.util.Optional<ErrorCode> forCode(String code) {
        for (ErrorCode value : values()) {
            if (value.code.equals(code)) {
                return java.util.Optional.of(value);
            }
        }
        return java.util.Optional.empty();
    }
}
