package dev.parley.store.jdbc;

import java.nio.file.Path;

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

    static JdbcChatStoreBuilder mariaDbBuilder() {
        return JdbcChatStore.builder()
                .url(MARIADB_URL)
                .user(MARIADB_USER)
                .password(MARIADB_PASSWORD)
                .maximumPoolSize(8);
    }
}
