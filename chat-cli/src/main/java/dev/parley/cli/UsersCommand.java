package dev.parley.cli;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parley users}: manage users on a running server ({@code --server}) or in a database ({@code --db}). */
@Command(name = "users", mixinStandardHelpOptions = true,
        description = "Manage users, on a running server (--server) or offline in its database (--db).",
        subcommands = {UsersCommand.Add.class, UsersCommand.ListUsers.class, UsersCommand.Show.class,
                UsersCommand.Passwd.class, UsersCommand.RoleCommand.class, UsersCommand.Disable.class,
                UsersCommand.Enable.class, UsersCommand.Delete.class},
        footer = {"", "Examples:",
                "  parley users add bob --password --server ws://localhost:8080/chat",
                "  parley users list --json --db jdbc:h2:file:./data/parley",
                "  parley users role bob admin user --server ws://localhost:8080/chat"})
final class UsersCommand extends ParentCommand {

    /** What every users subcommand shares: where the users are, and how to print them. */
    abstract static class UserCommand implements Callable<Integer> {

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
                run(admin, spec.commandLine().getOut());
            }
            return 0;
        }

        abstract void run(UserAdmin admin, PrintWriter out);
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a user.")
    static final class Add extends UserCommand {
        @Parameters(index = "0", description = "The username.")
        String username;

        @Option(names = "--display-name", description = "The name others see (default: the username).")
        String displayName;

        @Option(names = "--password", required = true, arity = "0..1", fallbackValue = Prompt.ASK,
                description = "The new user's password; without a value, prompts without echo.")
        String password;

        @Option(names = "--role", description = "A role to grant, such as admin; repeatable.")
        List<String> roles = new java.util.ArrayList<>();

        @Override
        void run(UserAdmin admin, PrintWriter out) {
            output.users(out, List.of(admin.add(username, displayName == null ? username : displayName,
                    Prompt.secretIfAsked(password, "Password for " + username + ": "),
                    new HashSet<>(roles))));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every user.")
    static final class ListUsers extends UserCommand {
        @Override
        void run(UserAdmin admin, PrintWriter out) {
            output.users(out, admin.list());
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one user.")
    static final class Show extends UserCommand {
        @Parameters(index = "0", description = "The username.")
        String username;

        @Override
        void run(UserAdmin admin, PrintWriter out) {
            output.users(out, List.of(admin.show(username)));
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set a user's password.")
    static final class Passwd extends UserCommand {
        @Parameters(index = "0", description = "The username.")
        String username;

        @Option(names = "--password", required = true, arity = "0..1", fallbackValue = Prompt.ASK,
                description = "The new password; without a value, prompts without echo.")
        String password;

        @Override
        void run(UserAdmin admin, PrintWriter out) {
            admin.password(username, Prompt.secretIfAsked(password, "New password for " + username + ": "));
            output.done(out, "Password of " + username + " changed.", "username", username, "passwordChanged", true);
        }
    }

    @Command(name = "role", mixinStandardHelpOptions = true, description = "Replace a user's roles ('user' is always kept).")
    static final class RoleCommand extends UserCommand {
        @Parameters(index = "0", description = "The username.")
        String username;

        @Parameters(index = "1..*", description = "The roles, such as admin.")
        Set<String> roles = new HashSet<>();

        @Override
        void run(UserAdmin admin, PrintWriter out) {
            output.users(out, List.of(admin.roles(username, roles)));
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disable a user: their sessions close at once and they cannot log in.")
    static final class Disable extends UserCommand {
        @Parameters(index = "0", description = "The username.")
        String username;

        @Override
        void run(UserAdmin admin, PrintWriter out) {
            output.users(out, List.of(admin.enabled(username, false)));
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a disabled user.")
    static final class Enable extends UserCommand {
        @Parameters(index = "0", description = "The username.")
        String username;

        @Override
        void run(UserAdmin admin, PrintWriter out) {
            output.users(out, List.of(admin.enabled(username, true)));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a user; what they wrote stays in its conversations.")
    static final class Delete extends UserCommand {
        @Parameters(index = "0", description = "The username.")
        String username;

        @Override
        void run(UserAdmin admin, PrintWriter out) {
            admin.delete(username);
            output.done(out, "Deleted " + username + ".", "username", username, "deleted", true);
        }
    }
}
