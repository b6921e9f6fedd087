package dev.parley.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Consumer;
import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.ChatEngine;
import dev.parley.store.memory.MemoryChatStore;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The web client's files over real HTTP: types, caching, security headers, and where it is mounted. */
class WebClientServingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private ChatServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private void start(Consumer<WebSocketTransport.Builder> config) {
        server = new ChatServer(config, e -> {
        });
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.transport.port() + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("the page is served at / as HTML, with its scripts and styles, under a strict policy")
    void servesThePage() throws Exception {
        start(t -> {
        });
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<script type=\"module\" src=\"app.js\"></script>")
                .contains("<link rel=\"stylesheet\" href=\"style.css\">");
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        int port = server.transport.port();
        assertThat(csp).contains("default-src 'none'", "script-src 'self';", "style-src 'self';", "frame-ancestors 'none'",
                "connect-src 'self' ws://127.0.0.1:" + port + " wss://127.0.0.1:" + port + ";");
        assertThat(csp).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");

        assertThat(get("/index.html").body()).isEqualTo(page.body());
        for (String script : List.of("app.js", "connection.js", "session.js", "dom.js", "sidebar.js",
                "conversation-view.js", "members-panel.js", "attachments.js", "emoji.js")) {
            HttpResponse<String> js = get("/" + script);
            assertThat(js.statusCode()).as(script).isEqualTo(200);
            assertThat(js.headers().firstValue("Content-Type")).as(script).hasValue("text/javascript; charset=utf-8");
            assertThat(js.body()).as(script).doesNotContain("innerHTML").doesNotContain("eval(");
        }
        assertThat(get("/style.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(get("/favicon.svg").headers().firstValue("Content-Type")).hasValue("image/svg+xml");
    }

    @Test
    @DisplayName("the page has no inline script or style for the policy to forbid")
    void noInlineCode() throws Exception {
        start(t -> {
        });
        String page = get("/").body();
        assertThat(page).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("<style").doesNotContain(" style=")
                .doesNotContainPattern(" on[a-z]+=");
    }

    @Test
    @DisplayName("a file comes with an ETag, and asking again with it gets 304 without a body")
    void revalidates() throws Exception {
        start(t -> {
        });
        HttpResponse<String> first = get("/app.js");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = get("/app.js", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(get("/style.css").headers().firstValue("ETag")).isNotEqualTo(first.headers().firstValue("ETag"));
    }

    @Test
    @DisplayName("config.json names the endpoints, and the demo accounts only when given")
    void config() throws Exception {
        start(t -> t.path("/ws").attachmentsPath("/files").webClientDemoAccounts(List.of("alice", "bob"), "parley-demo"));
        HttpResponse<String> response = get("/config.json");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonNode config = JSON.readTree(response.body());
        assertThat(config.path("chatPath").asText()).isEqualTo("/ws");
        assertThat(config.path("attachmentsPath").asText()).isEqualTo("/files");
        assertThat(config.path("demo").path("users").toString()).isEqualTo("[\"alice\",\"bob\"]");
        assertThat(config.path("demo").path("password").asText()).isEqualTo("parley-demo");
        server.close();
        start(t -> {
        });
        assertThat(JSON.readTree(get("/config.json").body()).has("demo")).isFalse();
    }

    @Test
    @DisplayName("unknown names, other folders and path tricks are 404 in JSON, like any unknown path")
    void onlyItsOwnFiles() throws Exception {
        start(t -> {
        });
        for (String path : List.of("/nope.js", "/../WebClientHandler.class", "/%2e%2e/pom.xml", "/dev/parley/transport/websocket/webclient/app.js",
                "/App.js", "/app.js/", "/WebSocketTransport.class")) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isIn(400, 404);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue("application/json; charset=utf-8");
        }
    }

    @Test
    @DisplayName("turned off, / is 404 and the chat endpoints still work")
    void turnedOff() throws Exception {
        start(t -> t.webClient(false));
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/app.js").statusCode()).isEqualTo(404);
        assertThat(get("/config.json").statusCode()).isEqualTo(404);
        assertThat(server.transport.webClientUri()).isEmpty();
        try (var client = server.user("alice")) {
            assertThat(client.request("ping", null).get().ok()).isTrue();
        }
    }

    @Test
    @DisplayName("mounted elsewhere, it is served there, / is free, and the bare path redirects to the slash")
    void mountedElsewhere() throws Exception {
        start(t -> t.webClientPath("/app"));
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/app/").statusCode()).isEqualTo(200);
        assertThat(get("/app/app.js").statusCode()).isEqualTo(200);
        HttpResponse<String> bare = get("/app");
        assertThat(bare.statusCode()).isEqualTo(301);
        assertThat(bare.headers().firstValue("Location")).hasValue("/app/");
        assertThat(server.transport.webClientUri().orElseThrow().toString())
                .isEqualTo("http://127.0.0.1:" + server.transport.port() + "/app/");
    }

    @Test
    @DisplayName("mounted in an application's own Jetty context, it is served under the context and the path given")
    void mountedOnAnApplicationServer() throws Exception {
        Server app = new Server();
        ServerConnector connector = new ServerConnector(app);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        app.addConnector(connector);
        WebSocketTransport transport = WebSocketTransport.builder().mountOn(app).webClientPath("/ui/").build();
        ContextHandler context = new ContextHandler(transport.handler(), "/support");
        app.setHandler(context);
        app.start();
        try (ChatEngine engine = ChatEngine.builder().store(new MemoryChatStore())
                .passwordHasher(new Argon2idPasswordHasher(1024, 1, 1)).transport(transport).build().start()) {
            String base = "http://127.0.0.1:" + connector.getLocalPort();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/support/ui/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/support/ui/session.js")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            JsonNode config = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/support/ui/config.json")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(config.path("chatPath").asText()).isEqualTo("/support/chat");
            assertThat(config.path("attachmentsPath").asText()).isEqualTo("/support/attachments");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/ui/")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        } finally {
            app.stop();
        }
    }

    @Test
    @DisplayName("a web client path that clashes with the chat or attachments path is refused by build()")
    void clashingPaths() {
        assertThatThrownBy(() -> WebSocketTransport.builder().webClientPath("/chat").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("web client");
        assertThatThrownBy(() -> WebSocketTransport.builder().webClientPath("/attachments/").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("web client");
        assertThatThrownBy(() -> WebSocketTransport.builder().webClientPath("app/").build())
                .isInstanceOf(IllegalStateException.class);
    }
}
