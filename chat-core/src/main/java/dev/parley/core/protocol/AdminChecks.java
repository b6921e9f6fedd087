package dev.parley.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.ForbiddenException;
import dev.parley.api.UnauthorizedException;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.spi.Connection;
import dev.parley.core.ChatEngine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may run admin operations, checked on every call against the store (a demoted or disabled admin
 * loses them at once), and the audit log of what admins did and what was denied. Thread-safe.
 */
final class AdminChecks {

    /** The fields of a request that the audit log records: whom it named, never a body or secret. */
    private static final List<String> AUDITED_FIELDS =
            List.of("username", "userId", "conversationId", "from", "friend", "owner");

    private final ChatEngine engine;
    private final Connection connection;
    private final boolean console;

    /** @param console whether the connection is the process's own console, an admin without a login */
    AdminChecks(ChatEngine engine, Connection connection, boolean console) {
        this.engine = engine;
        this.connection = connection;
        this.console = console;
    }

    /**
     * Passes an enabled admin, and the console; anyone else is unauthorized (not logged in) or
     * forbidden.
     */
    void require(UserId user) {
        if (console) {
            return;
        }
        User found = (user == null ? java.util.Optional.<User>empty() : engine.users().find(user))
                .orElseThrow(() -> new UnauthorizedException("log in first"));
        if (!found.isAdmin() || !found.enabled()) {
            throw new ForbiddenException("only admins may do this");
        }
    }

    /** Records a security event: the op and whom it named, never a message body, password or token. */
    void audit(String type, UserId user, String op, JsonNode data) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("op", op);
        if (data != null) {
            for (String field : AUDITED_FIELDS) {
                JsonNode value = data.get(field);
                if (value != null && (value.isTextual() || value.isNumber())) {
                    details.put(field, value.asText());
                }
            }
        }
        engine.audit(type, user, connection.remoteAddress(), details);
    }
}
