package dev.parley.core.protocol;

/**
 * One protocol operation: its handler, and whether the session must be logged in to use it.
 *
 * @param needsLogin whether the session must be logged in
 * @param admin      whether it is an admin operation, which the audit log records
 * @param handler    what it does
 */
record Operation(boolean needsLogin, boolean admin, Handler handler) {

    /** Runs an operation for a session. Returns a JSON node, or a stage that completes with one. */
    @FunctionalInterface
    interface Handler {
        Object handle(ProtocolSession session, Params params);
    }
}
