package dev.parley.store.jdbc;

import dev.parley.api.StoreException;

/**
 * A backup cannot be written or read: the file is not a Parley backup, is of another format or
 * schema version, is cut short, or the database to import into is not empty. The message says which,
 * in one line, naming the line of the file where that helps.
 */
public class BackupException extends StoreException {

    /** Creates the exception with a message that says what is wrong. */
    public BackupException(String message) {
        super(message);
    }

    /** Creates the exception with a message that says what is wrong, and its cause. */
    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
