package dev.parley.core;

import dev.parley.api.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A security-relevant event: a failed or throttled login, a refused operation, an admin action. It
 * never carries a message body, a password or a token.
 *
 * @param at      when
 * @param type    what happened: {@code login_failed}, {@code login_throttled}, {@code denied} or
 *                {@code admin_action}
 * @param actor   the user who acted, or null when nobody is logged in
 * @param remote  the client's address, or null
 * @param details a few more facts, such as the operation and the account name
 */
public record AuditEvent(Instant at, String type, UserId actor, String remote, Map<String, String> details) {

    /** Checks the fields and copies the details. */
    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        details = Map.copyOf(details);
    }
}
