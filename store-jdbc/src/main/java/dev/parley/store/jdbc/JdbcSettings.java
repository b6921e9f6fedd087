package dev.parley.store.jdbc;

import java.time.Duration;
import javax.sql.DataSource;

/**
 * What {@link JdbcChatStoreBuilder} collected and checked: where the database is, and how the store
 * uses it. Exactly one of {@code dataSource} and {@code url} is set. Immutable.
 */
record JdbcSettings(DataSource dataSource, String url, String user, String password, int maximumPoolSize,
                    boolean migrateOnStart, Duration cacheExpiry, long cacheMaximumSize) {
}
