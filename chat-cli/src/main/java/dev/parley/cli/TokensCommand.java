package dev.parley.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parley tokens revoke USER}: logs a user out everywhere. */
@Command(name = "tokens", mixinStandardHelpOptions = true, description = "Manage login tokens.",
        subcommands = TokensCommand.Revoke.class)
final class TokensCommand extends ParentCommand {

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke every token of a user and close all of their sessions.",
            footer = {"", "Example:", "  parley tokens revoke bob --server ws://localhost:8080/chat"})
    static final class Revoke implements Callable<Integer> {
        @Parameters(index = "0", description = "The username.")
        String username;

        @Mixin
        ServerOptions server;

        @Mixin
        DatabaseOptions database;

        @Mixin
        Output output;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (UserAdmin admin = UserAdmin.open(server, database)) {
                admin.revokeTokens(username);
            }
            output.done(spec.commandLine().getOut(), "Logged " + username + " out everywhere.", "username", username,
                    "tokensRevoked", true);
            return 0;
        }
    }
}
