package dev.parley.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code parley friends}: list, add and remove friendships on a running server. */
@Command(name = "friends",
        description = "Manage friendships, on a running server (--server) or offline in its database (--db).",
        subcommands = {FriendsCommand.ListFriends.class, FriendsCommand.Add.class, FriendsCommand.Remove.class},
        footer = {"", "Examples:",
                "  parley friends add alice bob --server ws://localhost:8080/chat",
                "  parley friends list alice --server ws://localhost:8080/chat"})
final class FriendsCommand extends ParentCommand {

    @Command(name = "list", description = "List a user's friends, requests and blocks.")
    static final class ListFriends extends AdminCommand.OnSocial {
        @Parameters(index = "0", description = "The username.")
        String username;

        @Override
        void run(SocialAdmin admin, PrintWriter out) {
            output.friends(out, admin.friends(username));
        }
    }

    /** A command on two users. */
    abstract static class Pair extends AdminCommand.OnSocial {
        @Parameters(index = "0", description = "One user.")
        String username;

        @Parameters(index = "1", description = "The other user.")
        String friend;
    }

    @Command(name = "add", description = "Make two users friends.")
    static final class Add extends Pair {
        @Override
        void run(SocialAdmin admin, PrintWriter out) {
            admin.befriend(username, friend);
            output.done(out, username + " and " + friend + " are friends.", "username", username, "friend", friend,
                    "friends", true);
        }
    }

    @Command(name = "remove", description = "End a friendship between two users.")
    static final class Remove extends Pair {
        @Override
        void run(SocialAdmin admin, PrintWriter out) {
            admin.unfriend(username, friend);
            output.done(out, username + " and " + friend + " are no longer friends.", "username", username,
                    "friend", friend, "friends", false);
        }
    }
}
