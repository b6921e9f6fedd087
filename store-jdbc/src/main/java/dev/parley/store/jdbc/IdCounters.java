package dev.parley.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Reads and sets the next value of a table's identity (auto-increment) column, which plain SQL does
 * not reach: H2 keeps it in {@code INFORMATION_SCHEMA.COLUMNS.IDENTITY_BASE}, MySQL and MariaDB in
 * {@code information_schema.tables.AUTO_INCREMENT}. A backup carries it so that an import never hands
 * out again the id of a row that was deleted before the export. Stateless.
 */
final class IdCounters {

    private IdCounters() {
    }

    /** The value the column would give the next inserted row. */
    static long next(Connection connection, Dialect dialect, BackupTable table) throws SQLException {
        String sql = switch (dialect) {
            case H2 -> "SELECT IDENTITY_BASE FROM INFORMATION_SCHEMA.COLUMNS "
                    + "WHERE TABLE_SCHEMA = SCHEMA() AND UPPER(TABLE_NAME) = ? AND UPPER(COLUMN_NAME) = ?";
            case MYSQL -> "SELECT AUTO_INCREMENT FROM information_schema.tables "
                    + "WHERE table_schema = DATABASE() AND UPPER(table_name) = ?";
        };
        if (dialect == Dialect.MYSQL) {
            freshStatistics(connection);
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, table.name().toUpperCase(Locale.ROOT));
            if (dialect == Dialect.H2) {
                statement.setString(2, table.identity().toUpperCase(Locale.ROOT));
            }
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new BackupException("table " + table.name() + " has no identity column " + table.identity());
                }
                long next = rs.getLong(1);
                return rs.wasNull() ? 1 : next;
            }
        }
    }

    /**
     * Makes the column's next value {@code next}, or one past its highest value if that is larger.
     * DDL: on MySQL it commits the connection's transaction.
     */
    static void restart(Connection connection, Dialect dialect, BackupTable table, long next) throws SQLException {
        long highest;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT MAX(" + table.identity() + ") FROM " + table.name())) {
            rs.next();
            highest = rs.getLong(1);
        }
        long value = Math.max(next, highest + 1);
        String sql = switch (dialect) {
            case H2 -> "ALTER TABLE " + table.name() + " ALTER COLUMN " + table.identity() + " RESTART WITH " + value;
            case MYSQL -> "ALTER TABLE " + table.name() + " AUTO_INCREMENT = " + value;
        };
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** MySQL 8 caches information_schema.tables for a day by default; MariaDB has no such cache. */
    private static void freshStatistics(Connection connection) throws SQLException {
        if (connection.getMetaData().getDatabaseProductVersion().toLowerCase(Locale.ROOT).contains("mariadb")) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET SESSION information_schema_stats_expiry = 0");
        }
    }
}
