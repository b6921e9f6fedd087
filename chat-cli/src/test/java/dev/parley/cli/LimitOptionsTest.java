package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.ChatLimits;
import dev.parley.core.RateLimits;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The limit options: their defaults are the library's, and bad values are refused naming the option. */
class LimitOptionsTest {

    private static LimitOptions parse(String... args) {
        return parseWith(Map.of(), args);
    }

    private static LimitOptions parseWith(Map<String, String> environment, String... args) {
        CommandLine commandLine = new CommandLine(new Parley());
        commandLine.setDefaultValueProvider(new ConfigDefaults(null, environment));
        String[] all = new String[args.length + 1];
        all[0] = "server";
        System.arraycopy(args, 0, all, 1, args.length);
        return ((ServerCommand) commandLine.parseArgs(all).subcommand().commandSpec().userObject()).limits;
    }

    @Test
    @DisplayName("without options, the limits are exactly the engine's and the transports' defaults")
    void defaultsAreTheLibrarys() {
        LimitOptions limits = parse();
        assertThat(limits.chatLimits()).isEqualTo(ChatLimits.defaults());
        assertThat(limits.rateLimits()).isEqualTo(RateLimits.defaults());
        assertThat(limits.attachmentTypes()).isEqualTo(dev.parley.core.AttachmentTypes.defaults());
        assertThat(limits.changeLogRetention()).isEqualTo(dev.parley.core.ChangeLogRetention.DEFAULT);
        assertThat(limits.wsIdleTimeout).isEqualTo(Duration.ofSeconds(60));
        assertThat(limits.tcpIdleTimeout).isEqualTo(Duration.ofSeconds(60));
        assertThat(limits.wsMaxQueuedFrames).isEqualTo(1024);
        assertThat(limits.tcpMaxQueuedBytes).isEqualTo(4 * 1024 * 1024);
        assertThat(limits.mqttMaxInflight).isEqualTo(1000);
        assertThat(new int[] {limits.argon2MemoryKib, limits.argon2Iterations, limits.argon2Parallelism})
                .containsExactly(19 * 1024, 2, 1);
    }

    @Test
    @DisplayName("durations read as 500ms, 30s, 5m, 2h, 30d or ISO-8601")
    void durations() {
        assertThat(parse("--token-ttl", "2h").chatLimits().tokenTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(parse("--login-refill", "PT1M").rateLimits().loginRefill()).isEqualTo(Duration.ofMinutes(1));
        assertThat(parse("--ws-idle-timeout", "500ms").wsIdleTimeout).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> parse("--token-ttl", "soon")).hasMessageContaining("not a duration");
        assertThat(parse("--change-log-compact-every", "10m", "--change-log-keep", "500").changeLogRetention())
                .isEqualTo(new dev.parley.core.ChangeLogRetention(Duration.ofMinutes(10), 500));
    }

    @Test
    @DisplayName("a value that is not positive is refused, naming the option")
    void notPositive() {
        assertThatThrownBy(() -> parse("--send-burst", "0").requirePositive())
                .isInstanceOf(CliException.class).hasMessageContaining("--send-burst must be positive");
        assertThatThrownBy(() -> parse("--tcp-idle-timeout", "0s").requirePositive())
                .isInstanceOf(CliException.class).hasMessageContaining("--tcp-idle-timeout");
    }

    @Test
    @DisplayName("--writer-commit-interval defaults to the engine's 2ms, takes 0ms, and refuses more than a second")
    void writerCommitInterval() {
        assertThat(parse().writerCommitInterval).isEqualTo(dev.parley.core.ChatEngineBuilder.DEFAULT_COMMIT_INTERVAL);
        LimitOptions zero = parse("--writer-commit-interval", "0ms");
        zero.requirePositive();
        zero.applyTo(dev.parley.core.ChatEngine.builder());
        assertThat(zero.writerCommitInterval).isZero();
        assertThatThrownBy(() -> parse("--writer-commit-interval", "2s").applyTo(dev.parley.core.ChatEngine.builder()))
                .isInstanceOf(CliException.class).hasMessageContaining("invalid limit: the commit interval");
    }

    @Test
    @DisplayName("a kind's attachment types replace its default list and leave the others alone")
    void attachmentTypes() {
        var types = parse("--image-types", "image/png,Image/WEBP").attachmentTypes();
        assertThat(types.typesFor(dev.parley.api.MessageKind.IMAGE)).containsExactlyInAnyOrder("image/png", "image/webp");
        assertThat(types.typesFor(dev.parley.api.MessageKind.VOICE))
                .isEqualTo(dev.parley.core.AttachmentTypes.allowed(dev.parley.api.MessageKind.VOICE));
    }

    @Test
    @DisplayName("the policies default to the engine's and read in lower case with dashes")
    void policies() {
        LimitOptions defaults = parse();
        assertThat(defaults.directMessages).isEqualTo(dev.parley.core.DirectMessagePolicy.FRIENDS);
        assertThat(defaults.groupInvites).isEqualTo(dev.parley.core.GroupInvitePolicy.FRIENDS_JOIN_OTHERS_INVITED);
        assertThat(parse("--direct-messages", "anyone").directMessages).isEqualTo(dev.parley.core.DirectMessagePolicy.ANYONE);
        assertThat(parse("--group-invites", "friends-only").groupInvites)
                .isEqualTo(dev.parley.core.GroupInvitePolicy.FRIENDS_ONLY);
        assertThatThrownBy(() -> parse("--group-invites", "everyone"))
                .hasMessageContaining("friends-join-others-invited, anyone-joins, friends-only");
    }

    @Test
    @DisplayName("reserved usernames replace the default set, and an empty value reserves none")
    void reservedUsernames() {
        assertThat(parse("--reserved-usernames", "admin,support").chatLimits().reservedUsernames())
                .containsExactlyInAnyOrder("admin", "support");
        assertThat(parse("--reserved-usernames", "").chatLimits().reservedUsernames()).isEmpty();
    }

    @Test
    @DisplayName("the per-address login budget and the upload limits have their documented defaults")
    void loginAndUploadDefaults() {
        LimitOptions limits = parse("--login-attempts-per-address", "7", "--login-address-refill", "1m");
        assertThat(limits.rateLimits().loginAttemptsPerAddress()).isEqualTo(7);
        assertThat(limits.rateLimits().loginAddressRefill()).isEqualTo(Duration.ofMinutes(1));
        LimitOptions defaults = parse();
        assertThat(defaults.uploadIdleTimeout).isEqualTo(Duration.ofSeconds(30));
        assertThat(new int[] {defaults.maxUploadsPerAddress, defaults.maxUploadsPerUser, defaults.httpThreads})
                .containsExactly(16, 4, 32);
    }

    @Test
    @DisplayName("--mqtt-max-inflight (PARLEY_MQTT_MAX_INFLIGHT) reaches the MQTT transport, and is 1 to 65535")
    void mqttMaxInflight() {
        assertThat(parseWith(Map.of("PARLEY_MQTT_MAX_INFLIGHT", "20")).mqttMaxInflight).isEqualTo(20);
        assertThat(parse("--mqtt-max-inflight", "7").mqttMaxInflight).isEqualTo(7);
        assertThatThrownBy(() -> parse("--mqtt-max-inflight", "0").requirePositive())
                .isInstanceOf(CliException.class).hasMessageContaining("--mqtt-max-inflight must be positive");
        assertThatThrownBy(() -> parse("--mqtt-max-inflight", "70000").applyTo(dev.parley.transport.mqtt.MqttTransport.builder()))
                .as("the value reaches the builder, which refuses it").isInstanceOf(CliException.class)
                .hasMessageContaining("1 to 65535");
    }
}
