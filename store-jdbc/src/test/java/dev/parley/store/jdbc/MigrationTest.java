package dev.parley.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.api.NewUser;
import dev.parley.api.Role;
import dev.parley.api.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MigrationTest {

    @Test
    @DisplayName("with migrateOnStart(false) the schema is left alone until migrate() runs, and migrating again changes nothing")
    void explicitMigration() {
        String url = "jdbc:h2:mem:migrate-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        JdbcChatStore store = JdbcChatStore.builder().url(url).migrateOnStart(false).build();
        store.start();
        try {
            NewUser ann = new NewUser("ann", "Ann", Set.of(Role.USER), Instant.parse("2030-01-01T00:00:00Z"));
            assertThatThrownBy(() -> store.users().create(ann)).isInstanceOf(StoreException.class);

            store.migrate();
            store.migrate();

            assertThat(store.users().create(ann).username()).isEqualTo("ann");
        } finally {
            store.close();
        }
    }

    @Test
    @DisplayName("on MariaDB every table is utf8mb4 with the binary collation, and every text column too")
    void mariaDbIsUtf8mb4Binary() throws Exception {
        JdbcChatStore store = TestDatabases.mariaDb();
        store.start();
        try (Connection connection = store.dataSource().getConnection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = connection.createStatement().executeQuery(
                    "SELECT table_name, table_collation FROM information_schema.tables "
                            + "WHERE table_schema = DATABASE() AND table_name <> 'parley_schema_history'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                    assertThat(rs.getString(2)).as(rs.getString(1)).isEqualTo("utf8mb4_bin");
                }
            }
            assertThat(tables).contains("users", "messages", "reactions", "conversations", "members", "devices",
                    "session_tokens", "credentials", "user_roles", "friendships", "blocks", "cursors", "blobs", "invitations");
            try (ResultSet rs = connection.createStatement().executeQuery(
                    "SELECT table_name, column_name, character_set_name, collation_name FROM information_schema.columns "
                            + "WHERE table_schema = DATABASE() AND character_set_name IS NOT NULL "
                            + "AND table_name <> 'parley_schema_history'")) {
                while (rs.next()) {
                    String column = rs.getString(1) + "." + rs.getString(2);
                    assertThat(rs.getString(3)).as(column).isEqualTo("utf8mb4");
                    assertThat(rs.getString(4)).as(column).isEqualTo("utf8mb4_bin");
                }
            }
        } finally {
            store.close();
        }
    }
}
