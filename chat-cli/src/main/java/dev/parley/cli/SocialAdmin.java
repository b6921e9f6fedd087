package dev.parley.cli;

import dev.parley.cli.AdminRecords.Friend;
import dev.parley.cli.AdminRecords.Group;
import java.util.List;

/**
 * The friendship and group operations of the admin commands, against a running server
 * ({@link RemoteSocialAdmin}) or offline on its database ({@link LocalSocialAdmin}). Both give their
 * results as the same {@link AdminRecords}.
 */
interface SocialAdmin extends AdminCommand.Backend {

    List<Friend> friends(String username);

    void befriend(String username, String friend);

    void unfriend(String username, String friend);

    List<Group> groups(String username);

    Group createGroup(String owner, String name, List<String> members);

    void addToGroup(long group, String username);

    void removeFromGroup(long group, String username);
}
