package dev.parley.cli;

/**
 * A failure the user can act on, such as a port in use or a wrong password. The tool prints its
 * message on one line and exits with {@link #exitCode()}; the stack trace only with {@code -v}.
 */
public class CliException extends RuntimeException {

    private final int exitCode;

    /** A failure with exit code 1. */
    public CliException(String message) {
        this(message, 1, null);
    }

    /** A failure with exit code 1 and a cause, shown with {@code -v}. */
    public CliException(String message, Throwable cause) {
        this(message, 1, cause);
    }

    /** A failure with the given exit code. */
    public CliException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The process exit code for this failure. */
    public int exitCode() {
        return exitCode;
    }
}
