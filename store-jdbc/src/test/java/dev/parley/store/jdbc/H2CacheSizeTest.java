package dev.parley.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The H2 page cache the store asks for: 8 MB unless the URL sets {@code CACHE_SIZE}, read back from
 * the open database through a second connection to the same file.
 */
class H2CacheSizeTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("an H2 file opened by the store has an 8 MB page cache")
    void defaultCache() throws Exception {
        Path file = dir.resolve("cache-default");
        try (JdbcChatStore store = JdbcChatStore.builder().h2File(file).build()) {
            store.start();
            assertThat(cacheSizeKb(file)).isEqualTo(8192);
        }
    }

    @Test
    @DisplayName("a CACHE_SIZE in the URL wins over the store's default, whatever its case")
    void urlWins() throws Exception {
        Path file = dir.resolve("cache-url");
        String url = "jdbc:h2:file:" + file.toAbsolutePath() + ";WRITE_DELAY=0;cache_size=20480";
        try (JdbcChatStore store = JdbcChatStore.builder().url(url).build()) {
            store.start();
            assertThat(cacheSizeKb(file)).isEqualTo(20480);
        }
    }

    private static int cacheSizeKb(Path file) throws Exception {
        // Same JVM, same file: H2 hands this connection the database the store opened.
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + file.toAbsolutePath(), "", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'CACHE_SIZE'")) {
            assertThat(rs.next()).as("H2 reports its CACHE_SIZE").isTrue();
            return Integer.parseInt(rs.getString(1));
        }
    }
}
