package dev.parley.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.UserId;
import dev.parley.core.ChatLimits;
import dev.parley.testkit.transport.Frames;
import dev.parley.testkit.transport.KitClient;
import dev.parley.testkit.transport.TestCertificates;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input over a real TCP connection: each case gets the outcome docs/protocol.md ("TCP framing")
 * documents, and another client is served all along.
 */
class TcpBadInputTest {

    private static final int LIMIT = 4096;
    private TcpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TcpServer start(Consumer<TcpTransport.Builder> transport) {
        server = new TcpServer(transport, engine -> engine.limits(ChatLimits.defaults().withMaxFrameBytes(LIMIT)));
        return server;
    }

    private static void stillServes(KitClient client) {
        assertThat(client.call("ping").path("ok").asBoolean()).as("the connection still answers").isTrue();
    }

    /** Bytes made of text and single bytes, such as an invalid UTF-8 sequence inside a JSON line. */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String text) {
                out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }

    @Test
    @DisplayName("a line growing past the limit without a newline gets too_large at once, then the connection is closed")
    void endlessLine() {
        start(t -> {
        });
        KitClient other = server.user("bob");
        LineClient endless = server.line();
        KitClient reader = new KitClient(endless);
        byte[] kibibyte = "x".repeat(1024).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 5; i++) {
            endless.write(kibibyte); // 5 KiB and no newline: over the 4 KiB limit
        }
        // Answered before any newline came: the server does not wait for the end of the line.
        JsonNode error = reader.awaitUnsolicitedError();
        assertThat(Frames.errorCode(error)).isEqualTo("too_large");
        assertThat(error.path("error").path("message").asText()).isEqualTo("a line is at most 4096 bytes");
        assertThat(reader.awaitEvent("closing").path("reason").asText()).isEqualTo("too_large");
        try {
            for (int i = 0; i < 256; i++) {
                endless.write(kibibyte); // the server reads and drops this, then goes
            }
        } catch (UncheckedIOException closed) {
            // the server has closed the connection
        }
        await().atMost(Duration.ofSeconds(5)).until(endless::ended);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.transport.connectionCount() == 1);
        stillServes(other);
        stillServes(server.client());
    }

    @Test
    @DisplayName("a line that is not UTF-8 gets bad_request 'invalid UTF-8', and the connection stays open")
    void invalidUtf8() {
        start(t -> {
        });
        KitClient other = server.user("bob");
        KitClient client = server.client();
        LineClient line = (LineClient) client.connection();
        String start = "{\"id\":\"1\",\"op\":\"ping\",\"data\":{\"x\":\"";
        List<byte[]> badLines = List.of(
                bytes(start, 0xC3, 0x28, "\"}}\n"),             // a lead byte without its continuation
                bytes(start, 0xC0, 0xAF, "\"}}\n"),             // an overlong encoding of '/'
                bytes(start, 0xED, 0xA0, 0x80, "\"}}\n"),       // a UTF-16 surrogate, encoded
                bytes(start, 0x80, "\"}}\n"),                   // a continuation byte alone
                bytes(start, 0xFF, "\"}}\n"),                   // never valid in UTF-8
                bytes("{\"id\":\"2\",\"op\":\"ping\"} ", 0xE2, 0x82, "\n")); // cut off at the end of the line
        for (byte[] bad : badLines) {
            line.write(bad);
            JsonNode error = client.awaitUnsolicitedError();
            assertThat(Frames.errorCode(error)).isEqualTo("bad_request");
            assertThat(error.path("error").path("message").asText()).startsWith("invalid UTF-8");
        }
        // A character split across two writes is still one character.
        line.write(bytes("{\"id\":\"split\",\"op\":\"ping\",\"data\":{\"x\":\"", 0xC3));
        line.write(bytes(0xA9, "\"}}\n"));
        assertThat(client.awaitResponse("split").path("ok").asBoolean()).isTrue();
        stillServes(client);
        stillServes(other);
    }

    /**
     * Writes the lines, then reads everything the server says until it ends the stream: each line must
     * be answered, the last one too, before the {@code closing} event.
     */
    private List<String> answersUntilClosed(LineClient line, List<byte[]> lines) {
        for (byte[] bad : lines) {
            line.write(bad);
        }
        List<String> answers = new java.util.ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            // Read first: the reader queues every line before it marks the end.
            boolean ended = line.ended();
            for (String next = line.receive(Duration.ZERO); next != null; next = line.receive(Duration.ZERO)) {
                answers.add(next);
            }
            return ended;
        });
        return answers;
    }

    private static List<String> answeredThenClosed(String error, int times) {
        List<String> expected = new java.util.ArrayList<>(java.util.Collections.nCopies(times, error));
        expected.add("{\"event\":\"closing\",\"data\":{\"reason\":\"abusive\"}}");
        return expected;
    }

    private static final String INVALID_UTF8_ERROR =
            "{\"id\":null,\"ok\":false,\"error\":{\"code\":\"bad_request\",\"message\":\"invalid UTF-8: a line must be UTF-8 text\"}}";

    @Test
    @DisplayName("twenty lines in a row that are not UTF-8 are all answered, the twentieth too, then the connection is closed as abusive")
    void abusiveInvalidUtf8() {
        start(t -> {
        });
        KitClient other = server.user("bob");
        LineClient line = server.line();
        List<byte[]> lines = java.util.Collections.nCopies(20, bytes(0xFF, "\n"));
        assertThat(answersUntilClosed(line, lines)).containsExactlyElementsOf(answeredThenClosed(INVALID_UTF8_ERROR, 20));
        stillServes(other);
    }

    @Test
    @DisplayName("twenty lines in a row that are not JSON get the same treatment as those that are not UTF-8")
    void abusiveGarbage() {
        start(t -> {
        });
        LineClient line = server.line();
        List<byte[]> lines = java.util.Collections.nCopies(20, bytes("{garbage\n"));
        List<String> answers = answersUntilClosed(line, lines);
        assertThat(answers).hasSize(21);
        assertThat(answers.subList(0, 20)).allSatisfy(answer -> {
            assertThat(Frames.errorCode(Frames.parse(answer))).isEqualTo("bad_request");
            assertThat(Frames.parse(answer).path("id").isNull()).isTrue();
        });
        assertThat(answers.get(20)).isEqualTo("{\"event\":\"closing\",\"data\":{\"reason\":\"abusive\"}}");
    }

    @Test
    @DisplayName("lines that are not UTF-8 and lines that are not JSON count together toward the twenty in a row")
    void abusiveMixed() {
        start(t -> {
        });
        LineClient line = server.line();
        List<byte[]> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            lines.add(bytes(0xFF, "\n"));
            lines.add(bytes("not json\n"));
        }
        List<String> answers = answersUntilClosed(line, lines);
        assertThat(answers).hasSize(21);
        assertThat(answers.get(20)).isEqualTo("{\"event\":\"closing\",\"data\":{\"reason\":\"abusive\"}}");
    }

    @Test
    @DisplayName("lines of only spaces, tabs and carriage returns are ignored like empty lines: no answer, and they do not count")
    void whitespaceLines() {
        start(t -> {
        });
        LineClient line = server.line();
        for (int i = 0; i < 30; i++) {
            line.write(bytes(" ", "\t", "  \r\n", "\n", "\t\n"));
        }
        line.send("{\"id\":\"after\",\"op\":\"ping\"}");
        assertThat(line.receive(KitClient.WAIT)).isEqualTo("{\"id\":\"after\",\"ok\":true,\"data\":{}}");
        // Nineteen lines that are not UTF-8, blank lines between them, and one more: the blank ones
        // neither count nor break the run, so the twentieth closes.
        List<byte[]> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lines.add(bytes(0xFF, "\n"));
            lines.add(bytes("   \n"));
        }
        assertThat(answersUntilClosed(line, lines)).containsExactlyElementsOf(answeredThenClosed(INVALID_UTF8_ERROR, 20));
    }

    @Test
    @DisplayName("a half-open connection that never sends, reads or closes is closed by the idle timeout; one that pings stays")
    void halfOpen() throws IOException {
        start(t -> t.idleTimeout(Duration.ofMillis(600)));
        KitClient alice = server.user("alice");
        long aliceId = alice.userId();
        KitClient bob = server.user("bob");
        try (Socket silent = new Socket()) {
            silent.connect(new InetSocketAddress("127.0.0.1", server.transport.port()));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.transport.connectionCount() == 3);
            // Bob pings every 200 ms, well within the timeout; Alice and the bare socket say nothing.
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
                stillServes(bob);
                return !alice.isOpen() && server.transport.connectionCount() == 1;
            });
            assertThat(silent.getInputStream().readAllBytes()).asString(StandardCharsets.UTF_8)
                    .isEqualTo("{\"event\":\"closing\",\"data\":{\"reason\":\"idle_timeout\"}}\n");
        }
        assertThat(alice.awaitEvent("closing").path("reason").asText()).isEqualTo("idle_timeout");
        await().atMost(Duration.ofSeconds(5)).until(() -> !server.engine.sessions().isOnline(UserId.of(aliceId)));
        assertThat(bob.isOpen()).isTrue();
        stillServes(bob);
    }

    @Test
    @DisplayName("the idle timeout counts every byte received, not only whole lines, and closes a silent peer no sooner than it")
    void idleCountsPartialLines() throws Exception {
        start(t -> t.idleTimeout(Duration.ofMillis(600)));
        try (Socket slow = new Socket(); Socket silent = new Socket()) {
            long silentSince = System.nanoTime();
            silent.connect(new InetSocketAddress("127.0.0.1", server.transport.port()));
            slow.connect(new InetSocketAddress("127.0.0.1", server.transport.port()));
            OutputStream out = slow.getOutputStream();
            out.write("{\"id\":1,".getBytes(StandardCharsets.UTF_8));
            out.flush();
            // One space every 150 ms, ten of them (1.5 s, two and a half timeouts with no whole line, yet
            // never 600 ms without a byte), then the rest of the line.
            AtomicInteger spaces = new AtomicInteger();
            ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
            try {
                writer.scheduleAtFixedRate(() -> {
                    try {
                        if (spaces.get() < 10) {
                            out.write(' ');
                            out.flush();
                            spaces.incrementAndGet();
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, 150, 150, TimeUnit.MILLISECONDS);
                await().atMost(Duration.ofSeconds(10)).until(() -> spaces.get() == 10);
            } finally {
                writer.shutdownNow();
            }
            out.write("\"op\":\"ping\"}\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            slow.setSoTimeout(5_000);
            String answer = new BufferedReader(new InputStreamReader(slow.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            assertThat(answer).isEqualTo("{\"id\":1,\"ok\":true,\"data\":{}}");
            silent.setSoTimeout(5_000);
            assertThat(silent.getInputStream().readAllBytes()).asString(StandardCharsets.UTF_8)
                    .isEqualTo("{\"event\":\"closing\",\"data\":{\"reason\":\"idle_timeout\"}}\n");
            assertThat(Duration.ofNanos(System.nanoTime() - silentSince)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        }
    }

    @Test
    @DisplayName("the idle check runs every quarter of the timeout, at least every second and at most every 10 ms")
    void idleSweepPeriod() {
        assertThat(TcpTransport.idleSweepPeriod(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(1));
        assertThat(TcpTransport.idleSweepPeriod(Duration.ofMillis(600))).isEqualTo(Duration.ofMillis(150));
        assertThat(TcpTransport.idleSweepPeriod(Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    @DisplayName("a flood of pings from a client that never reads is cut off as a slow consumer; others are served meanwhile")
    void pingFlood() throws Exception {
        start(t -> t.maxQueuedBytes(64 * 1024).idleTimeout(Duration.ofSeconds(30)));
        KitClient other = server.user("bob");
        long cap = 64L * 1024 * 1024;
        try (Socket flooder = new Socket()) {
            flooder.setReceiveBufferSize(4096);
            flooder.connect(new InetSocketAddress("127.0.0.1", server.transport.port()));
            byte[] burst = "{\"id\":\"p\",\"op\":\"ping\"}\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            OutputStream out = flooder.getOutputStream();
            CompletableFuture<Long> flood = CompletableFuture.supplyAsync(() -> {
                long sent = 0;
                try {
                    while (sent < cap) {
                        out.write(burst);
                        sent += burst.length;
                    }
                } catch (IOException cutOff) {
                    // the server closed the connection
                }
                return sent;
            });
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                stillServes(other);
                return server.transport.connectionCount() == 1;
            });
            long sent = flood.get(30, TimeUnit.SECONDS);
            assertThat(sent).as("bytes of pings sent before the server cut the flood off").isLessThan(cap);
        }
        stillServes(other);
        stillServes(server.client());
    }

    @Test
    @DisplayName("plaintext sent to the TLS port gets one plaintext line saying so and is closed; TLS clients are served")
    void plaintextOnTlsPort(@TempDir Path dir) throws Exception {
        Path keystore = TestCertificates.keyStore(dir);
        start(t -> t.tls(keystore, TestCertificates.PASSWORD));
        KitClient alice = new KitClient(server.track(
                new LineClient(TestCertificates.trusting(keystore).getSocketFactory(), server.transport.port(), 0)));
        alice.register("alice", TcpServer.PASSWORD);

        LineClient plain = server.line();
        plain.send("{\"id\":\"1\",\"op\":\"ping\"}");
        String answer = plain.receive(KitClient.WAIT);
        assertThat(answer).as("a plaintext answer").isNotNull();
        JsonNode error = Frames.parse(answer);
        assertThat(Frames.errorCode(error)).isEqualTo("bad_request");
        assertThat(error.path("error").path("message").asText()).contains("this port speaks TLS");
        await().atMost(Duration.ofSeconds(5)).until(plain::ended);
        assertThat(plain.receive(Duration.ZERO)).as("nothing else is said").isNull();
        stillServes(alice);
    }
}
