package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.PushSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where push settings come from: flag, then PARLEY_PUSH_<ID>_<KEY>, then push.<id>.<key> in the file. */
class PushOptionsTest {

    private static ServerCommand parse(ConfigDefaults defaults, String... args) {
        CommandLine commandLine = new CommandLine(new Parley());
        commandLine.setDefaultValueProvider(defaults);
        defaults.checkKeys(commandLine);
        return (ServerCommand) commandLine.parseArgs(args).subcommand().commandSpec().userObject();
    }

    @Test
    @DisplayName("the defaults are the library's")
    void defaults() {
        ServerCommand server = parse(new ConfigDefaults(null, Map.of()), "server");
        assertThat(server.push.pushSettings()).isEqualTo(PushSettings.defaults());
    }

    @Test
    @DisplayName("a provider's settings merge the flag, the environment and the file, in that order")
    void precedence(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("parley.properties"),
                "push.apns.topic=from.file\npush.apns.server=development\npush.webhook.url=https://file.example/x\n"
                        + "push-attempts=7\n");
        ConfigDefaults defaults = new ConfigDefaults(config, Map.of("PARLEY_PUSH_APNS_SERVER", "127.0.0.1:2197",
                "PARLEY_PUSH_APNS_KEY_FILE", "/keys/a.p8", "PARLEY_PUSH_GENERIC_TEXT", "Neu"));
        ServerCommand server = parse(defaults, "--config", config.toString(), "server", "--push-setting", "apns.topic=from.flag");

        Map<String, Map<String, String>> settings = server.push.providerSettings(defaults, Set.of("apns", "webhook"));
        assertThat(settings.get("apns")).containsExactlyInAnyOrderEntriesOf(Map.of("topic", "from.flag",
                "server", "127.0.0.1:2197", "key-file", "/keys/a.p8"));
        assertThat(settings.get("webhook")).containsExactlyEntriesOf(Map.of("url", "https://file.example/x"));
        assertThat(settings).doesNotContainKey("generic");
        assertThat(server.push.pushSettings().genericText()).isEqualTo("Neu");
        assertThat(server.push.pushSettings().maxAttempts()).isEqualTo(7);
        assertThat(server.push.pushSettings().initialBackoff()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    @DisplayName("a secret of a provider in the config file is refused, naming the variable to use")
    void secretInFile(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("parley.properties"), "push.webhook.secret=hunter2hunter2hunter2\n");
        assertThatThrownBy(() -> parse(new ConfigDefaults(config, Map.of()), "--config", config.toString(), "server"))
                .isInstanceOf(CliException.class).hasMessageContaining("PARLEY_PUSH_WEBHOOK_SECRET");
    }

    @Test
    @DisplayName("a push key without a provider, or a flag without a dot, is refused")
    void malformed(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("parley.properties"), "push.topic=x\n");
        assertThatThrownBy(() -> parse(new ConfigDefaults(config, Map.of()), "--config", config.toString(), "server"))
                .isInstanceOf(CliException.class).hasMessageContaining("push.<provider id>.<setting>");
        ConfigDefaults none = new ConfigDefaults(null, Map.of());
        ServerCommand server = parse(none, "server", "--push-setting", "topic=x");
        assertThatThrownBy(() -> server.push.providerSettings(none, Set.of()))
                .isInstanceOf(CliException.class).hasMessageContaining("<provider id>.<setting>");
    }
}
