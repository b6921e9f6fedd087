package dev.parley.cli;

import picocli.CommandLine.Option;

/** How an admin command reaches a running server: its address and the admin's credentials. */
public final class ServerOptions {

    @Option(names = "--server", description = "WebSocket URL of a running server, e.g. ws://localhost:8080/chat.")
    String server;

    @Option(names = "--admin", defaultValue = "admin", description = "Admin username (default: ${DEFAULT-VALUE}).")
    String admin;

    @Option(names = "--admin-password", arity = "0..1", fallbackValue = Prompt.ASK,
            description = "Admin password; without a value, prompts without echo. Also PARLEY_ADMIN_PASSWORD.")
    String password;

    String passwordOrEnvironment() {
        if (Prompt.ASK.equals(password)) {
            return Prompt.secret("Password for " + admin + ": ");
        }
        if (password != null && !password.isEmpty()) {
            return password;
        }
        String fromEnvironment = System.getenv("PARLEY_ADMIN_PASSWORD");
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return fromEnvironment;
        }
        if (System.console() != null) {
            return Prompt.secret("Password for " + admin + ": ");
        }
        throw new CliException("no admin password: give --admin-password or set PARLEY_ADMIN_PASSWORD");
    }
}
