package dev.parley.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * The MariaDB (or MySQL) server the tests run on, and the databases they make there for themselves.
 *
 * <p>The server is reached through an admin JDBC URL, an account that may create and drop databases:
 * the environment variable (or system property) {@value #URL_VARIABLE}, by default
 * {@value #DEFAULT_ADMIN_URL}, which is root without a password on 127.0.0.1:3306. A test JVM creates
 * its own database on first use, named {@code parley_test_} and a random suffix, so that test runs
 * side by side do not meet, and drops it, with every other database it created, when the JVM exits.
 * A server that cannot be reached, or that refuses the account, fails the test with one line that
 * says what to start or set; a MariaDB test is never skipped.
 */
final class TestMariaDb {

    /** The environment variable, or system property, that overrides the admin URL. */
    static final String URL_VARIABLE = "PARLEY_TEST_MYSQL_URL";

    /** The admin URL when {@value #URL_VARIABLE} is not set: root, no password, 127.0.0.1:3306. */
    static final String DEFAULT_ADMIN_URL = "jdbc:mysql://127.0.0.1:3306/?user=root";

    private static final String START_HINT = "start it with `start-stop-daemon --start --oknodo --background "
            + "--exec /usr/sbin/mariadbd` or set " + URL_VARIABLE + " to a JDBC URL of a server and an account "
            + "that may create databases";

    /** Common to the names of every database of this JVM. */
    private static final String RUN_PREFIX = "parley_test_" + UUID.randomUUID().toString().replace("-", "")
            .substring(0, 12);

    private static final List<String> CREATED = new ArrayList<>();
    private static String runDatabase;
    private static String failure;
    private static int freshCount;
    private static boolean dropOnExit;

    private TestMariaDb() {
    }

    /**
     * The URL of this JVM's database, created on the first call; it carries the admin account, so a
     * store built on it needs no user or password.
     */
    static synchronized String url() {
        if (runDatabase == null) {
            runDatabase = create(RUN_PREFIX);
        }
        return databaseUrl(adminUrl(), runDatabase);
    }

    /** The URL of a new, empty database, for a test that needs a schema nobody else has touched. */
    static synchronized String freshUrl() {
        return databaseUrl(adminUrl(), create(RUN_PREFIX + "_" + ++freshCount));
    }

    /** The admin URL in use: {@value #URL_VARIABLE} from the system properties or the environment, or the default. */
    static String adminUrl() {
        String url = System.getProperty(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            url = System.getenv(URL_VARIABLE);
        }
        return url == null || url.isBlank() ? DEFAULT_ADMIN_URL : url.strip();
    }

    /**
     * The admin URL with its path replaced by {@code database}, its query (user, password, driver
     * settings) kept: {@code jdbc:mysql://h:3306/?user=root} becomes {@code jdbc:mysql://h:3306/db?user=root}.
     */
    static String databaseUrl(String adminUrl, String database) {
        int authority = adminUrl.indexOf("//");
        if (!adminUrl.startsWith("jdbc:") || authority < 0) {
            throw new IllegalStateException(URL_VARIABLE + " must be a JDBC URL such as " + DEFAULT_ADMIN_URL
                    + " but was " + redacted(adminUrl));
        }
        int end = authority + 2;
        while (end < adminUrl.length() && adminUrl.charAt(end) != '/' && adminUrl.charAt(end) != '?') {
            end++;
        }
        int query = adminUrl.indexOf('?', end);
        return adminUrl.substring(0, end) + "/" + database + (query < 0 ? "" : adminUrl.substring(query));
    }

    private static String create(String database) {
        try (Connection connection = admin(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE `" + database
                    + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + database + " on "
                    + hostAndPort(adminUrl()) + ": " + e.getMessage(), e);
        }
        CREATED.add(database);
        if (!dropOnExit) {
            dropOnExit = true;
            Runtime.getRuntime().addShutdownHook(new Thread(TestMariaDb::dropAll, "drop-test-databases"));
        }
        return database;
    }

    /** A connection with the admin account, or the one line that says why there is none, once found. */
    private static Connection admin() {
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        try {
            return connect(adminUrl(), source());
        } catch (UnreachableException e) {
            failure = e.getMessage();
            throw e;
        }
    }

    /**
     * Opens {@code url}, or fails with one line that says what to start or set; {@code source} says
     * where the URL came from.
     */
    static Connection connect(String url, String source) {
        Properties properties = new Properties();
        // A server that is down should fail the first test within seconds, not after the driver's minutes.
        properties.setProperty("connectTimeout", "5000");
        try {
            return DriverManager.getConnection(url, properties);
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.startsWith("08")) {
                throw new UnreachableException("MariaDB not reachable at " + hostAndPort(url) + " (" + source + "): "
                        + START_HINT);
            }
            if (state.startsWith("28")) {
                throw new UnreachableException("MariaDB at " + hostAndPort(url) + " refused the account of " + source
                        + " (" + e.getMessage() + "): set " + URL_VARIABLE
                        + " to a JDBC URL with an account that may create databases, such as "
                        + "jdbc:mysql://127.0.0.1:3306/?user=root&password=secret");
            }
            throw new IllegalStateException("cannot open " + redacted(url) + " (" + source + "): "
                    + e.getMessage(), e);
        }
    }

    /** The server cannot be used with the URL given; the message is the whole story, so no cause is kept. */
    static final class UnreachableException extends IllegalStateException {
        UnreachableException(String message) {
            super(message);
        }
    }

    /** Drops every database this JVM created, when it exits; a store left open holds no lock that stops it. */
    private static synchronized void dropAll() {
        if (CREATED.isEmpty()) {
            return;
        }
        try (Connection connection = admin(); Statement statement = connection.createStatement()) {
            // A transaction left open by a test would otherwise hold the drop for the server's default year.
            statement.execute("SET SESSION lock_wait_timeout = 10");
            for (String database : CREATED) {
                statement.execute("DROP DATABASE IF EXISTS `" + database + "`");
            }
        } catch (SQLException | IllegalStateException e) {
            System.err.println("could not drop the test databases " + CREATED + " on " + hostAndPort(adminUrl())
                    + ": " + e.getMessage());
        }
    }

    /** Where {@link #adminUrl()} came from, for messages. */
    static String source() {
        return adminUrl().equals(DEFAULT_ADMIN_URL) ? "the default, " + DEFAULT_ADMIN_URL : "from " + URL_VARIABLE;
    }

    /** Host and port of a JDBC URL, without the user and password it may carry. */
    private static String hostAndPort(String url) {
        int start = url.indexOf("//");
        if (start < 0) {
            return redacted(url);
        }
        int end = start + 2;
        while (end < url.length() && url.charAt(end) != '/' && url.charAt(end) != '?') {
            end++;
        }
        String authority = url.substring(start + 2, end);
        return authority.substring(authority.lastIndexOf('@') + 1);
    }

    private static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("//[^/@?]*@", "//***@");
    }
}
