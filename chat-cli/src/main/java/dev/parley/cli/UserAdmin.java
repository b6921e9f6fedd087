package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * The user operations of the admin commands, either against a running server through the admin
 * protocol ({@link RemoteUserAdmin}) or offline against its database ({@link LocalUserAdmin}). Users
 * come back in the protocol's JSON shape.
 */
interface UserAdmin extends AutoCloseable {

    JsonNode add(String username, String displayName, String password, Set<String> roles);

    List<JsonNode> list();

    JsonNode show(String username);

    void password(String username, String password);

    JsonNode roles(String username, Set<String> roles);

    JsonNode enabled(String username, boolean enabled);

    void delete(String username);

    void revokeTokens(String username);

    @Override
    void close();

    /** The backend the options ask for: {@code --db} works offline, otherwise {@code --server}. */
    static UserAdmin open(ServerOptions server, DatabaseOptions database) {
        if (database.url != null && !database.url.isBlank()) {
            return new LocalUserAdmin(database);
        }
        return new RemoteUserAdmin(AdminSession.open(server));
    }
}
