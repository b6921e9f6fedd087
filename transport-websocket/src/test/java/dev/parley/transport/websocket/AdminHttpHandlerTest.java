package dev.parley.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.client.ChatClient;
import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.ChatEngine;
import dev.parley.store.memory.MemoryBlobStore;
import dev.parley.store.memory.MemoryChatStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The admin endpoints mounted in a host's own Jetty, and on a port of their own, around an engine's life. */
class AdminHttpHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final WebSocketTransport transport = WebSocketTransport.builder().host("127.0.0.1").port(0).build();
    private final ChatEngine engine = ChatEngine.builder().store(new MemoryChatStore()).blobStore(new MemoryBlobStore())
            .passwordHasher(new Argon2idPasswordHasher(1024, 1, 1)).transport(transport).meterRegistry(registry).build();
    private final Server host = new Server();
    private AdminHttpServer own;

    @AfterEach
    void stop() throws Exception {
        engine.close();
        host.stop();
        if (own != null) {
            own.close();
        }
    }

    @Test
    @DisplayName("ready only once the engine has started and until it closes; /metrics shows the engine's meters")
    void lifecycle() throws Exception {
        ServerConnector connector = new ServerConnector(host);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        host.addConnector(connector);
        host.setHandler(new ContextHandler(AdminHttpHandler.of(engine, registry), "/ops"));
        host.start();
        String mounted = "http://127.0.0.1:" + connector.getLocalPort() + "/ops";
        own = new AdminHttpServer("127.0.0.1", 0, AdminHttpHandler.of(engine, registry)).start();
        String ownPort = "http://127.0.0.1:" + own.port();

        HttpResponse<String> starting = get(mounted + "/health/ready");
        assertThat(starting.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(starting.body()).path("checks").path("engine").asText()).isEqualTo("starting");
        assertThat(get(mounted + "/health/live").statusCode()).isEqualTo(200);

        engine.start();
        HttpResponse<String> ready = get(mounted + "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(ready.body());
        assertThat(body.path("status").asText()).isEqualTo("ready");
        assertThat(body.path("checks").path("store").asText()).isEqualTo("up");
        assertThat(ready.headers().firstValue("content-type").orElse("")).startsWith("application/json");

        try (ChatClient alice = ChatClient.connect(transport.uri())) {
            alice.register("alice", "Alice", "correct horse battery");
            HttpResponse<String> metrics = get(ownPort + "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("content-type").orElse("")).isEqualTo(AdminHttpHandler.PROMETHEUS_TEXT);
            assertThat(metrics.body()).contains("parley_connections_accepted_total{transport=\"websocket\"} 1.0",
                    "parley_sessions_open{transport=\"websocket\"} 1.0",
                    "parley_requests_total{op=\"register\",outcome=\"ok\"} 1.0",
                    "# TYPE parley_request_latency_seconds histogram");
        }

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(mounted + "/metrics"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(get(mounted + "/elsewhere").statusCode()).as("other paths go to the host's next handler").isEqualTo(404);

        own.handler().markStopping();
        HttpResponse<String> draining = get(ownPort + "/health/ready");
        assertThat(draining.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(draining.body()).path("checks").path("engine").asText()).isEqualTo("stopping");
        assertThat(get(mounted + "/health/ready").statusCode()).as("the other mount still asks the engine").isEqualTo(200);

        engine.close();
        HttpResponse<String> closed = get(mounted + "/health/ready");
        assertThat(closed.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(closed.body()).path("checks").path("engine").asText()).isEqualTo("stopping");
        assertThat(get(mounted + "/health/live").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
