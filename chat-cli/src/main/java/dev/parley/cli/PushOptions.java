package dev.parley.cli;

import dev.parley.core.ChatEngineBuilder;
import dev.parley.core.PushSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/**
 * How {@code parley server} sends push notifications: the engine's {@link PushSettings}, and the
 * settings of each provider, {@code push.<id>.<key>}. A provider is used when at least one of its
 * settings is given. Its settings come, the first that has a key winning, from {@code --push-setting
 * <id>.<key>=VALUE}, from {@code PARLEY_PUSH_<ID>_<KEY>} (upper case, '-' as '_'), and from
 * {@code push.<id>.<key>} in the config file, except for keys that name a secret (containing
 * {@code password} or {@code secret}), which a file never sets.
 */
final class PushOptions {

    @Option(names = "--push-previews", defaultValue = "true", arity = "1", paramLabel = "BOOL",
            description = "Whether push notifications show a preview of the message; a user's own choice wins "
                    + "(default: ${DEFAULT-VALUE}).")
    boolean previews;

    @Option(names = "--push-generic-text", defaultValue = "New message", paramLabel = "TEXT",
            description = "The notification text when no preview is shown (default: ${DEFAULT-VALUE}).")
    String genericText;

    @Option(names = "--push-queue", defaultValue = "10000", paramLabel = "N",
            description = "Messages, and retries, that may wait for their push; beyond that they are dropped "
                    + "and counted (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--push-threads", defaultValue = "2", paramLabel = "N",
            description = "Threads that look up devices and call the push providers (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--push-attempts", defaultValue = "5", paramLabel = "N",
            description = "Attempts per notification when the push service says to retry later, the first "
                    + "included (default: ${DEFAULT-VALUE}).")
    int attempts;

    @Option(names = "--push-backoff", defaultValue = "2s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Wait before the first retry; it doubles for each further one (default: ${DEFAULT-VALUE}).")
    Duration backoff;

    @Option(names = "--push-max-backoff", defaultValue = "5m", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "The longest wait between two attempts (default: ${DEFAULT-VALUE}).")
    Duration maxBackoff;

    @Option(names = "--push-setting", paramLabel = "ID.KEY=VALUE",
            description = {"A push provider's setting, e.g. apns.topic=com.example.chat; repeat for more.",
                    "Also PARLEY_PUSH_<ID>_<KEY> and push.<id>.<key> in the config file; see docs/push.md."})
    Map<String, String> settings = new LinkedHashMap<>();

    /** The engine's push settings. */
    PushSettings pushSettings() {
        try {
            return PushSettings.defaults().withPreviews(previews).withGenericText(genericText).withQueueCapacity(queue)
                    .withThreads(threads).withRetries(attempts, backoff, maxBackoff);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), 2, null);
        }
    }

    /**
     * The settings of each provider that has any, by provider id, merged from the flag, the environment and
     * the config file. Environment variables are read for the given provider ids only, since
     * {@code PARLEY_PUSH_*} also holds this class's own options.
     */
    Map<String, Map<String, String>> providerSettings(ConfigDefaults config, Set<String> knownIds) {
        Map<String, Map<String, String>> byProvider = new TreeMap<>();
        settings.forEach((key, value) -> {
            int dot = key.indexOf('.');
            if (dot < 1 || dot == key.length() - 1) {
                throw new CliException("--push-setting " + key + "=...: the key is <provider id>.<setting>, "
                        + "e.g. apns.topic", 2, null);
            }
            byProvider.computeIfAbsent(key.substring(0, dot), id -> new TreeMap<>()).put(key.substring(dot + 1), value);
        });
        if (config != null) {
            config.pushSettings(knownIds).forEach((id, values) -> values.forEach((key, value) ->
                    byProvider.computeIfAbsent(id, i -> new TreeMap<>()).putIfAbsent(key, value)));
        }
        return byProvider;
    }

    /** Sets the push settings and adds every provider that has settings. */
    void applyTo(ChatEngineBuilder builder, ConfigDefaults config, Set<String> knownIds) {
        builder.push(pushSettings());
        providerSettings(config, knownIds).forEach(builder::pushProvider);
    }
}
