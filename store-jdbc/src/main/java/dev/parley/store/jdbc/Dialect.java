package dev.parley.store.jdbc;

/**
 * The database products the store speaks to. The SQL is the same for all of them except the schema,
 * which Flyway reads from a folder per dialect. Immutable.
 */
enum Dialect {

    /** H2 2.x, in memory or in a file. */
    H2("classpath:db/migration/h2"),

    /** MySQL 8 and MariaDB 10.11+, through MySQL Connector/J. */
    MYSQL("classpath:db/migration/mysql");

    private final String migrations;

    Dialect(String migrations) {
        this.migrations = migrations;
    }

    /** The Flyway location of this dialect's migrations. */
    String migrations() {
        return migrations;
    }

    /** The dialect of a database, from its JDBC product name. */
    static Dialect of(String productName) {
        String name = productName.toLowerCase(java.util.Locale.ROOT);
        if (name.contains("h2")) {
            return H2;
        }
        if (name.contains("mysql") || name.contains("mariadb")) {
            return MYSQL;
        }
        throw new IllegalArgumentException("store-jdbc supports H2, MySQL and MariaDB, not " + productName);
    }
}
