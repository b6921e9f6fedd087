package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parley groups}: list, create and change groups on a running server. */
@Command(name = "groups", mixinStandardHelpOptions = true,
        description = "Manage groups, on a running server (--server) or offline in its database (--db). Changes are made as the group's owner.",
        subcommands = {GroupsCommand.ListGroups.class, GroupsCommand.Create.class, GroupsCommand.Add.class,
                GroupsCommand.Remove.class},
        footer = {"", "Examples:",
                "  parley groups create \"Climbing club\" --owner alice --member bob --member carol --server ws://localhost:8080/chat",
                "  parley groups add 7 dave --server ws://localhost:8080/chat",
                "  parley groups list --user alice --json --server ws://localhost:8080/chat"})
final class GroupsCommand extends ParentCommand {

    /** What every groups subcommand shares. */
    abstract static class GroupCommand implements Callable<Integer> {
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
            try (SocialAdmin admin = SocialAdmin.open(server, database)) {
                run(admin, spec.commandLine().getOut());
            }
            return 0;
        }

        abstract void run(SocialAdmin admin, PrintWriter out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List groups, all or one user's.")
    static final class ListGroups extends GroupCommand {
        @Option(names = "--user", description = "Only this user's groups.")
        String user;

        @Override
        void run(SocialAdmin admin, PrintWriter out) {
            JsonNode groups = admin.groups(user);
            if (output.json) {
                groups.forEach(g -> out.println(g.toString()));
                return;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "NAME", "MEMBERS", "OWNER"});
            for (JsonNode group : groups) {
                String owner = "";
                for (JsonNode member : group.path("members")) {
                    if (member.path("role").asText().equals("owner")) {
                        owner = "#" + member.path("userId").asLong();
                    }
                }
                rows.add(new String[] {group.path("id").asText(), group.path("name").asText(),
                        Integer.toString(group.path("members").size()), owner});
            }
            Output.table(out, rows);
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a group.")
    static final class Create extends GroupCommand {
        @Parameters(index = "0", description = "The group's name.")
        String name;

        @Option(names = "--owner", required = true, description = "The user who owns it.")
        String owner;

        @Option(names = "--member", description = "A member to add; repeatable.")
        List<String> members = new ArrayList<>();

        @Override
        void run(SocialAdmin admin, PrintWriter out) {
            JsonNode group = admin.createGroup(owner, name, members);
            out.println(output.json ? group.toString() : "Created group " + group.path("id").asLong() + ".");
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a user to a group.")
    static final class Add extends GroupCommand {
        @Parameters(index = "0", description = "The group's id.")
        long group;

        @Parameters(index = "1", description = "The user to add.")
        String username;

        @Override
        void run(SocialAdmin admin, PrintWriter out) {
            admin.addToGroup(group, username);
            output.done(out, "Added " + username + " to group " + group + ".", "group", group, "username", username,
                    "member", true);
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a user from a group.")
    static final class Remove extends GroupCommand {
        @Parameters(index = "0", description = "The group's id.")
        long group;

        @Parameters(index = "1", description = "The user to remove.")
        String username;

        @Override
        void run(SocialAdmin admin, PrintWriter out) {
            admin.removeFromGroup(group, username);
            output.done(out, "Removed " + username + " from group " + group + ".", "group", group, "username",
                    username, "member", false);
        }
    }
}
