package dev.parley.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The test databases on MariaDB: made by the tests themselves, dropped when the test JVM exits. */
class TestMariaDbTest {

    @Test
    @DisplayName("a database URL keeps the admin URL's host, account and settings and names the database")
    void databaseUrl() {
        assertThat(TestMariaDb.databaseUrl("jdbc:mysql://127.0.0.1:3306/?user=root", "parley_test_x"))
                .isEqualTo("jdbc:mysql://127.0.0.1:3306/parley_test_x?user=root");
        assertThat(TestMariaDb.databaseUrl("jdbc:mysql://admin:s3cret@db.example:3307/mysql?useSSL=false", "d"))
                .isEqualTo("jdbc:mysql://admin:s3cret@db.example:3307/d?useSSL=false");
        assertThat(TestMariaDb.databaseUrl("jdbc:mysql://localhost", "d")).isEqualTo("jdbc:mysql://localhost/d");
    }

    @Test
    @DisplayName("a server that is not listening fails with one line that says what to start or set")
    void unreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> TestMariaDb.connect("jdbc:mysql://127.0.0.1:" + closedPort + "/?user=root",
                "from PARLEY_TEST_MYSQL_URL"))
                .hasMessage("MariaDB not reachable at 127.0.0.1:" + closedPort + " (from PARLEY_TEST_MYSQL_URL): "
                        + "start it with `start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd` "
                        + "or set PARLEY_TEST_MYSQL_URL to a JDBC URL of a server and an account that may create "
                        + "databases")
                .hasNoCause();
    }

    @Test
    @DisplayName("an account the server refuses fails with one line that names the server and the variable, not the password")
    void refused() {
        assertThatThrownBy(() -> TestMariaDb.connect(
                "jdbc:mysql://127.0.0.1:3306/?user=parley_no_such_user&password=wrong", "from PARLEY_TEST_MYSQL_URL"))
                .hasMessageStartingWith("MariaDB at 127.0.0.1:3306 refused the account of from PARLEY_TEST_MYSQL_URL")
                .hasMessageContaining("set PARLEY_TEST_MYSQL_URL to a JDBC URL with an account that may create databases")
                .hasMessageNotContaining("wrong")
                .hasNoCause();
    }

    @Test
    @DisplayName("the database a test JVM creates is there while it runs and gone after it exits")
    void droppedWhenTheJvmExits() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OneRun.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).as("the child's database and its existence while it ran").matches("parley_test_\\w+ 1");
        String database = output.split(" ")[0];

        assertThat(databaseExists(database)).as(database).isFalse();
    }

    private static boolean databaseExists(String database) throws Exception {
        try (Connection connection = TestMariaDb.connect(TestMariaDb.adminUrl(), TestMariaDb.source());
             PreparedStatement query = connection.prepareStatement(
                     "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ?")) {
            query.setString(1, database);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    /** A test run in miniature: it uses its database, prints its name and whether it exists, and exits. */
    static final class OneRun {
        public static void main(String[] args) throws Exception {
            String url = TestMariaDb.url();
            String path = url.substring(url.indexOf('/', url.indexOf("//") + 2) + 1);
            String database = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            try (JdbcChatStore store = JdbcChatStore.builder().url(url).build()) {
                store.start();
            }
            System.out.println(database + " " + (databaseExists(database) ? 1 : 0));
        }
    }
}
