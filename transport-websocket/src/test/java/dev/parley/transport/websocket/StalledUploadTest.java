package dev.parley.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.client.ChatClient;
import dev.parley.core.RateLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Uploads whose body never comes, over raw sockets: they hold no thread, so nobody else waits on them;
 * they are cut after the upload idle timeout; and past the caps they are refused at once.
 */
class StalledUploadTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final byte[] THREE_BYTES = "%PD".getBytes(StandardCharsets.US_ASCII);

    private ChatServer server;
    private final List<RawHttp> sockets = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (RawHttp socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(Consumer<WebSocketTransport.Builder> transport, int connectionsPerAddress) {
        server = new ChatServer(transport, e -> e.rateLimits(RateLimits.defaults().withConnections(20, connectionsPerAddress)));
    }

    private RawHttp stalledUpload(String from, String token) throws IOException {
        RawHttp socket = new RawHttp(from, server.transport.port()).startUpload(token, 1_000_000, THREE_BYTES);
        sockets.add(socket);
        return socket;
    }

    private static boolean answered(RawHttp socket) {
        try {
            return socket.answered();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @DisplayName("250 uploads stalled after 3 of 1,000,000 bytes keep neither a new login nor another upload waiting")
    void stalledUploadsStarveNobody() throws Exception {
        // Caps raised, so that every stalled upload is let in and holds its place: what is tested is
        // that none of them holds a thread.
        start(t -> t.maxUploadsPerAddress(1000).maxUploadsPerUser(1000), 1000);
        String token = server.user("mallory").token();
        server.user("alice");
        for (int i = 0; i < 250; i++) {
            stalledUpload("127.0.0.1", token);
        }

        CompletableFuture<ChatClient.HttpReply> upload = CompletableFuture.supplyAsync(() -> {
            try {
                ChatClient alice = server.device("alice");
                return alice.upload("file", "text/plain", "the minutes".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(WAIT).until(upload::isDone);
        assertThat(upload.join().status()).isEqualTo(201);
        // They were not cut to make room: every one of them is still waiting for its body.
        assertThat(sockets).noneMatch(StalledUploadTest::answered);
    }

    @Test
    @DisplayName("an upload whose body stalls is answered 408 and cut after the upload idle timeout")
    void stalledUploadsAreCut() throws Exception {
        start(t -> t.uploadIdleTimeout(Duration.ofSeconds(2)), 200);
        ChatClient mallory = server.user("mallory");
        List<RawHttp> stalled = List.of(stalledUpload("127.0.0.1", mallory.token()),
                stalledUpload("127.0.0.1", mallory.token()), stalledUpload("127.0.0.1", mallory.token()));

        await().atLeast(Duration.ofSeconds(1)).atMost(WAIT).until(() -> stalled.stream().allMatch(StalledUploadTest::answered));
        for (RawHttp socket : stalled) {
            RawHttp.Reply reply = socket.read();
            assertThat(reply.status()).isEqualTo(408);
            assertThat(reply.headers().get("content-type")).startsWith("application/json");
            assertThat(reply.errorCode()).isEqualTo("bad_request");
            assertThat(reply.json().path("error").path("message").asText()).contains("stalled");
            assertThat(socket.closedByServer()).isTrue();
        }
        // Their places are free again.
        assertThat(mallory.upload("file", "text/plain", new byte[] {1}).status()).isEqualTo(201);
    }

    @Test
    @DisplayName("past the uploads allowed per user and per address, an upload is refused at once with 429 rate_limited")
    void uploadCaps() throws Exception {
        start(t -> t.maxUploadsPerAddress(3).maxUploadsPerUser(2), 200);
        ChatClient mallory = server.user("mallory");
        ChatClient trudy = server.user("trudy");
        ChatClient alice = server.user("alice");

        List<RawHttp> mallorys = List.of(stalledUpload("127.0.0.2", mallory.token()),
                stalledUpload("127.0.0.2", mallory.token()), stalledUpload("127.0.0.2", mallory.token()));
        await().atMost(WAIT).until(() -> mallorys.stream().filter(StalledUploadTest::answered).count() == 1);
        RawHttp.Reply perUser = mallorys.stream().filter(StalledUploadTest::answered).findFirst().orElseThrow().read();
        assertThat(perUser.status()).isEqualTo(429);
        assertThat(perUser.errorCode()).isEqualTo("rate_limited");
        assertThat(perUser.json().path("error").path("message").asText()).isEqualTo("at most 2 uploads at once per user");
        assertThat(perUser.json().path("error").path("retryAfterMs").asLong()).isEqualTo(1000);
        assertThat(perUser.headers().get("retry-after")).isEqualTo("1");

        // Two of mallory's hold their places; trudy, from the same address, gets the third and no more.
        List<RawHttp> trudys = List.of(stalledUpload("127.0.0.2", trudy.token()), stalledUpload("127.0.0.2", trudy.token()));
        await().atMost(WAIT).until(() -> trudys.stream().filter(StalledUploadTest::answered).count() == 1);
        RawHttp.Reply perAddress = trudys.stream().filter(StalledUploadTest::answered).findFirst().orElseThrow().read();
        assertThat(perAddress.status()).isEqualTo(429);
        assertThat(perAddress.json().path("error").path("message").asText())
                .isEqualTo("at most 3 uploads at once from one address");

        // The per-user cap holds from any address; another user from another address is not affected.
        assertThat(mallory.upload("file", "text/plain", new byte[] {1}).status()).isEqualTo(429);
        assertThat(alice.upload("file", "text/plain", new byte[] {1}).status()).isEqualTo(201);

        // When mallory's stalled uploads go away, so do their places.
        for (RawHttp socket : mallorys) {
            socket.close();
        }
        await().atMost(WAIT).until(() -> mallory.upload("file", "text/plain", new byte[] {1}).status() == 201);
    }

    @Test
    @DisplayName("HTTP requests count against the connections allowed per address, together with WebSocket sessions")
    void httpCountsAsConnections() throws Exception {
        start(t -> {
        }, 3);
        ChatClient alice = server.user("alice");
        List<RawHttp> uploads = List.of(stalledUpload("127.0.0.1", alice.token()),
                stalledUpload("127.0.0.1", alice.token()), stalledUpload("127.0.0.1", alice.token()));
        // One WebSocket and two uploads fill the three places of 127.0.0.1; the third upload is refused.
        await().atMost(WAIT).until(() -> uploads.stream().filter(StalledUploadTest::answered).count() == 1);
        RawHttp.Reply refused = uploads.stream().filter(StalledUploadTest::answered).findFirst().orElseThrow().read();
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.errorCode()).isEqualTo("rate_limited");
        assertThat(refused.json().path("error").path("message").asText())
                .isEqualTo("this address holds the most connections allowed");
        ChatClient another = server.connect();
        assertThat(another.awaitEvent("closing", WAIT).data().path("reason").asText()).isEqualTo("too_many_connections");

        // Another address is not affected.
        try (RawHttp other = new RawHttp("127.0.0.2", server.transport.port())) {
            RawHttp.Reply reply = other.startUpload(alice.token(), 5, "hello".getBytes(StandardCharsets.US_ASCII)).read();
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        }
        for (RawHttp socket : uploads) {
            socket.close();
        }
        await().atMost(WAIT).until(() -> alice.upload("file", "text/plain", new byte[] {1}).status() == 201);
    }

    @Test
    @DisplayName("an upload cut short of its Content-Length is the client's fault: 400 bad_request, not 500")
    void truncatedUpload() throws Exception {
        start(t -> {
        }, 200);
        ChatClient alice = server.user("alice");
        try (RawHttp socket = new RawHttp("127.0.0.1", server.transport.port())) {
            socket.startUpload(alice.token(), 100, "hello world".getBytes(StandardCharsets.US_ASCII));
            socket.socket.shutdownOutput();
            RawHttp.Reply reply = socket.read();
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.errorCode()).isEqualTo("bad_request");
            assertThat(reply.json().path("error").path("message").asText())
                    .isEqualTo("the upload broke off before the 100 bytes it announced");
        }
        assertThat(alice.upload("file", "text/plain", new byte[] {1}).status()).isEqualTo(201);
    }
}
