package dev.parley.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.api.spi.TlsKeyMaterial;
import dev.parley.client.ChatClient;
import dev.parley.client.ServerEvent;
import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.ChatEngine;
import dev.parley.store.memory.MemoryChatStore;
import dev.parley.testkit.transport.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running standalone, mounted into an application's server, over TLS, and shutting down cleanly. */
class WebSocketLifecycleTest {

    @Test
    @DisplayName("mounted into an application's own Jetty server, it chats beside the application's pages")
    void mounted() throws Exception {
        Server app = new Server();
        ServerConnector connector = new ServerConnector(app);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        app.addConnector(connector);
        WebSocketTransport transport = WebSocketTransport.builder().mountOn(app).build();
        Handler hello = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (!Request.getPathInContext(request).equals("/hello")) {
                    return false;
                }
                response.write(true, ByteBuffer.wrap("hi from the app".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        };
        app.setHandler(new Handler.Sequence(hello, transport.handler()));
        app.start();
        try (ChatEngine engine = ChatEngine.builder().store(new MemoryChatStore())
                .passwordHasher(new Argon2idPasswordHasher(1024, 1, 1)).transport(transport).build().start()) {
            int port = connector.getLocalPort();
            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).isEqualTo("hi from the app");
            try (ChatClient client = ChatClient.connect(URI.create("ws://127.0.0.1:" + port + "/chat"))) {
                client.register("alice", "Alice", "correct horse battery");
                assertThat(client.call("me").orThrow().path("user").path("username").asText()).isEqualTo("alice");
            }
        } finally {
            app.stop();
        }
    }

    @Test
    @DisplayName("pings keep a quiet connection alive past the idle timeout")
    void pingsKeepAlive() throws Exception {
        ChatServer server = new ChatServer(t -> t.idleTimeout(Duration.ofMillis(800)), e -> {
        });
        try {
            ChatClient quiet = server.user("alice");
            org.awaitility.Awaitility.await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4))
                    .until(quiet::isOpen);
            assertThat(quiet.call("ping").ok()).isTrue();
        } finally {
            server.close();
        }
    }

    @Test
    @DisplayName("closing the engine tells every connection why, closes it, and stops accepting")
    void cleanShutdown() throws Exception {
        ChatServer server = new ChatServer();
        ChatClient alice = server.user("alice");
        ChatClient anonymous = server.connect();
        URI uri = server.uri();
        server.engine.close();
        ServerEvent closing = alice.awaitEvent("closing", Duration.ofSeconds(5));
        assertThat(closing.data().path("reason").asText()).isEqualTo("server_shutdown");
        assertThat(alice.closed().get(5, TimeUnit.SECONDS)).isEqualTo(1001);
        assertThat(anonymous.awaitEvent("closing", Duration.ofSeconds(5)).data().path("reason").asText())
                .isEqualTo("server_shutdown");
        assertThatThrownBy(() -> ChatClient.connect(uri)).isInstanceOf(IOException.class);
        server.close();
    }

    @Test
    @DisplayName("with a keystore it serves wss:// and https://")
    void tls(@TempDir Path dir) throws Exception {
        Path keystore = TestCertificates.keyStore(dir);

        ChatServer server = new ChatServer(t -> t.tls(keystore, TestCertificates.PASSWORD), e -> {
        });
        try {
            assertThat(server.uri().getScheme()).isEqualTo("wss");
            try (ChatClient client = ChatClient.connect(server.uri(), Map.of(), TestCertificates.trusting(keystore))) {
                client.register("alice", "Alice", "correct horse battery");
                assertThat(client.call("ping").ok()).isTrue();
            }
            assertThatThrownBy(() -> ChatClient.connect(URI.create("ws://127.0.0.1:" + server.transport.port() + "/chat")))
                    .isInstanceOf(IOException.class);
        } finally {
            server.close();
        }
    }

    @Test
    @DisplayName("with a PEM certificate and PKCS#8 key it serves wss://, and build() names bad TLS material")
    void tlsFromPem(@TempDir Path dir) throws Exception {
        Path keystore = TestCertificates.keyStore(dir);
        Path certificate = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        TestCertificates.writePem(keystore, certificate, key);

        ChatServer server = new ChatServer(t -> t.tlsPem(certificate, key), e -> {
        });
        try {
            assertThat(server.uri().getScheme()).isEqualTo("wss");
            try (ChatClient client = ChatClient.connect(server.uri(), Map.of(), TestCertificates.trusting(keystore))) {
                client.register("alice", "Alice", "correct horse battery");
                assertThat(client.call("ping").ok()).isTrue();
            }
        } finally {
            server.close();
        }
        assertThatThrownBy(() -> WebSocketTransport.builder().tls(keystore, "changeit").tlsPem(certificate, key).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> WebSocketTransport.builder().tlsPem(dir.resolve("missing.crt"), key).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> WebSocketTransport.builder().tlsPem(key, certificate).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot use the certificate");
        assertThatThrownBy(() -> WebSocketTransport.builder().tls(keystore, "wrong password").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot use the keystore");
    }

    @Test
    @DisplayName("with key material the host loaded itself it serves wss://, and TLS is set once")
    void tlsFromHostKeyStore(@TempDir Path dir) throws Exception {
        Path keystore = TestCertificates.keyStore(dir);
        KeyStore store = KeyStore.getInstance(keystore.toFile(), TestCertificates.PASSWORD.toCharArray());
        TlsKeyMaterial material = TlsKeyMaterial.of(store, TestCertificates.PASSWORD);

        ChatServer server = new ChatServer(t -> t.tls(material), e -> {
        });
        try {
            assertThat(server.uri().getScheme()).isEqualTo("wss");
            try (ChatClient client = ChatClient.connect(server.uri(), Map.of(), TestCertificates.trusting(keystore))) {
                client.register("alice", "Alice", "correct horse battery");
                assertThat(client.call("ping").ok()).isTrue();
            }
        } finally {
            server.close();
        }
        assertThatThrownBy(() -> WebSocketTransport.builder().tls(material).tls(material))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> TlsKeyMaterial.of(store, "wrong password"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot use the key store");
    }
}
