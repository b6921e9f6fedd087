package dev.parley.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives options their values from the environment and a config file, so that a flag wins over the
 * environment, which wins over the file, which wins over the built-in default. An option
 * {@code --db-user} is {@code PARLEY_DB_USER} in the environment and {@code db-user} in the file.
 */
final class ConfigDefaults implements IDefaultValueProvider {

    /** Options whose values are secrets: read from the environment, never from a file in clear. */
    static final java.util.Set<String> SECRETS = java.util.Set.of("admin-password", "db-password", "password",
            "tls-keystore-password");

    private final Properties file = new Properties();
    private final Path configFile;
    private final Map<String, String> environment;

    ConfigDefaults(Path configFile, Map<String, String> environment) {
        this.environment = environment;
        this.configFile = configFile;
        if (configFile != null) {
            try (Reader in = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                file.load(in);
            } catch (IOException e) {
                throw new CliException("cannot read the config file " + configFile + ": " + e.getMessage());
            }
        }
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || !option.longestName().startsWith("--")) {
            return null;
        }
        String key = option.longestName().substring(2);
        if (SECRETS.contains(key)) {
            // Secrets are read from the environment where the commands say so, never from a file in clear.
            return fromEnvironment(key);
        }
        String value = fromEnvironment(key);
        if (value != null) {
            return value;
        }
        value = file.getProperty(key);
        return value != null ? value : option.defaultValue();
    }

    /**
     * Fails on a key of the config file that no option of any parley command has, such as a typo, and on
     * a secret, which is never read from a file. One file may serve several commands (the server and the
     * admin commands), so a key that belongs to another command is not an error.
     */
    void checkKeys(picocli.CommandLine root) {
        java.util.Set<String> known = new java.util.TreeSet<>();
        collectOptions(root, known);
        for (String key : new java.util.TreeSet<>(file.stringPropertyNames())) {
            if (key.startsWith(PUSH_PREFIX)) {
                checkPushKey(key);
                continue;
            }
            if (SECRETS.contains(key)) {
                throw new CliException("the config file " + configFile + " sets '" + key + "', a secret that is never "
                        + "read from a file: set PARLEY_" + key.toUpperCase(Locale.ROOT).replace('-', '_')
                        + " instead", 2, null);
            }
            if (!known.contains(key)) {
                throw new CliException("unknown key '" + key + "' in the config file " + configFile
                        + ": no parley command has an option --" + key + " (see 'parley server --help')", 2, null);
            }
        }
    }

    /** Config-file keys of push providers' settings: {@code push.<id>.<key>}. */
    static final String PUSH_PREFIX = "push.";

    private void checkPushKey(String key) {
        String rest = key.substring(PUSH_PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot < 1 || dot == rest.length() - 1) {
            throw new CliException("the config file " + configFile + " has the key '" + key + "'; a push provider's "
                    + "setting is push.<provider id>.<setting>, e.g. push.apns.topic", 2, null);
        }
        if (isSecret(rest.substring(dot + 1))) {
            throw new CliException("the config file " + configFile + " sets '" + key + "', a secret that is never "
                    + "read from a file: set " + pushVariable(rest.substring(0, dot), rest.substring(dot + 1))
                    + " instead", 2, null);
        }
    }

    private static boolean isSecret(String pushKey) {
        return pushKey.contains("password") || pushKey.contains("secret");
    }

    private static String pushVariable(String id, String key) {
        return ("PARLEY_PUSH_" + id + "_" + key).toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    /**
     * The push providers' settings from the environment ({@code PARLEY_PUSH_<ID>_<KEY>}, for the given
     * provider ids) and the config file ({@code push.<id>.<key>}); the environment wins.
     */
    Map<String, Map<String, String>> pushSettings(java.util.Set<String> ids) {
        Map<String, Map<String, String>> byProvider = new java.util.TreeMap<>();
        for (String id : ids) {
            String prefix = ("PARLEY_PUSH_" + id + "_").toUpperCase(Locale.ROOT).replace('-', '_');
            environment.forEach((name, value) -> {
                if (name.startsWith(prefix) && name.length() > prefix.length()) {
                    String key = name.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '-');
                    byProvider.computeIfAbsent(id, i -> new java.util.TreeMap<>()).put(key, value);
                }
            });
        }
        for (String key : file.stringPropertyNames()) {
            if (!key.startsWith(PUSH_PREFIX)) {
                continue;
            }
            String rest = key.substring(PUSH_PREFIX.length());
            int dot = rest.indexOf('.');
            byProvider.computeIfAbsent(rest.substring(0, dot), i -> new java.util.TreeMap<>())
                    .putIfAbsent(rest.substring(dot + 1), file.getProperty(key));
        }
        return byProvider;
    }

    private static void collectOptions(picocli.CommandLine command, java.util.Set<String> names) {
        for (OptionSpec option : command.getCommandSpec().options()) {
            for (String name : option.names()) {
                if (name.startsWith("--")) {
                    names.add(name.substring(2));
                }
            }
        }
        command.getSubcommands().values().forEach(sub -> collectOptions(sub, names));
    }

    private String fromEnvironment(String key) {
        return environment.get("PARLEY_" + key.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** The config file named by {@code --config} among the arguments, else PARLEY_CONFIG, else none. */
    static Path configFile(String[] args, Map<String, String> environment) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
        }
        String fromEnvironment = environment.get("PARLEY_CONFIG");
        return fromEnvironment == null ? null : Path.of(fromEnvironment);
    }
}
