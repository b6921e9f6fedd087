package dev.parley.store.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The three databases the tests run on. H2 in memory and H2 in a file under {@code target/}, and the
 * MariaDB that .ci/run prepares on 127.0.0.1:3306 (database {@code parley_test}, user and password
 * {@code parley}). A test on MariaDB that cannot connect fails; it is never skipped.
 */
final class TestDatabases {

    static final String MARIADB_URL = "jdbc:mysql://127.0.0.1:3306/parley_test";
    static final String MARIADB_USER = "parley";
    static final String MARIADB_PASSWORD = "parley";

    /** The H2 file the kits share; kept between test classes, and between runs until {@code mvn clean}. */
    static final Path H2_FILE = Path.of("target", "h2", "parley-kit").toAbsolutePath();

    private TestDatabases() {
    }

    /** A store on an in-memory H2 database that lives as long as the test JVM. */
    static JdbcChatStore h2Memory() {
        return JdbcChatStore.builder().url("jdbc:h2:mem:parley-kit;DB_CLOSE_DELAY=-1").maximumPoolSize(8).build();
    }

    /** A store on the shared H2 file, configured for durability. */
    static JdbcChatStore h2File() {
        return JdbcChatStore.builder().h2File(H2_FILE).maximumPoolSize(8).build();
    }

    /** A store on the test MariaDB. */
    static JdbcChatStore mariaDb() {
        return mariaDbBuilder().build();
    }

    /** The MariaDB database of the backup tests, which they empty; .ci/run creates it beside parley_test. */
    static final String MARIADB_BACKUP_URL = "jdbc:mysql://127.0.0.1:3306/parley_backup_test";

    /** A store on an H2 database in memory that no other test uses. */
    static JdbcChatStore freshH2Memory() {
        return JdbcChatStore.builder().url("jdbc:h2:mem:fresh-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1").build();
    }

    /**
     * A store on the backup tests' MariaDB database, from which every table is dropped first, so that
     * the store's start migrates an empty schema. Only one such store is in use at a time.
     */
    static JdbcChatStore freshMariaDb() {
        try (Connection connection = DriverManager.getConnection(MARIADB_BACKUP_URL, MARIADB_USER, MARIADB_PASSWORD);
             Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            statement.execute("SET FOREIGN_KEY_CHECKS = 0");
            for (String table : tables) {
                statement.execute("DROP TABLE `" + table + "`");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty " + MARIADB_BACKUP_URL + "; run .ci/run once", e);
        }
        return JdbcChatStore.builder().url(MARIADB_BACKUP_URL).user(MARIADB_USER).password(MARIADB_PASSWORD).build();
    }

    static JdbcChatStoreBuilder mariaDbBuilder() {
        return JdbcChatStore.builder()
                .url(MARIADB_URL)
                .user(MARIADB_USER)
                .password(MARIADB_PASSWORD)
                .maximumPoolSize(8);
    }
}
