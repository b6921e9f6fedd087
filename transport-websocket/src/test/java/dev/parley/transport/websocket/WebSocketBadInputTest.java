package dev.parley.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.client.ChatClient;
import dev.parley.client.Reply;
import dev.parley.core.ChatLimits;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Bad input over a real WebSocket: each gets its documented error, and the server keeps serving. */
class WebSocketBadInputTest {

    private static final Set<String> OPEN_OPS = Set.of("hello", "ping", "register", "login");

    private final ChatServer server = new ChatServer(
            transport -> transport.allowedOrigins(List.of("https://chat.example.com")),
            engine -> engine.limits(ChatLimits.defaults().withMaxFrameBytes(4096).withMaxAttachmentBytes(1024)));

    @AfterEach
    void stop() {
        server.close();
    }

    /** Waits for an error that answers no request, such as one for a frame that could not be read. */
    private static Reply awaitUnsolicited(ChatClient client, int count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> client.unsolicitedErrors().size() >= count);
        return client.unsolicitedErrors().get(count - 1);
    }

    private static void stillServes(ChatClient client) {
        assertThat(client.call("ping").ok()).isTrue();
    }

    @Test
    @DisplayName("malformed JSON gets bad_request, and the session stays open")
    void malformedJson() throws Exception {
        ChatClient client = server.connect();
        client.sendText("{\"id\": \"1\", \"op\": ");
        Reply error = awaitUnsolicited(client, 1);
        assertThat(error.errorCode()).isEqualTo("bad_request");
        assertThat(error.errorMessage()).contains("malformed JSON");
        client.sendText("[1, 2, 3]");
        assertThat(awaitUnsolicited(client, 2).errorCode()).isEqualTo("bad_request");
        stillServes(client);
    }

    @Test
    @DisplayName("a binary frame gets bad_request, and the session stays open")
    void binaryFrame() throws Exception {
        ChatClient client = server.connect();
        client.sendBinary(new byte[] {1, 2, 3});
        assertThat(awaitUnsolicited(client, 1).errorCode()).isEqualTo("bad_request");
        stillServes(client);
    }

    @Test
    @DisplayName("a frame over the limit gets too_large; one far over it closes only that connection")
    void oversized() throws Exception {
        ChatClient client = server.connect();
        client.sendText("{\"id\":\"1\",\"op\":\"ping\",\"data\":{\"pad\":\"" + "x".repeat(5000) + "\"}}");
        assertThat(awaitUnsolicited(client, 1).errorCode()).isEqualTo("too_large");
        stillServes(client);

        ChatClient other = server.connect();
        ChatClient abusive = server.connect();
        abusive.sendText("x".repeat(100_000));
        assertThat(abusive.closed().get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1009);
        stillServes(other);
    }

    @Test
    @DisplayName("a frame that runs on past 64 times the limit is cut off, and only that connection")
    void endless() throws Exception {
        ChatClient other = server.connect();
        ChatClient abusive = server.connect();
        abusive.sendText("x".repeat(4096 * 64 + 1_000_000));
        assertThat(abusive.closed()).succeedsWithin(Duration.ofSeconds(5));
        stillServes(other);
    }

    @Test
    @DisplayName("wrong types and missing fields get bad_request naming the field")
    void wrongTypes() throws Exception {
        ChatClient alice = server.user("alice");
        Reply missing = alice.call("send", Map.of("text", "to nobody"));
        assertThat(missing.errorCode()).isEqualTo("bad_request");
        assertThat(missing.errorMessage()).contains("conversationId");
        Reply wrong = alice.call("history", Map.of("conversationId", "seven"));
        assertThat(wrong.errorCode()).isEqualTo("bad_request");
        assertThat(wrong.errorMessage()).contains("'conversationId' must be an integer");
        alice.sendText("{\"op\":\"ping\"}");
        assertThat(awaitUnsolicited(alice, 1).errorMessage()).contains("'id'");
        stillServes(alice);
    }

    @Test
    @DisplayName("an unknown op gets unknown_op")
    void unknownOp() throws Exception {
        ChatClient client = server.connect();
        assertThat(client.call("teleport").errorCode()).isEqualTo("unknown_op");
        stillServes(client);
    }

    @Test
    @DisplayName("every op but hello, ping, register and login is refused before login")
    void everyOpBeforeLogin() throws Exception {
        ChatClient client = server.connect();
        for (String op : server.engine.protocol().operationNames()) {
            if (!OPEN_OPS.contains(op)) {
                assertThat(client.call(op, Map.of("conversationId", 1, "userId", 1, "messageId", 1, "text", "x"))
                        .errorCode()).as(op).isEqualTo("unauthorized");
            }
        }
        stillServes(client);
    }

    @Test
    @DisplayName("a wrong password and a bad token get unauthorized")
    void badCredentials() throws Exception {
        server.user("alice");
        ChatClient client = server.connect();
        assertThat(client.call("login", Map.of("scheme", "password", "username", "alice", "password", "wrong password"))
                .errorCode()).isEqualTo("unauthorized");
        assertThat(client.call("login", Map.of("scheme", "token", "token", "not-a-token")).errorCode())
                .isEqualTo("unauthorized");
        assertThat(client.call("login", Map.of("scheme", "telepathy")).errorCode()).isEqualTo("bad_request");
        client.login("alice", "correct horse battery");
        stillServes(client);
    }

    @Test
    @DisplayName("a page from a foreign Origin cannot connect; allowed origins and non-browsers can")
    void origin() throws Exception {
        assertThatThrownBy(() -> server.connect(Map.of("Origin", "https://evil.example.net")))
                .isInstanceOf(IOException.class).hasMessageContaining("HTTP 403");
        stillServes(server.connect(Map.of("Origin", "https://chat.example.com")));
        stillServes(server.connect());
    }

    @Test
    @DisplayName("an upload over the size limit gets 413, one of a forbidden type 415, and nothing is kept")
    void uploads() throws Exception {
        ChatClient alice = server.user("alice");
        ChatClient.HttpReply big = alice.upload("image", "image/png", new byte[2048]);
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.json().path("error").path("code").asText()).isEqualTo("too_large");
        ChatClient.HttpReply html = alice.upload("image", "text/html", "<script>".getBytes());
        assertThat(html.status()).isEqualTo(415);
        assertThat(html.json().path("error").path("code").asText()).isEqualTo("unsupported_type");
        ChatClient.HttpReply exe = alice.upload("file", "application/x-msdownload", new byte[10]);
        assertThat(exe.status()).isEqualTo(415);
        ChatClient.HttpReply ok = alice.upload("image", "image/png", new byte[1024]);
        assertThat(ok.status()).isEqualTo(201);
        stillServes(alice);
    }

    @Test
    @DisplayName("an upload without a valid token gets 401")
    void uploadWithoutToken() throws Exception {
        ChatClient anonymous = server.connect();
        ChatClient.HttpReply reply = anonymous.upload("image", "image/png", new byte[10]);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().path("error").path("code").asText()).isEqualTo("unauthorized");
    }

    @Test
    @DisplayName("hello negotiates the version and announces the limits")
    void hello() throws Exception {
        ChatClient client = server.connect();
        var hello = client.call("hello", Map.of("versions", List.of(1, 2))).orThrow();
        assertThat(hello.path("version").asInt()).isEqualTo(1);
        assertThat(hello.path("limits").path("maxFrameBytes").asInt()).isEqualTo(4096);
        assertThat(client.call("hello", Map.of("versions", List.of(7))).errorCode()).isEqualTo("unsupported_version");
    }
}
