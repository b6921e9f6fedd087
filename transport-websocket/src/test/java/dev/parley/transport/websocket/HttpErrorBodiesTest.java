package dev.parley.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.client.ChatClient;
import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.ChatEngine;
import dev.parley.store.memory.MemoryChatStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every HTTP error from the port, Jetty's own included, is {@code {"error": {"code", "message"}}} as
 * application/json; mounted on an application's server, only the transport's own errors are.
 */
class HttpErrorBodiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private ChatServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> send(int port, String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode error(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("error").path("message").asText()).isNotBlank();
        return body.path("error");
    }

    @Test
    @DisplayName("an unknown path is 404 not_found in JSON")
    void unknownPath() throws Exception {
        server = new ChatServer();
        HttpResponse<String> response = send(server.transport.port(), "GET", "/no/such/page");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response).path("code").asText()).isEqualTo("not_found");
        assertThat(error(response).path("message").asText()).isEqualTo("no such resource");
    }

    @Test
    @DisplayName("a method the endpoint does not take is 405 bad_request in JSON, with Allow")
    void badMethod() throws Exception {
        server = new ChatServer();
        int port = server.transport.port();
        HttpResponse<String> delete = send(port, "DELETE", "/attachments");
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(delete.headers().firstValue("Allow")).hasValue("POST");
        assertThat(error(delete).path("code").asText()).isEqualTo("bad_request");
        HttpResponse<String> put = send(port, "PUT", "/attachments/Yx9c2V2mZ0pZf3y4Qk1bXw");
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("GET");
        assertThat(error(put).path("code").asText()).isEqualTo("bad_request");
    }

    @Test
    @DisplayName("a request Jetty cannot take (headers too large, a broken request line) gets a JSON error too")
    void jettysOwnErrors() throws Exception {
        server = new ChatServer();
        try (RawHttp socket = new RawHttp("127.0.0.1", server.transport.port())) {
            String huge = "GET /attachments/x HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "a".repeat(20_000) + "\r\n\r\n";
            RawHttp.Reply reply = socket.send(huge.getBytes(StandardCharsets.US_ASCII)).read();
            assertThat(reply.status()).isEqualTo(431);
            assertThat(reply.headers().get("content-type")).isEqualTo("application/json; charset=utf-8");
            assertThat(reply.errorCode()).isEqualTo("too_large");
        }
        try (RawHttp socket = new RawHttp("127.0.0.1", server.transport.port())) {
            RawHttp.Reply reply = socket.send("GET /attachments HTTP/9.9 nonsense\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).read();
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.headers().get("content-type")).isEqualTo("application/json; charset=utf-8");
            assertThat(reply.errorCode()).isEqualTo("bad_request");
        }
    }

    @Test
    @DisplayName("the attachment endpoint's errors are JSON too: 401, 400, 415, 413")
    void attachmentErrors() throws Exception {
        server = new ChatServer(t -> {
        }, e -> e.limits(dev.parley.core.ChatLimits.defaults().withMaxAttachmentBytes(100)));
        ChatClient alice = server.user("alice");
        HttpResponse<String> anonymous = send(server.transport.port(), "POST", "/attachments?kind=file");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(error(anonymous).path("code").asText()).isEqualTo("unauthorized");
        ChatClient.HttpReply noKind = alice.upload("sticker", "image/png", new byte[] {1});
        assertThat(noKind.status()).isEqualTo(400);
        assertThat(noKind.json().path("error").path("code").asText()).isEqualTo("bad_request");
        ChatClient.HttpReply html = alice.upload("image", "text/html", new byte[] {1});
        assertThat(html.status()).isEqualTo(415);
        assertThat(html.json().path("error").path("code").asText()).isEqualTo("unsupported_type");
        ChatClient.HttpReply big = alice.upload("file", "text/plain", new byte[101]);
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.contentType()).isEqualTo("application/json; charset=utf-8");
        assertThat(big.json().path("error").path("code").asText()).isEqualTo("too_large");
    }

    @Test
    @DisplayName("mounted on an application's server, the application keeps its own error pages")
    void mountedKeepsTheHostsErrorPages() throws Exception {
        Server app = new Server();
        ServerConnector connector = new ServerConnector(app);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        app.addConnector(connector);
        WebSocketTransport transport = WebSocketTransport.builder().mountOn(app).build();
        app.setHandler(transport.handler());
        app.start();
        try (ChatEngine engine = ChatEngine.builder().store(new MemoryChatStore())
                .passwordHasher(new Argon2idPasswordHasher(1024, 1, 1)).transport(transport).build().start()) {
            int port = connector.getLocalPort();
            HttpResponse<String> page = send(port, "GET", "/no/such/page");
            assertThat(page.statusCode()).isEqualTo(404);
            assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            HttpResponse<String> delete = send(port, "DELETE", "/attachments");
            assertThat(delete.statusCode()).isEqualTo(405);
            assertThat(error(delete).path("code").asText()).isEqualTo("bad_request");
        } finally {
            app.stop();
        }
    }
}
