package dev.parley.store.jdbc;

import java.sql.SQLException;

/** Recognises the SQL errors the store handles rather than reports. */
final class SqlStates {

    private SqlStates() {
    }

    /**
     * Whether the exception, or one of its causes, says that a row broke a unique or primary key:
     * SQLState 23505 on H2, error 1062 (SQLState 23000) on MySQL and MariaDB.
     */
    static boolean isUniqueViolation(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    if ("23505".equals(e.getSQLState()) || e.getErrorCode() == 1062) {
                        return true;
                    }
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * Whether the exception, or one of its causes, says that the database cannot be reached: a
     * connection exception (SQLState class 08, which drivers and HikariCP use when a connection breaks
     * or none can be made) or a {@link java.sql.SQLTransientConnectionException}.
     */
    static boolean isUnreachable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * Whether the exception says that the transaction lost a lock conflict and may simply be retried:
     * a deadlock (MySQL 1213, SQLState 40001) or a lock wait timeout (MySQL 1205, H2 50200).
     */
    static boolean isRetryable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                int code = sql.getErrorCode();
                if ("40001".equals(state) || code == 1213 || code == 1205 || "HYT00".equals(state)
                        || code == 50200 || code == 40001) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
