package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where option values come from: a flag wins over the environment, which wins over the config file. */
class ConfigDefaultsTest {

    private static ServerCommand parse(Map<String, String> environment, String... args) {
        CommandLine commandLine = new CommandLine(new Parley());
        commandLine.setDefaultValueProvider(new ConfigDefaults(ConfigDefaults.configFile(args, environment), environment));
        CommandLine.ParseResult result = commandLine.parseArgs(args);
        return (ServerCommand) result.subcommand().commandSpec().userObject();
    }

    @Test
    @DisplayName("flags win over the environment, which wins over the file, which wins over the defaults")
    void precedence(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("parley.properties");
        Files.writeString(config, "port=7001\ntcp-port=7002\ndb=jdbc:h2:mem:from-file\nhost=127.0.0.9\n");

        ServerCommand fromFile = parse(Map.of(), "--config", config.toString(), "server");
        assertThat(fromFile.listeners.port).isEqualTo(7001);
        assertThat(fromFile.listeners.tcpPort).isEqualTo(7002);
        assertThat(fromFile.database.url).isEqualTo("jdbc:h2:mem:from-file");

        ServerCommand fromEnvironment = parse(Map.of("PARLEY_PORT", "7101", "PARLEY_DB", "jdbc:h2:mem:from-env"),
                "--config", config.toString(), "server");
        assertThat(fromEnvironment.listeners.port).isEqualTo(7101);
        assertThat(fromEnvironment.listeners.tcpPort).isEqualTo(7002);
        assertThat(fromEnvironment.database.url).isEqualTo("jdbc:h2:mem:from-env");

        ServerCommand fromFlag = parse(Map.of("PARLEY_PORT", "7101"), "--config", config.toString(), "server",
                "--port", "7201");
        assertThat(fromFlag.listeners.port).isEqualTo(7201);
        assertThat(fromFlag.listeners.host).isEqualTo("127.0.0.9");

        ServerCommand changeLog = parse(Map.of("PARLEY_CHANGE_LOG_KEEP", "250", "PARLEY_CHANGE_LOG_COMPACT_EVERY", "5m"),
                "server");
        assertThat(changeLog.limits.changeLogRetention())
                .isEqualTo(new dev.parley.core.ChangeLogRetention(java.time.Duration.ofMinutes(5), 250));

        ServerCommand defaults = parse(Map.of(), "server");
        assertThat(defaults.listeners.port).isEqualTo(8080);
        assertThat(defaults.listeners.tcpPort).isEqualTo(9090);
        assertThat(defaults.database.urlOrDefault()).isEqualTo("jdbc:h2:file:./data/parley");
    }

    @Test
    @DisplayName("passwords are never taken from the config file")
    void noSecretsFromFiles(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("parley.properties");
        Files.writeString(config, "admin-password=in-a-file\ndb-password=in-a-file\n");
        ServerCommand command = parse(Map.of(), "--config", config.toString(), "server");
        assertThat(command.adminPassword).isNull();
        assertThat(command.database.password).isNull();
        ServerCommand fromEnvironment = parse(Map.of("PARLEY_ADMIN_PASSWORD", "from-env"), "server");
        assertThat(fromEnvironment.adminPassword).isEqualTo("from-env");
    }

    @Test
    @DisplayName("the shipped example config file parses")
    void exampleFile() {
        Path example = Path.of("..", "parley.example.properties");
        ServerCommand command = parse(Map.of(), "--config", example.toString(), "server");
        assertThat(command.listeners.port).isEqualTo(8080);
        assertThat(command.database.url).isEqualTo("jdbc:h2:file:./data/parley");
    }

    @Test
    @DisplayName("a config key that no parley option has, such as a typo, is an error that names it")
    void unknownKey(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("parley.properties");
        Files.writeString(config, "port=7001\nsend-rte=5\n");
        java.io.StringWriter err = new java.io.StringWriter();
        int status = Parley.run(new String[] {"--config", config.toString(), "server", "--help"},
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err, true), Map.of());
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("unknown key 'send-rte'").contains(config.toString());
    }

    @Test
    @DisplayName("a secret in the config file is an error that says which variable to set instead")
    void secretInFile(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("parley.properties");
        Files.writeString(config, "tls-keystore-password=in-a-file\n");
        java.io.StringWriter err = new java.io.StringWriter();
        int status = Parley.run(new String[] {"--config", config.toString(), "server", "--help"},
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err, true), Map.of());
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("PARLEY_TLS_KEYSTORE_PASSWORD");
    }

    @Test
    @DisplayName("every key of the example config file is an option, and its limits are read from it")
    void exampleKeysAreKnown(@TempDir Path dir) throws IOException {
        Path example = Path.of("..", "parley.example.properties");
        CommandLine commandLine = new CommandLine(new Parley());
        new ConfigDefaults(example, Map.of()).checkKeys(commandLine);
        Path config = dir.resolve("limits.properties");
        Files.writeString(config, "send-rate=7\nws-idle-timeout=5s\nmax-pending-requests=9\n");
        ServerCommand command = parse(Map.of("PARLEY_SEND_BURST", "3"), "--config", config.toString(), "server");
        assertThat(command.limits.rateLimits().sendsPerSecond()).isEqualTo(7);
        assertThat(command.limits.rateLimits().sendBurst()).isEqualTo(3);
        assertThat(command.limits.wsIdleTimeout).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(command.limits.chatLimits().maxPendingRequests()).isEqualTo(9);
    }

    @Test
    @DisplayName("the example config file shows every limit option, and each key it shows commented out is an option")
    void exampleListsEveryLimit() throws IOException {
        java.util.List<String> lines = Files.readAllLines(Path.of("..", "parley.example.properties"));
        java.util.Set<String> shown = new java.util.TreeSet<>();
        java.util.regex.Pattern key = java.util.regex.Pattern.compile("^#?([a-z0-9-]+)=.*");
        for (String line : lines) {
            java.util.regex.Matcher matcher = key.matcher(line);
            if (matcher.matches()) {
                shown.add(matcher.group(1));
            }
        }
        CommandLine server = new CommandLine(new Parley()).getSubcommands().get("server");
        java.util.Set<String> serverOptions = new java.util.TreeSet<>();
        server.getCommandSpec().options().forEach(option -> serverOptions.add(option.longestName().substring(2)));
        java.util.Set<String> limitOptions = new java.util.TreeSet<>();
        new CommandLine(new LimitHolder()).getCommandSpec().options()
                .forEach(option -> limitOptions.add(option.longestName().substring(2)));
        assertThat(shown).containsAll(limitOptions);
        java.util.Set<String> adminKeys = java.util.Set.of("server", "admin");
        assertThat(shown.stream().filter(k -> !adminKeys.contains(k))).allMatch(serverOptions::contains);
    }

    /** Only the limit options, to list them. */
    @picocli.CommandLine.Command(name = "limits")
    static final class LimitHolder {
        @picocli.CommandLine.Mixin
        LimitOptions limits;
    }
}
