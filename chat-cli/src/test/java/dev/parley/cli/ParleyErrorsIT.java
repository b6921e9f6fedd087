package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Mistakes get one line that says what is wrong, a non-zero exit code, and no stack trace. */
class ParleyErrorsIT {

    private static void assertOneLineError(ParleyProcess run, int exitCode, String text) throws Exception {
        assertThat(run.exitCode()).isEqualTo(exitCode);
        List<String> problems = run.err().stream().filter(l -> l.startsWith("parley:")).toList();
        assertThat(problems).singleElement().asString().contains(text);
        assertThat(run.err()).noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception"));
    }

    @Test
    @DisplayName("a bad flag")
    void badFlag() throws Exception {
        assertOneLineError(ParleyProcess.run(Map.of(), "users", "list", "--bogus"), 2, "Unknown option: '--bogus'");
    }

    @Test
    @DisplayName("a port in use")
    void portInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            assertOneLineError(ParleyProcess.run(Map.of(), "server", "--host", "127.0.0.1", "--port",
                    Integer.toString(taken.getLocalPort()), "--no-tcp", "--db", "jdbc:h2:mem:port-test"), 1,
                    "port " + taken.getLocalPort() + " is already in use");
            assertOneLineError(ParleyProcess.run(Map.of(), "server", "--host", "127.0.0.1", "--port",
                    Integer.toString(ParleyProcess.freePort()), "--tcp-port", Integer.toString(taken.getLocalPort()),
                    "--db", "jdbc:h2:mem:port-test-2"), 1, "port " + taken.getLocalPort() + " is already in use");
        }
    }

    @Test
    @DisplayName("an unreachable database")
    void unreachableDatabase() throws Exception {
        int closedPort = ParleyProcess.freePort();
        assertOneLineError(ParleyProcess.run(Map.of(), "users", "list", "--db",
                "jdbc:mysql://127.0.0.1:" + closedPort + "/parley?connectTimeout=2000"), 1,
                "cannot reach the database server at 127.0.0.1:" + closedPort);
    }

    @Test
    @DisplayName("a wrong admin password, an unknown user, and -v showing the stack trace")
    void againstAServer() throws Exception {
        int port = ParleyProcess.freePort();
        String server = "ws://127.0.0.1:" + port + "/chat";
        try (ParleyProcess running = ParleyProcess.start(Map.of("PARLEY_ADMIN_PASSWORD", "the-right-one"), "server",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--no-tcp", "--db", "jdbc:h2:mem:errors-test")) {
            running.awaitOutput("Parley server ready");
            assertOneLineError(ParleyProcess.run(Map.of("PARLEY_ADMIN_PASSWORD", "a-wrong-one"), "users", "list",
                    "--server", server), 1, "wrong username or password");
            assertOneLineError(ParleyProcess.run(Map.of("PARLEY_ADMIN_PASSWORD", "the-right-one"), "users", "show",
                    "nobody", "--server", server), 1, "no such user");
            ParleyProcess verbose = ParleyProcess.run(Map.of("PARLEY_ADMIN_PASSWORD", "the-right-one"), "-v", "users",
                    "show", "nobody", "--server", server);
            assertThat(verbose.exitCode()).isEqualTo(1);
            assertThat(verbose.err()).anyMatch(l -> l.startsWith("\tat "));
            running.stop();
        }
    }

    @Test
    @DisplayName("--version and --help answer without a server")
    void versionAndHelp() throws Exception {
        ParleyProcess version = ParleyProcess.run(Map.of(), "--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).anyMatch(l -> l.startsWith("parley "));
        ParleyProcess completion = ParleyProcess.run(Map.of(), "generate-completion");
        assertThat(String.join("\n", completion.out())).contains("complete -F");
        Process launcher = new ProcessBuilder("sh", java.nio.file.Path.of("..", "parley").toString(), "--version")
                .redirectErrorStream(true).start();
        String launched = new String(launcher.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(launcher.waitFor()).as(launched).isZero();
        assertThat(launched).startsWith("parley ");
        ParleyProcess help = ParleyProcess.run(Map.of(), "tail", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(String.join("\n", help.out())).contains("Examples:").contains("--follow");
    }
}
