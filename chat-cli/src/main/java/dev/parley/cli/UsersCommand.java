package dev.parley.cli;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley users}: manage users on a running server ({@code --server}) or in a database ({@code --db}). */
@Command(name = "users",
        description = "Manage users, on a running server (--server) or offline in its database (--db).",
        subcommands = {UsersCommand.Add.class, UsersCommand.ListUsers.class, UsersCommand.Show.class,
                UsersCommand.Passwd.class, UsersCommand.RoleCommand.class, UsersCommand.Disable.class,
                UsersCommand.Enable.class, UsersCommand.Delete.class},
        footer = {"", "Examples:",
                "  parley users add bob --password --server ws://localhost:8080/chat",
                "  parley users list --json --db jdbc:h2:file:./data/parley",
                "  parley users role bob admin user --server ws://localhost:8080/chat"})
final class UsersCommand extends ParentCommand {

    @Command(name = "add", description = "Add a user.")
    static final class Add extends AdminCommand.OnUsers {
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

    @Command(name = "list", description = "List every user.")
    static final class ListUsers extends AdminCommand.OnUsers {
        @Override
        void run(UserAdmin admin, PrintWriter out) {
            output.users(out, admin.list());
        }
    }

    @Command(name = "show", description = "Show one user.")
    static final class Show extends AdminCommand.OnOneUser {
        @Override
        void run(UserAdmin admin, PrintWriter out) {
            output.users(out, List.of(admin.show(username)));
        }
    }

    @Command(name = "passwd", description = "Set a user's password.")
    static final class Passwd extends AdminCommand.OnOneUser {
        @Option(names = "--password", required = true, arity = "0..1", fallbackValue = Prompt.ASK,
                description = "The new password; without a value, prompts without echo.")
        String password;

        @Override
        void run(UserAdmin admin, PrintWriter out) {
            admin.password(username, Prompt.secretIfAsked(password, "New password for " + username + ": "));
            output.done(out, "Password of " + username + " changed.", "username", username, "passwordChanged", true);
        }
    }

    @Command(name = "role", description = "Replace a user's roles ('user' is always kept).")
    static final class RoleCommand extends AdminCommand.OnOneUser {
        @Parameters(index = "1..*", description = "The roles, such as admin.")
        Set<String> roles = new HashSet<>();

        @Override
        void run(UserAdmin admin, PrintWriter out) {
            output.users(out, List.of(admin.roles(username, roles)));
        }
    }

    @Command(name = "disable",
            description = "Disable a user: their sessions close at once and they cannot log in.")
    static final class Disable extends AdminCommand.OnOneUser {
        @Override
        void run(UserAdmin admin, PrintWriter out) {
            output.users(out, List.of(admin.enabled(username, false)));
        }
    }

    @Command(name = "enable", description = "Enable a disabled user.")
    static final class Enable extends AdminCommand.OnOneUser {
        @Override
        void run(UserAdmin admin, PrintWriter out) {
            output.users(out, List.of(admin.enabled(username, true)));
        }
    }

    @Command(name = "delete",
            description = "Delete a user; what they wrote stays in its conversations.")
    static final class Delete extends AdminCommand.OnOneUser {
        @Override
        void run(UserAdmin admin, PrintWriter out) {
            admin.delete(username);
            output.done(out, "Deleted " + username + ".", "username", username, "deleted", true);
        }
    }
}
