package dev.parley.cli;

import picocli.CommandLine.Option;

/** Which database to use: shared by {@code server} and the offline ({@code --db}) admin commands. */
public final class DatabaseOptions {

    /** The default: an H2 file under ./data, kept across restarts. */
    static final String DEFAULT_URL = "jdbc:h2:file:./data/parley";

    // One line each, so that neither URL is broken across lines in --help.
    @Option(names = "--db", description = {"JDBC URL of the database (default: " + DEFAULT_URL + "),",
            "e.g. jdbc:mysql://db:3306/parley."})
    String url;

    @Option(names = "--db-user", description = "Database user.")
    String user;

    @Option(names = "--db-password", arity = "0..1", fallbackValue = Prompt.ASK,
            description = "Database password; without a value, prompts without echo. Also PARLEY_DB_PASSWORD.")
    String password;

    /** The password, asked for now if the option was given without a value. */
    String password() {
        password = Prompt.secretIfAsked(password, "Database password: ");
        return password;
    }

    /** Whether {@code --db} was given, which makes the admin commands work offline. */
    boolean given() {
        return url != null && !url.isBlank();
    }

    String urlOrDefault() {
        return given() ? url : DEFAULT_URL;
    }
}
