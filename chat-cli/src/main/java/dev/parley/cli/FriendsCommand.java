package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parley friends}: list, add and remove friendships on a running server. */
@Command(name = "friends", mixinStandardHelpOptions = true,
        description = "Manage friendships, on a running server (--server) or offline in its database (--db).",
        subcommands = {FriendsCommand.ListFriends.class, FriendsCommand.Add.class, FriendsCommand.Remove.class},
        footer = {"", "Examples:",
                "  parley friends add alice bob --server ws://localhost:8080/chat",
                "  parley friends list alice --server ws://localhost:8080/chat"})
final class FriendsCommand extends ParentCommand {

    /** What every friends subcommand shares. */
    abstract static class FriendCommand implements Callable<Integer> {
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

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a user's friends, requests and blocks.")
    static final class ListFriends extends FriendCommand {
        @Parameters(index = "0", description = "The username.")
        String username;

        @Override
        void run(SocialAdmin admin, PrintWriter out) {
            JsonNode friends = admin.friends(username);
            if (output.json) {
                friends.forEach(f -> out.println(f.toString()));
                return;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"USERNAME", "DISPLAY NAME", "RELATIONSHIP", "ONLINE"});
            for (JsonNode friend : friends) {
                rows.add(new String[] {friend.path("user").path("username").asText(),
                        friend.path("user").path("displayName").asText(), friend.path("relationship").asText(),
                        friend.path("presence").path("online").asBoolean() ? "yes" : "no"});
            }
            Output.table(out, rows);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Make two users friends.")
    static final class Add extends FriendCommand {
        @Parameters(index = "0", description = "One user.")
        String username;

        @Parameters(index = "1", description = "The other user.")
        String friend;

        @Override
        void run(SocialAdmin admin, PrintWriter out) {
            admin.befriend(username, friend);
            output.done(out, username + " and " + friend + " are friends.", "username", username, "friend", friend,
                    "friends", true);
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "End a friendship between two users.")
    static final class Remove extends FriendCommand {
        @Parameters(index = "0", description = "One user.")
        String username;

        @Parameters(index = "1", description = "The other user.")
        String friend;

        @Override
        void run(SocialAdmin admin, PrintWriter out) {
            admin.unfriend(username, friend);
            output.done(out, username + " and " + friend + " are no longer friends.", "username", username,
                    "friend", friend, "friends", false);
        }
    }
}
