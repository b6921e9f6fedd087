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

    private final Properties file = new Properties();
    private final Map<String, String> environment;

    ConfigDefaults(Path configFile, Map<String, String> environment) {
        this.environment = environment;
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
        if (key.equals("admin-password") || key.equals("db-password") || key.equals("password")) {
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
