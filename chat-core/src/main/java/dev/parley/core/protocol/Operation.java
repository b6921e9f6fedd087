package dev.parley.core.protocol;

/**
 * One protocol operation: who may call it, and its handler.
 *
 * @param access  who may call it
 * @param handler what it does
 */
record Operation(Access access, Handler handler) {

    /** Who may call an operation. */
    enum Access {
        /** Anyone, before logging in too. */
        OPEN,
        /** A logged-in session. */
        USER,
        /** A logged-in, enabled admin; each call is audited. */
        ADMIN
    }

    /** Whether the session must be logged in. */
    boolean needsLogin() {
        return access != Access.OPEN;
    }

    /** Whether only an admin may call it, and each call goes to the audit log. */
    boolean admin() {
        return access == Access.ADMIN;
    }

    /**
     * Runs an operation for a session, as its user. Returns the response's {@code data}, a JSON node
     * (see {@link Reply}), or a stage that completes with one. Throws a {@code ChatException} to
     * answer with its error code.
     */
    @FunctionalInterface
    interface Handler {
        Object handle(ProtocolConnection session, Params params);
    }
}
