package dev.parley.cli;

import dev.parley.cli.AdminRecords.User;
import java.util.List;
import java.util.Set;

/**
 * The user operations of the admin commands, either against a running server through the admin
 * protocol ({@link RemoteUserAdmin}) or offline against its database ({@link LocalUserAdmin}). Both
 * give users as the same {@link AdminRecords}.
 */
interface UserAdmin extends AdminCommand.Backend {

    User add(String username, String displayName, String password, Set<String> roles);

    List<User> list();

    User show(String username);

    void password(String username, String password);

    User roles(String username, Set<String> roles);

    User enabled(String username, boolean enabled);

    void delete(String username);

    void revokeTokens(String username);
}
