package dev.parley.store.jdbc;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parley.api.StoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Backs up a Parley database to a JSON-lines file and restores it into an empty one, through plain
 * JDBC on H2, MySQL and MariaDB.
 *
 * <p>The file is UTF-8. Its first line is a header with the format version, the schema version and
 * the row count and next id of each table; every other line is one row,
 * {@code {"table":"messages","row":{"id":7,"conversation_id":2,...}}}, with numbers, booleans,
 * strings, base64 for bytes and null. It holds every table of the schema (users, roles,
 * friendships, blocks, conversations, members, invitations, messages, reactions, cursors, devices and the bytes
 * of {@link JdbcBlobStore}) but never session tokens, and password hashes only when
 * {@link BackupOptions#includeCredentials()} says so. Rows come in primary-key order and the header
 * holds no time, so exporting the same data twice gives the same bytes, and importing an export and
 * exporting again gives the file back byte for byte.
 *
 * <pre>{@code
 * JdbcBackup backup = JdbcBackup.of(store);              // a started JdbcChatStore
 * try (OutputStream out = Files.newOutputStream(file)) {
 *     backup.exportTo(out, BackupOptions.defaults(), BackupProgress.NONE);
 * }
 * }</pre>
 *
 * <p>An import needs a database that has the backup's schema version (migrate it first) and no rows;
 * it inserts every row with its id in one transaction, then moves each identity counter to where the
 * exported database had it. Thread-safe; each call uses a connection of its own.
 */
public final class JdbcBackup {

    /** The version of the file format that {@link #exportTo} writes and {@link #importFrom} reads. */
    public static final int FORMAT_VERSION = BackupHeader.FORMAT_VERSION;

    /** Writes emoji and other characters beyond U+FFFF as plain UTF-8, not as escaped surrogate pairs. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private final DataSource dataSource;

    /** A backup of the Parley database behind a data source. The data source is never closed. */
    public JdbcBackup(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * A backup of a started store's database.
     *
     * @throws IllegalStateException if the store is not started
     */
    public static JdbcBackup of(JdbcChatStore store) {
        DataSource dataSource = store.dataSource();
        if (dataSource == null) {
            throw new IllegalStateException("start the store before backing it up");
        }
        return new JdbcBackup(dataSource);
    }

    /**
     * Writes every row of the database to {@code out} as a backup, which is flushed but not closed.
     *
     * @throws BackupException if the database has no Parley schema
     * @throws StoreException if the database fails
     * @throws UncheckedIOException if {@code out} fails
     */
    public BackupSummary exportTo(OutputStream out, BackupOptions options, BackupProgress progress) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(progress, "progress");
        String version = schemaVersion();
        Dialect dialect = JdbcSchema.dialectOf(dataSource);
        try (Connection connection = dataSource.getConnection();
             JsonGenerator json = MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.setRootValueSeparator(null);
            return new BackupWriter(connection, dialect, progress).write(version, options, json);
        } catch (SQLException e) {
            throw new StoreException("the export failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the backup", e);
        }
    }

    /**
     * Reads a backup from {@code in}, which is not closed, into this database, which must have the
     * backup's schema version and no rows at all.
     *
     * @throws BackupException if the database is not empty, or the input is not a complete backup of
     *                         this format and schema version; nothing is imported then
     * @throws StoreException if the database fails
     * @throws UncheckedIOException if {@code in} fails
     */
    public BackupSummary importFrom(InputStream in, BackupProgress progress) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(progress, "progress");
        String version = schemaVersion();
        Dialect dialect = JdbcSchema.dialectOf(dataSource);
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        try (Connection connection = dataSource.getConnection()) {
            return new BackupReader(connection, dialect, MAPPER, progress).read(version, lines);
        } catch (SQLException e) {
            throw new StoreException("the import failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the backup", e);
        }
    }

    private String schemaVersion() {
        return JdbcSchema.of(dataSource).version()
                .orElseThrow(() -> new BackupException("the database has no Parley schema; migrate it first"));
    }
}
