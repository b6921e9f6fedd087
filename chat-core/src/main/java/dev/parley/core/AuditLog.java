package dev.parley.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where security events go. The default writes one line per event to the SLF4J logger
 * {@code parley.audit}, so that an operator can route them apart from the rest of the log; a host can
 * send them elsewhere with {@code ChatEngine.builder().auditLog(...)}. Called on the thread that saw
 * the event; implementations are thread-safe and quick.
 */
@FunctionalInterface
public interface AuditLog {

    /** Records one event. */
    void record(AuditEvent event);

    /** The default: one line per event on the logger {@code parley.audit}. */
    static AuditLog slf4j() {
        Logger log = LoggerFactory.getLogger("parley.audit");
        return event -> log.info("{} actor={} remote={} {}", event.type(),
                event.actor() == null ? "-" : event.actor(), event.remote() == null ? "-" : event.remote(),
                event.details());
    }
}
