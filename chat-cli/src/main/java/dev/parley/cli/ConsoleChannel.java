package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.ChatException;
import dev.parley.core.AdminConsole;
import dev.parley.core.ChatEngine;
import java.util.Map;

/**
 * The admin protocol on a server's database with no server running: an engine without transports and
 * its {@link AdminConsole}, so that offline changes take the same path, rules and audit log as a
 * server's admin operations.
 */
final class ConsoleChannel implements AdminChannel {

    private final ChatEngine engine;
    private final AdminConsole console;

    private ConsoleChannel(ChatEngine engine) {
        this.engine = engine;
        this.console = engine.adminConsole();
    }

    /** Starts an engine on the database in the options; fails with a one-line message. */
    static ConsoleChannel open(DatabaseOptions database) {
        ChatEngine engine;
        try {
            engine = ChatEngine.builder()
                    .store(Servers.store(database.urlOrDefault(), database.user, database.password()))
                    .build().start();
        } catch (RuntimeException e) {
            throw Servers.friendly(e, 0, database.urlOrDefault());
        }
        return new ConsoleChannel(engine);
    }

    @Override
    public JsonNode call(String op, Map<String, ?> data) {
        try {
            return console.call(op, data);
        } catch (ChatException e) {
            throw new CliException(e.getMessage() + " (" + e.errorCode().code() + ")", e);
        }
    }

    @Override
    public void close() {
        console.close();
        engine.close();
    }
}
