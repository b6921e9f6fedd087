package dev.parley.store.jdbc;

/**
 * What {@link JdbcBackup#exportTo} writes besides the data every backup holds. Immutable.
 *
 * @param includeCredentials whether the users' password hashes go into the backup. Without them an
 *                           imported database has users who cannot log in with a password until an
 *                           admin sets one. Session tokens are never exported.
 */
public record BackupOptions(boolean includeCredentials) {

    /** A backup without password hashes. */
    public static BackupOptions defaults() {
        return new BackupOptions(false);
    }

    /** A backup with password hashes, to move a deployment without resetting passwords. */
    public static BackupOptions withCredentials() {
        return new BackupOptions(true);
    }
}
