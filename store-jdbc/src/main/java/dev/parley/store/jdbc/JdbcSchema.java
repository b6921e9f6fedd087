package dev.parley.store.jdbc;

import dev.parley.api.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

/**
 * The state of Parley's schema in a database, as Flyway records it in {@code parley_schema_history}:
 * the current version and every migration, applied or pending. For tools such as
 * {@code parley db info}; {@link JdbcChatStore#migrate()} applies the pending ones.
 *
 * <p>Each call reads the database afresh. Thread-safe.
 */
public final class JdbcSchema {

    /** The table in which Flyway records the applied migrations. */
    static final String HISTORY_TABLE = "parley_schema_history";

    private final Flyway flyway;

    private JdbcSchema(Flyway flyway) {
        this.flyway = flyway;
    }

    /**
     * The schema of the database behind a data source, such as a started store's
     * {@link JdbcChatStore#dataSource()}.
     *
     * @throws StoreException if the database cannot be reached
     * @throws IllegalArgumentException if it is not H2, MySQL or MariaDB
     */
    public static JdbcSchema of(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new JdbcSchema(flyway(dataSource, dialectOf(dataSource)));
    }

    /** The version of the last applied migration, or empty if the database has no Parley schema yet. */
    public Optional<String> version() {
        MigrationInfo current = info().current();
        return current == null || current.getVersion() == null
                ? Optional.empty() : Optional.of(current.getVersion().toString());
    }

    /** Every migration, applied or pending, in order of version. */
    public List<Migration> migrations() {
        List<Migration> migrations = new ArrayList<>();
        for (MigrationInfo info : info().all()) {
            migrations.add(new Migration(
                    info.getVersion() == null ? "" : info.getVersion().toString(),
                    info.getDescription(),
                    info.getState().getDisplayName(),
                    info.getState().isApplied(),
                    info.getInstalledOn() == null ? null : info.getInstalledOn().toInstant()));
        }
        return migrations;
    }

    private MigrationInfoService info() {
        try {
            return flyway.info();
        } catch (RuntimeException e) {
            throw new StoreException("could not read the schema history", e);
        }
    }

    /** Flyway, configured for Parley's migrations of a dialect and its history table. */
    static Flyway flyway(DataSource dataSource, Dialect dialect) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(dialect.migrations())
                .table(HISTORY_TABLE)
                .baselineOnMigrate(false)
                .load();
    }

    static Dialect dialectOf(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return Dialect.of(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new StoreException("could not connect to the database", e);
        }
    }

    /**
     * One migration of the schema.
     *
     * @param version     its version, such as {@code 1}
     * @param description what it does, from its file name
     * @param state       Flyway's word for its state, such as {@code Success} or {@code Pending}
     * @param applied     whether it has been applied to the database
     * @param installedOn when it was applied, or null if it was not
     */
    public record Migration(String version, String description, String state, boolean applied, Instant installedOn) {
    }
}
