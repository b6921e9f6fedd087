package dev.parley.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.api.StoreException;
import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.ChatEngine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Registration through the real engine on H2: a user and their credentials are stored in one
 * transaction, so a failure while storing the credentials leaves no user row behind.
 */
class AtomicRegistrationTest {

    private static final String PASSWORD = "correct horse battery";

    private final String url = "jdbc:h2:mem:atomic-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    private void sql(String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    private long usersNamed(String username) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM users WHERE username = '" + username + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    @DisplayName("when storing the credentials fails, registering stores no user, and the name stays free")
    void credentialsFailure() throws SQLException {
        JdbcChatStore store = JdbcChatStore.builder().url(url).build();
        try (ChatEngine engine = ChatEngine.builder().store(store)
                .passwordHasher(new Argon2idPasswordHasher(1024, 1, 1)).build().start()) {
            // From now on the database refuses every credentials row, as it would fail a write when it
            // closes or loses its disk between the user's row and the credentials' row.
            sql("ALTER TABLE credentials ADD CONSTRAINT refuse_every_hash CHECK (password_hash = 'none')");

            assertThatThrownBy(() -> engine.users().register("erin", "Erin", PASSWORD))
                    .isInstanceOf(StoreException.class);

            assertThat(usersNamed("erin")).as("user rows named erin").isZero();
            assertThat(engine.users().findByUsername("erin")).isEmpty();

            sql("ALTER TABLE credentials DROP CONSTRAINT refuse_every_hash");
            engine.users().register("erin", "Erin", PASSWORD);
            assertThat(engine.auth().loginWithPassword("erin", PASSWORD).user().username()).isEqualTo("erin");
        }
    }
}
