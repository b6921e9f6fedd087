package dev.parley.transport.websocket;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.ChatEngine;
import dev.parley.core.Readiness;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The operator's HTTP endpoints, as one Jetty {@link Handler} that a host mounts where it wants (or
 * {@link AdminHttpServer} serves on a port of its own):
 * <ul>
 *   <li>{@code GET /metrics}: every meter of the registry in Prometheus' text format;</li>
 *   <li>{@code GET /health/live}: 200 {@code {"status":"up"}} while the process answers HTTP;</li>
 *   <li>{@code GET /health/ready}: 200 {@code {"status":"ready","checks":{...}}} once the engine has
 *   started (store migrated, every listener up) and while its store answers, else 503
 *   {@code {"status":"not_ready",...}}; 503 too from {@link #markStopping()} on, and while the engine
 *   closes.</li>
 * </ul>
 * Paths are matched inside the context the handler is mounted in; anything else is left to the next
 * handler. docs/operations.md describes the answers. Thread-safe.
 */
public final class AdminHttpHandler extends Handler.Abstract {

    /** The content type of Prometheus' text exposition format, version 0.0.4. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Supplier<String> scrape;
    private final Supplier<Readiness> readiness;
    private volatile boolean stopping;

    /**
     * Endpoints over any source of metrics and readiness, for hosts that scrape another way.
     *
     * @param scrape    the text of {@code /metrics}, in Prometheus' text format
     * @param readiness what {@code /health/ready} reports; may block briefly on the store
     */
    public AdminHttpHandler(Supplier<String> scrape, Supplier<Readiness> readiness) {
        this.scrape = Objects.requireNonNull(scrape, "scrape");
        this.readiness = Objects.requireNonNull(readiness, "readiness");
    }

    /** Endpoints for an engine whose meters are in this Prometheus registry. */
    public static AdminHttpHandler of(ChatEngine engine, PrometheusMeterRegistry registry) {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(registry, "registry");
        return new AdminHttpHandler(registry::scrape, engine::readiness);
    }

    /**
     * From now on {@code /health/ready} answers 503 with {@code engine: stopping}, while the engine
     * still serves: called first thing on shutdown, so that a load balancer stops sending new clients.
     */
    public void markStopping() {
        stopping = true;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!path.equals("/metrics") && !path.equals("/health/live") && !path.equals("/health/ready")) {
            return false;
        }
        String method = request.getMethod();
        if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            json(response, callback, 405, status("method_not_allowed", Map.of()));
            return true;
        }
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        switch (path) {
            case "/metrics" -> write(response, callback, 200, PROMETHEUS_TEXT, scrape.get());
            case "/health/live" -> json(response, callback, 200, status("up", Map.of()));
            default -> ready(response, callback);
        }
        return true;
    }

    private void ready(Response response, Callback callback) {
        if (stopping) {
            json(response, callback, 503, status("not_ready", Map.of("engine", "stopping")));
            return;
        }
        Readiness now = readiness.get();
        json(response, callback, now.ready() ? 200 : 503, status(now.ready() ? "ready" : "not_ready", now.checks()));
    }

    private static ObjectNode status(String status, Map<String, String> checks) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("status", status);
        if (!checks.isEmpty()) {
            ObjectNode each = json.putObject("checks");
            checks.forEach(each::put);
        }
        return json;
    }

    private static void json(Response response, Callback callback, int status, ObjectNode body) {
        write(response, callback, status, HttpErrors.JSON, body.toString());
    }

    private static void write(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
