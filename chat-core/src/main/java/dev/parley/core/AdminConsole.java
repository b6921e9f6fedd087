package dev.parley.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.ChatException;
import java.util.Map;

/**
 * The admin operations of docs/protocol.md ({@code admin.*}), run inside this process with the rights
 * of the host rather than those of a logged-in admin: for tools that hold the engine itself, such as
 * {@code parley users ... --db}. Each call takes the protocol's own path, with the same decoding,
 * checks, audit log (from the address {@value #ADDRESS}) and JSON replies as over a socket, so a tool
 * prints exactly what a server would answer.
 *
 * <p>Only admin operations run here, besides {@code hello} and {@code ping}. The ones that act as the
 * calling admin ({@code admin.notice}, {@code admin.send}) need a logged-in admin, and are refused
 * with {@code forbidden}. Thread-safe; close it when done.
 *
 * @see ChatEngine#adminConsole()
 */
public interface AdminConsole extends AutoCloseable {

    /** The remote address that the audit log and the logs give for the console's requests. */
    String ADDRESS = "console";

    /**
     * Runs one operation and waits for its reply.
     *
     * @param op   the operation, for example {@code admin.users.list}
     * @param data its parameters, as they would appear in the request's {@code data}
     * @return the reply's {@code data}
     * @throws ChatException with the reply's code and message when the operation is refused
     */
    JsonNode call(String op, Map<String, ?> data);

    /** Ends the console; calls still waiting are answered with {@code unavailable}. */
    @Override
    void close();
}
