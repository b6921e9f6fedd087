package dev.parley.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code parley tokens revoke USER}: logs a user out everywhere. */
@Command(name = "tokens", description = "Manage login tokens.", subcommands = TokensCommand.Revoke.class)
final class TokensCommand extends ParentCommand {

    @Command(name = "revoke", description = "Revoke every token of a user and close all of their sessions.",
            footer = {"", "Example:", "  parley tokens revoke bob --server ws://localhost:8080/chat"})
    static final class Revoke extends AdminCommand.OnOneUser {
        @Override
        void run(UserAdmin admin, PrintWriter out) {
            admin.revokeTokens(username);
            output.done(out, "Logged " + username + " out everywhere.", "username", username, "tokensRevoked", true);
        }
    }
}
