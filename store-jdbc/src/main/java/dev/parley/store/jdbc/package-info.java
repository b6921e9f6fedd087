/**
 * The JDBC store: {@link dev.parley.store.jdbc.JdbcChatStore} on H2 2.x and MySQL 8 / MariaDB
 * 10.11+, with Jdbi 3, Flyway migrations, a HikariCP pool and Caffeine caches, and
 * {@link dev.parley.store.jdbc.JdbcBlobStore} for attachments in the same database. Every public
 * class is thread-safe except the builder.
 */
package dev.parley.store.jdbc;
