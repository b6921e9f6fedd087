package dev.parley.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley groups}: list, create and change groups on a running server. */
@Command(name = "groups",
        description = "Manage groups, on a running server (--server) or offline in its database (--db). Changes are made as the group's owner.",
        subcommands = {GroupsCommand.ListGroups.class, GroupsCommand.Create.class, GroupsCommand.Add.class,
                GroupsCommand.Remove.class},
        footer = {"", "Examples:",
                "  parley groups create \"Climbing club\" --owner alice --member bob --member carol --server ws://localhost:8080/chat",
                "  parley groups add 7 dave --server ws://localhost:8080/chat",
                "  parley groups list --user alice --json --server ws://localhost:8080/chat"})
final class GroupsCommand extends ParentCommand {

    @Command(name = "list", description = "List groups, all or one user's.")
    static final class ListGroups extends AdminCommand.OnSocial {
        @Option(names = "--user", description = "Only this user's groups.")
        String user;

        @Override
        void run(SocialAdmin admin, PrintWriter out) {
            output.groups(out, admin.groups(user));
        }
    }

    @Command(name = "create", description = "Create a group.")
    static final class Create extends AdminCommand.OnSocial {
        @Parameters(index = "0", description = "The group's name.")
        String name;

        @Option(names = "--owner", required = true, description = "The user who owns it.")
        String owner;

        @Option(names = "--member", description = "A member to add; repeatable.")
        List<String> members = new ArrayList<>();

        @Override
        void run(SocialAdmin admin, PrintWriter out) {
            AdminRecords.Group group = admin.createGroup(owner, name, members);
            output.record(out, "Created group " + group.id() + ".", group);
        }
    }

    /** A command on one user's membership of a group. */
    abstract static class Membership extends AdminCommand.OnSocial {
        @Parameters(index = "0", description = "The group's id.")
        long group;

        // "The user to add." and "The user to remove.": the variable is the subcommand's name.
        @Parameters(index = "1", description = "The user to ${COMMAND-NAME}.")
        String username;
    }

    @Command(name = "add", description = "Add a user to a group.")
    static final class Add extends Membership {
        @Override
        void run(SocialAdmin admin, PrintWriter out) {
            admin.addToGroup(group, username);
            output.done(out, "Added " + username + " to group " + group + ".", "group", group, "username", username,
                    "member", true);
        }
    }

    @Command(name = "remove", description = "Remove a user from a group.")
    static final class Remove extends Membership {
        @Override
        void run(SocialAdmin admin, PrintWriter out) {
            admin.removeFromGroup(group, username);
            output.done(out, "Removed " + username + " from group " + group + ".", "group", group, "username",
                    username, "member", false);
        }
    }
}
