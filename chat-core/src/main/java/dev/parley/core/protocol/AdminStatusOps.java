package dev.parley.core.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.ChatEngine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code admin.status}: what an admin checks first, on one screen (see {@code parley status}): the
 * version, the uptime, the live sessions by transport, the messages committed per second over the last
 * minute, the writer's queue and the store's connection pool. Read from the engine's own counters, so
 * it works whichever meter registry the engine was given; only the pool comes from HikariCP's meters,
 * and is null when the store reports none.
 */
final class AdminStatusOps {

    private final ChatEngine engine;

    AdminStatusOps(ChatEngine engine) {
        this.engine = engine;
    }

    ObjectNode status(ProtocolConnection s, Params p) {
        ObjectNode data = Wire.object();
        String version = ChatEngine.class.getPackage().getImplementationVersion();
        data.put("version", version == null ? "unknown" : version);
        Instant started = engine.startedAt();
        data.put("startedAt", started == null ? null : started.toString());
        data.put("uptimeSeconds", started == null ? 0 : Duration.between(started, engine.clock().instant()).toSeconds());
        ObjectNode sessions = data.putObject("sessions");
        long total = 0;
        for (var entry : engine.sessionsByTransport().entrySet()) {
            sessions.put(entry.getKey(), entry.getValue());
            total += entry.getValue();
        }
        data.put("sessionsTotal", total);
        data.put("messagesPerSecond", Math.round(engine.messagesPerSecond() * 100) / 100.0);
        ObjectNode writer = data.putObject("writer");
        writer.put("queueDepth", engine.writerQueueDepth());
        writer.put("queueCapacity", engine.limits().writerQueueCapacity());
        ObjectNode store = data.putObject("store");
        store.put("id", engine.store().id());
        MeterRegistry registry = engine.meterRegistry();
        Gauge max = registry.find("hikaricp.connections.max").gauge();
        if (max == null) {
            store.putNull("pool");
        } else {
            ObjectNode pool = store.putObject("pool");
            pool.put("active", gauge(registry, "hikaricp.connections.active"));
            pool.put("idle", gauge(registry, "hikaricp.connections.idle"));
            pool.put("pending", gauge(registry, "hikaricp.connections.pending"));
            pool.put("max", (long) max.value());
        }
        return data;
    }

    private static long gauge(MeterRegistry registry, String name) {
        Gauge gauge = registry.find(name).gauge();
        return gauge == null ? 0 : (long) gauge.value();
    }
}
