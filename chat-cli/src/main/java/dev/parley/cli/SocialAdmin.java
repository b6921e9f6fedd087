package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The friendship and group operations of the admin commands, against a running server
 * ({@link RemoteSocialAdmin}) or offline on its database ({@link LocalSocialAdmin}). Results come in
 * the protocol's JSON shape.
 */
interface SocialAdmin extends AutoCloseable {

    JsonNode friends(String username);

    void befriend(String username, String friend);

    void unfriend(String username, String friend);

    JsonNode groups(String username);

    JsonNode createGroup(String owner, String name, List<String> members);

    void addToGroup(long group, String username);

    void removeFromGroup(long group, String username);

    @Override
    void close();

    /** The backend the options ask for: {@code --db} works offline, otherwise {@code --server}. */
    static SocialAdmin open(ServerOptions server, DatabaseOptions database) {
        if (database.url != null && !database.url.isBlank()) {
            return new LocalSocialAdmin(database);
        }
        return new RemoteSocialAdmin(AdminSession.open(server));
    }
}
