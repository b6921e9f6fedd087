package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A database of its own on the MariaDB that {@code PARLEY_TEST_MYSQL_URL} reaches (root on 127.0.0.1 by
 * default), created with a random name and dropped on close, so that runs never share state.
 */
final class FreshMariaDb implements AutoCloseable {

    private final String admin;
    private final String name;

    FreshMariaDb(String prefix) throws SQLException {
        admin = setting("PARLEY_TEST_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/?user=root");
        name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(admin); Statement sql = connection.createStatement()) {
            sql.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
    }

    static String setting(String name, String fallback) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The JDBC URL of the database, for {@code --db}. */
    String url() {
        return admin.replaceFirst("/\\?", "/" + name + "?");
    }

    /** Seq to clientMsgId of a conversation's messages, as the database holds them; fails on a seq held twice. */
    Map<Long, String> messages(long conversation) throws SQLException {
        Map<Long, String> stored = new TreeMap<>();
        try (Connection db = DriverManager.getConnection(url());
             PreparedStatement query = db.prepareStatement(
                     "SELECT seq, client_msg_id FROM messages WHERE conversation_id = ? ORDER BY seq")) {
            query.setLong(1, conversation);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String earlier = stored.put(rows.getLong(1), rows.getString(2));
                    assertThat(earlier).as("seq " + rows.getLong(1) + " stored once").isNull();
                }
            }
        }
        return stored;
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = DriverManager.getConnection(admin); Statement sql = connection.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + name);
        }
    }
}
