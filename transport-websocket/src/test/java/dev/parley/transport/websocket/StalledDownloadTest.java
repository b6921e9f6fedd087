package dev.parley.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.client.ChatClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Downloads whose clients never read: they hold no thread either. */
class StalledDownloadTest {

    private ChatServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        server.close();
    }

    private static long id(ChatClient client) {
        return client.call("me").orThrow().path("user").path("id").asLong();
    }

    @Test
    @DisplayName("more downloads that never read than the server has threads keep nobody waiting")
    void stalledDownloadsStarveNobody() throws Exception {
        server = new ChatServer(t -> t.maxThreads(16), e -> {
        });
        ChatClient ann = server.user("ann");
        ChatClient ben = server.user("ben");
        ann.call("friends.request", Map.of("userId", id(ben))).orThrow();
        ben.call("friends.accept", Map.of("userId", id(ann))).orThrow();
        byte[] video = new byte[4 * 1024 * 1024];
        new Random(3).nextBytes(video);
        String attachment = ann.upload("file", "video/mp4", video).json().path("attachment").path("id").asText();
        long message = ann.call("send", Map.of("toUserId", id(ben), "kind", "file",
                "attachment", Map.of("id", attachment))).orThrow().path("message").path("id").asLong();

        String request = "GET /attachments/" + attachment + "?message=" + message + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + ben.token() + "\r\n\r\n";
        for (int i = 0; i < 40; i++) {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(4096); // a small window, so the server's writes fill up and wait
            socket.connect(new InetSocketAddress("127.0.0.1", server.transport.port()));
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            sockets.add(socket);
        }

        CompletableFuture<Integer> upload = CompletableFuture.supplyAsync(() -> {
            try {
                return server.device("ann").upload("file", "text/plain", new byte[] {1}).status();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(upload::isDone);
        assertThat(upload.join()).isEqualTo(201);
    }
}
