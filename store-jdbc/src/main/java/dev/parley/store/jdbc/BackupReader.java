package dev.parley.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.store.jdbc.BackupHeader.TableCount;
import java.io.BufferedReader;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads one backup into an empty database, in one transaction: a backup that turns out to be broken
 * half-way leaves the database as empty as it was. Rows keep their ids; afterwards each identity
 * column continues from where the exported database's did. Used once, by one thread.
 */
final class BackupReader {

    private static final int BATCH = 500;

    private final Connection connection;
    private final Dialect dialect;
    private final ObjectMapper mapper;
    private final BackupProgress progress;
    private int lineNumber;

    BackupReader(Connection connection, Dialect dialect, ObjectMapper mapper, BackupProgress progress) {
        this.connection = connection;
        this.dialect = dialect;
        this.mapper = mapper;
        this.progress = progress;
    }

    BackupSummary read(String schemaVersion, BufferedReader lines) throws IOException, SQLException {
        String first = lines.readLine();
        lineNumber = 1;
        if (first == null) {
            throw new BackupException("the backup is empty");
        }
        BackupHeader header = BackupHeader.read(parse(first));
        if (!header.schemaVersion().equals(schemaVersion)) {
            throw new BackupException("the backup is of schema version " + header.schemaVersion()
                    + " but the database is at version " + schemaVersion);
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            requireEmpty();
            long rows = insertRows(header, lines);
            connection.commit();
            restartIdentities(header);
            return new BackupSummary(header.schemaVersion(), header.tables().size(), rows);
        } catch (IOException | SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private void requireEmpty() throws SQLException {
        List<String> tables = new ArrayList<>(BackupTable.NEVER_EXPORTED);
        BackupTable.ALL.forEach(t -> tables.add(t.name()));
        for (String table : tables) {
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    throw new BackupException("the database is not empty (table " + table + " has "
                            + rs.getLong(1) + " rows); import only into an empty database");
                }
            }
        }
    }

    private long insertRows(BackupHeader header, BufferedReader lines) throws IOException, SQLException {
        Iterator<TableCount> expected = header.tables().iterator();
        TableCount current = null;
        TableInsert insert = null;
        long seen = 0;
        long done = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            lineNumber++;
            JsonNode node = parse(line);
            String table = node.path("table").asText();
            JsonNode row = node.path("row");
            if (table.isEmpty() || !row.isObject()) {
                throw problem("has no \"table\" and \"row\"");
            }
            while (current == null || !current.name().equals(table)) {
                if (current != null) {
                    finish(current, insert, seen);
                }
                if (!expected.hasNext()) {
                    throw problem("has a row of table " + table + ", which the header does not list in this place");
                }
                current = expected.next();
                insert = new TableInsert(BackupTable.named(current.name()).orElseThrow());
                seen = 0;
            }
            insert.add(row);
            seen++;
            done++;
            progress.update(done, header.rows());
        }
        if (current != null) {
            finish(current, insert, seen);
        }
        while (expected.hasNext()) {
            TableCount missing = expected.next();
            if (missing.rows() > 0) {
                throw cutShort(missing, 0);
            }
        }
        return done;
    }

    private void finish(TableCount table, TableInsert insert, long seen) throws SQLException {
        insert.close();
        if (seen != table.rows()) {
            throw cutShort(table, seen);
        }
    }

    private static BackupException cutShort(TableCount table, long seen) {
        return new BackupException("the backup is cut short or was changed: table " + table.name() + " has " + seen
                + " rows but its header says " + table.rows());
    }

    private void restartIdentities(BackupHeader header) throws SQLException {
        connection.setAutoCommit(true);
        for (TableCount count : header.tables()) {
            BackupTable table = BackupTable.named(count.name()).orElseThrow();
            if (table.hasIdentity() && count.nextId() != null) {
                IdCounters.restart(connection, dialect, table, count.nextId());
            }
        }
    }

    private JsonNode parse(String line) {
        try {
            return mapper.readTree(line);
        } catch (JsonProcessingException e) {
            throw problem("is not JSON: " + e.getOriginalMessage());
        }
    }

    private BackupException problem(String what) {
        return new BackupException("line " + lineNumber + " of the backup " + what);
    }

    /** Batched INSERTs of one table's rows, with every column given, the id included. */
    private final class TableInsert implements AutoCloseable {

        private final BackupTable table;
        private final List<BackupColumn> columns;
        private final Set<String> names = new HashSet<>();
        private final PreparedStatement statement;
        private int batched;

        TableInsert(BackupTable table) throws SQLException {
            this.table = table;
            try (Statement probe = connection.createStatement();
                 ResultSet rs = probe.executeQuery("SELECT * FROM " + table.name() + " WHERE 1 = 0")) {
                this.columns = BackupColumn.of(table.name(), rs.getMetaData());
            }
            columns.forEach(c -> names.add(c.name()));
            List<String> columnNames = columns.stream().map(BackupColumn::name).toList();
            this.statement = connection.prepareStatement("INSERT INTO " + table.name() + " ("
                    + String.join(", ", columnNames) + ") VALUES ("
                    + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")");
        }

        void add(JsonNode row) throws SQLException {
            Set<String> given = new HashSet<>();
            row.fieldNames().forEachRemaining(given::add);
            if (!given.equals(names)) {
                Set<String> unknown = new HashSet<>(given);
                unknown.removeAll(names);
                Set<String> missing = new HashSet<>(names);
                missing.removeAll(given);
                throw problem("does not match the columns of table " + table.name()
                        + (unknown.isEmpty() ? "" : "; unknown: " + unknown)
                        + (missing.isEmpty() ? "" : "; missing: " + missing));
            }
            for (int i = 0; i < columns.size(); i++) {
                try {
                    columns.get(i).bind(statement, i + 1, row.get(columns.get(i).name()));
                } catch (IllegalArgumentException e) {
                    throw problem("does not fit table " + table.name() + ": " + e.getMessage());
                }
            }
            statement.addBatch();
            if (++batched == BATCH) {
                flush();
            }
        }

        private void flush() throws SQLException {
            if (batched > 0) {
                statement.executeBatch();
                batched = 0;
            }
        }

        @Override
        public void close() throws SQLException {
            try {
                flush();
            } finally {
                statement.close();
            }
        }
    }
}
