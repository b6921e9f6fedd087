package dev.parley.cli;

import dev.parley.core.ChatEngine;
import dev.parley.core.Readiness;
import dev.parley.transport.websocket.AdminHttpHandler;
import dev.parley.transport.websocket.AdminHttpServer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The meters of a {@code parley server} process: one Prometheus registry with the JVM's and the
 * process's binders, which the engine and the store meter into too, and the admin HTTP port that
 * serves it. The engine binds no JVM meters itself, since a host app binds those once for its process.
 */
final class ServerMeters {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    ServerMeters() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Starts the admin port if {@code --admin-port} is given, else returns null. Until the engine has
     * started, {@code /health/ready} answers 503 with {@code engine: starting}.
     */
    AdminHttpServer adminServer(MonitoringOptions options, AtomicReference<ChatEngine> engine) {
        if (options.adminPort == null) {
            return null;
        }
        AdminHttpHandler handler = new AdminHttpHandler(registry::scrape, () -> {
            ChatEngine started = engine.get();
            return started == null ? new Readiness(false, Map.of("engine", "starting", "store", "unchecked"))
                    : started.readiness();
        });
        try {
            return new AdminHttpServer(options.adminHost, options.adminPort, handler).start();
        } catch (IllegalStateException e) {
            String cause = Servers.rootMessage(e);
            if (cause.toLowerCase(java.util.Locale.ROOT).contains("address already in use")) {
                throw new CliException("the admin port " + options.adminPort + " is already in use; choose another with "
                        + "--admin-port", e);
            }
            throw new CliException(e.getMessage(), e);
        }
    }

    /** Turns readiness off and waits out the grace, while the server still serves. */
    void drain(AdminHttpServer admin, Duration grace) {
        if (admin != null) {
            admin.handler().markStopping();
        }
        if (!grace.isZero()) {
            try {
                Thread.sleep(grace.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the admin port, if any, and the binders. */
    void close(AdminHttpServer admin) {
        if (admin != null) {
            admin.close();
        }
        gc.close();
        registry.close();
    }
}
