package dev.parley.store.jdbc;

import java.nio.file.Path;
import java.util.UUID;

/**
 * The three databases the tests run on. H2 in memory and H2 in a file under {@code target/}, and a
 * database of this test run on MariaDB, which {@link TestMariaDb} creates and drops (root on
 * 127.0.0.1:3306 unless {@code PARLEY_TEST_MYSQL_URL} says otherwise). A test on MariaDB that cannot
 * connect fails; it is never skipped.
 */
final class TestDatabases {

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

    /** A store on an H2 database in memory that no other test uses. */
    static JdbcChatStore freshH2Memory() {
        return JdbcChatStore.builder().url("jdbc:h2:mem:fresh-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1").build();
    }

    /** A store on a new, empty MariaDB database, so that the store's start migrates an empty schema. */
    static JdbcChatStore freshMariaDb() {
        return JdbcChatStore.builder().url(TestMariaDb.freshUrl()).build();
    }

    static JdbcChatStoreBuilder mariaDbBuilder() {
        return JdbcChatStore.builder()
                .url(TestMariaDb.url())
                .maximumPoolSize(8);
    }
}
