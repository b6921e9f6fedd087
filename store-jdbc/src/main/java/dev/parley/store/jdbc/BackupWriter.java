package dev.parley.store.jdbc;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.parley.store.jdbc.BackupHeader.TableCount;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one export: the header, then every row of every table, one JSON object per line, tables in
 * the order of {@link BackupTable#ALL} and rows in the order of their primary key. Everything is read
 * in one transaction that sees a snapshot of the database (REPEATABLE READ on MySQL and MariaDB,
 * SNAPSHOT on H2), so the counts in the header match the rows that follow even while a server writes.
 * Used once, by one thread.
 */
final class BackupWriter {

    /** H2's own isolation level for a consistent snapshot (org.h2.engine.Constants.TRANSACTION_SNAPSHOT). */
    private static final int H2_SNAPSHOT = 6;

    /** Rows Connector/J streams at a time instead of loading a whole table; MIN_VALUE means row by row. */
    private static final int MYSQL_STREAMING = Integer.MIN_VALUE;

    private final Connection connection;
    private final Dialect dialect;
    private final BackupProgress progress;

    BackupWriter(Connection connection, Dialect dialect, BackupProgress progress) {
        this.connection = connection;
        this.dialect = dialect;
        this.progress = progress;
    }

    BackupSummary write(String schemaVersion, BackupOptions options, JsonGenerator json)
            throws SQLException, IOException {
        int isolation = connection.getTransactionIsolation();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(dialect == Dialect.H2 ? H2_SNAPSHOT : Connection.TRANSACTION_REPEATABLE_READ);
        try {
            List<BackupTable> tables = new ArrayList<>();
            for (BackupTable table : BackupTable.ALL) {
                if (options.includeCredentials() || !table.name().equals(BackupTable.CREDENTIALS)) {
                    tables.add(table);
                }
            }
            BackupHeader header = header(schemaVersion, options, tables);
            header.write(json);
            json.writeRaw('\n');
            long done = 0;
            for (int i = 0; i < tables.size(); i++) {
                long written = writeRows(tables.get(i), json, done, header.rows());
                if (written != header.tables().get(i).rows()) {
                    throw new BackupException("table " + tables.get(i).name() + " changed during the export");
                }
                done += written;
            }
            json.flush();
            progress.update(done, header.rows());
            return new BackupSummary(schemaVersion, tables.size(), done);
        } finally {
            connection.rollback();
            connection.setTransactionIsolation(isolation);
            connection.setAutoCommit(autoCommit);
        }
    }

    private BackupHeader header(String schemaVersion, BackupOptions options, List<BackupTable> tables)
            throws SQLException {
        List<TableCount> counts = new ArrayList<>();
        for (BackupTable table : tables) {
            long rows;
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + table.name())) {
                rs.next();
                rows = rs.getLong(1);
            }
            Long nextId = table.hasIdentity() ? IdCounters.next(connection, dialect, table) : null;
            counts.add(new TableCount(table.name(), rows, nextId));
        }
        return new BackupHeader(BackupHeader.FORMAT_VERSION, schemaVersion, options.includeCredentials(), counts);
    }

    private long writeRows(BackupTable table, JsonGenerator json, long doneBefore, long total)
            throws SQLException, IOException {
        String sql = "SELECT * FROM " + table.name() + " ORDER BY " + String.join(", ", table.orderBy());
        long written = 0;
        try (Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            if (dialect == Dialect.MYSQL) {
                statement.setFetchSize(MYSQL_STREAMING);
            }
            try (ResultSet rs = statement.executeQuery(sql)) {
                List<BackupColumn> columns = BackupColumn.of(table.name(), rs.getMetaData());
                while (rs.next()) {
                    json.writeStartObject();
                    json.writeStringField("table", table.name());
                    json.writeObjectFieldStart("row");
                    for (int i = 0; i < columns.size(); i++) {
                        columns.get(i).write(rs, i + 1, json);
                    }
                    json.writeEndObject();
                    json.writeEndObject();
                    json.writeRaw('\n');
                    written++;
                    progress.update(doneBefore + written, total);
                }
            }
        }
        return written;
    }
}
