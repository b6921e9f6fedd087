package dev.parley.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.ChatEngine;
import dev.parley.store.memory.MemoryChatStore;
import dev.parley.testkit.transport.KitClient;
import dev.parley.testkit.transport.TestCertificates;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting on a free port, TLS from a keystore or PEM files, attaching to a running engine, and shutting down. */
class TcpLifecycleTest {

    @TempDir
    static Path dir;
    private static Path keystore;

    @BeforeAll
    static void certificate() throws Exception {
        keystore = TestCertificates.keyStore(dir);
    }

    private static void registersAndPings(TcpServer server, SSLSocketFactory tls) throws IOException {
        KitClient client = new KitClient(server.track(new LineClient(tls, server.transport.port(), 0)));
        client.register("alice", TcpServer.PASSWORD);
        assertThat(client.ok("me").path("user").path("username").asText()).isEqualTo("alice");
        assertThat(client.call("ping").path("ok").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("port 0 picks a free port, which port() reports once started")
    void freePort() {
        TcpTransport transport = TcpTransport.builder().host("127.0.0.1").port(0).build();
        assertThat(transport.port()).isEqualTo(-1);
        assertThat(transport.id()).isEqualTo("tcp");
        try (TcpServer server = new TcpServer(t -> {
        })) {
            try (TcpServer second = new TcpServer(t -> {
            })) {
                assertThat(server.transport.port()).isPositive().isNotEqualTo(second.transport.port());
                assertThat(server.transport.isTls()).isFalse();
                assertThat(server.client().call("ping").path("ok").asBoolean()).isTrue();
            }
        }
    }

    @Test
    @DisplayName("with a keystore it serves TLS")
    void tlsFromKeyStore() throws Exception {
        try (TcpServer server = new TcpServer(t -> t.tls(keystore, TestCertificates.PASSWORD))) {
            assertThat(server.transport.isTls()).isTrue();
            registersAndPings(server, TestCertificates.trusting(keystore).getSocketFactory());
        }
    }

    @Test
    @DisplayName("with a PEM certificate and key it serves TLS")
    void tlsFromPem() throws Exception {
        Path certificate = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        TestCertificates.writePem(keystore, certificate, key);
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        try (TcpServer server = new TcpServer(t -> t.tlsPem(certificate, key))) {
            registersAndPings(server, TestCertificates.trusting(keystore).getSocketFactory());
        }
    }

    @Test
    @DisplayName("build() names what is wrong with the TLS setup; the builder refuses bad values")
    void badConfiguration() throws Exception {
        Path pem = dir.resolve("chain.pem");
        Path key = dir.resolve("chain.key");
        TestCertificates.writePem(keystore, pem, key);
        assertThatThrownBy(() -> TcpTransport.builder().tls(keystore, TestCertificates.PASSWORD).tlsPem(pem, key).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> TcpTransport.builder().tls(dir.resolve("missing.p12"), "x").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> TcpTransport.builder().tls(keystore, "wrong password").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot use the keystore");
        assertThatThrownBy(() -> TcpTransport.builder().tlsPem(key, pem).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot use the certificate");
        assertThatThrownBy(() -> TcpTransport.builder().port(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TcpTransport.builder().idleTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TcpTransport.builder().maxQueuedBytes(10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a port that is taken fails start with a message naming it")
    void portTaken() {
        try (TcpServer server = new TcpServer(t -> {
        })) {
            int taken = server.transport.port();
            TcpTransport second = TcpTransport.builder().host("127.0.0.1").port(taken).build();
            assertThatThrownBy(() -> second.start(server.engine.protocol()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("127.0.0.1:" + taken);
        }
    }

    @Test
    @DisplayName("closing the engine tells every connection server_shutdown, ends it, and stops accepting")
    void cleanShutdown() throws Exception {
        TcpServer server = new TcpServer(t -> {
        });
        KitClient alice = server.user("alice");
        KitClient anonymous = server.client();
        // A round trip, so that the server has taken the connection in: one still in the accept
        // queue when the engine closes is closed without a closing event.
        anonymous.ok("ping");
        int port = server.transport.port();
        server.engine.close();
        for (KitClient client : List.of(alice, anonymous)) {
            assertThat(client.awaitEvent("closing").path("reason").asText()).isEqualTo("server_shutdown");
            await().atMost(Duration.ofSeconds(5)).until(() -> !client.isOpen());
        }
        assertThat(server.transport.connectionCount()).isZero();
        assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", port), 2_000))
                .isInstanceOf(ConnectException.class);
        server.close();
    }

    @Test
    @DisplayName("attached to a running engine with start(engine.protocol()), it serves until the application closes it")
    void attachedToRunningEngine() throws Exception {
        try (ChatEngine engine = ChatEngine.builder().store(new MemoryChatStore())
                .passwordHasher(new Argon2idPasswordHasher(1024, 1, 1)).build().start()) {
            TcpTransport transport = TcpTransport.builder().host("127.0.0.1").port(0).build();
            transport.start(engine.protocol());
            assertThatThrownBy(() -> transport.start(engine.protocol())).isInstanceOf(IllegalStateException.class);
            KitClient client = new KitClient(new LineClient(transport.port()));
            client.register("alice", TcpServer.PASSWORD);
            assertThat(transport.connectionCount()).isEqualTo(1);
            transport.close();
            assertThat(client.awaitEvent("closing").path("reason").asText()).isEqualTo("server_shutdown");
            await().atMost(Duration.ofSeconds(5)).until(() -> !client.isOpen());
            transport.close(); // idempotent
            client.close();
        }
    }

    @Test
    @DisplayName("the start-up actions run with the store started and before the listener accepts anything")
    void startUpActionsRunBeforeTheTransport() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        TcpTransport transport = TcpTransport.builder().host("127.0.0.1").port(port).build();
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ChatEngine engine = ChatEngine.builder().store(new MemoryChatStore())
                .passwordHasher(new Argon2idPasswordHasher(1024, 1, 1))
                .transport(transport)
                .onStarted(e -> {
                    e.users().register("first", "First", TcpServer.PASSWORD);
                    try (Socket early = new Socket()) {
                        early.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
                        seen.add("accepted");
                    } catch (IOException refused) {
                        seen.add("refused");
                    }
                })
                .onStarted(e -> seen.add("second action"))
                .build().start()) {
            assertThat(seen).containsExactly("refused", "second action");
            KitClient client = new KitClient(new LineClient(transport.port()));
            assertThat(client.call("login", java.util.Map.of("scheme", "password", "username", "first",
                    "password", TcpServer.PASSWORD)).path("ok").asBoolean()).isTrue();
            client.close();
        }
    }

    @Test
    @DisplayName("a start-up action that fails fails the start, and nothing is left listening")
    void failingStartUpAction() throws Exception {
        TcpTransport transport = TcpTransport.builder().host("127.0.0.1").port(0).build();
        ChatEngine engine = ChatEngine.builder().store(new MemoryChatStore()).transport(transport)
                .onStarted(e -> {
                    throw new IllegalStateException("seeding failed");
                })
                .build();
        assertThatThrownBy(engine::start).hasMessage("seeding failed");
        assertThat(engine.isRunning()).isFalse();
        assertThat(transport.port()).isEqualTo(-1);
    }
}
