package dev.parley.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.ChatClient;
import dev.parley.core.ChatLimits;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Uploads past what is kept in memory, and bodies that announce no length. */
class LargeUploadTest {

    private ChatServer server;

    @AfterEach
    void close() {
        server.close();
    }

    private static long id(ChatClient client) {
        return client.call("me").orThrow().path("user").path("id").asLong();
    }

    @Test
    @DisplayName("an upload larger than what is buffered in memory goes up and comes down byte for byte")
    void largeUploadRoundTrips() throws Exception {
        server = new ChatServer();
        ChatClient ann = server.user("ann");
        ChatClient ben = server.user("ben");
        ann.call("friends.request", Map.of("userId", id(ben))).orThrow();
        ben.call("friends.accept", Map.of("userId", id(ann))).orThrow();
        byte[] file = new byte[UploadBody.IN_MEMORY * 5 + 17];
        new Random(7).nextBytes(file);

        ChatClient.HttpReply upload = ann.upload("file", "application/zip", file);
        assertThat(upload.status()).isEqualTo(201);
        assertThat(upload.json().path("attachment").path("size").asLong()).isEqualTo(file.length);
        String attachment = upload.json().path("attachment").path("id").asText();
        JsonNode message = ann.call("send", Map.of("toUserId", id(ben), "kind", "file",
                "attachment", Map.of("id", attachment))).orThrow().path("message");

        ChatClient.HttpReply download = ben.download(attachment, message.path("id").asLong());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(file);
    }

    @Test
    @DisplayName("a chunked upload that grows past the limit is refused with 413 too_large as it arrives")
    void chunkedUploadPastTheLimit() throws Exception {
        server = new ChatServer(t -> {
        }, e -> e.limits(ChatLimits.defaults().withMaxAttachmentBytes(100)));
        ChatClient ann = server.user("ann");
        try (RawHttp socket = new RawHttp("127.0.0.1", server.transport.port())) {
            String head = "POST /attachments?kind=file HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + ann.token() + "\r\nContent-Type: text/plain\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n";
            String chunk = "40\r\n" + "x".repeat(0x40) + "\r\n";
            // 128 bytes in two chunks, and the body never ends: the answer must not wait for its end.
            RawHttp.Reply reply = socket.send((head + chunk + chunk).getBytes(StandardCharsets.US_ASCII)).read();
            assertThat(reply.status()).isEqualTo(413);
            assertThat(reply.errorCode()).isEqualTo("too_large");
        }
        ChatClient.HttpReply fits = ann.upload("file", "text/plain", new byte[100]);
        assertThat(fits.status()).isEqualTo(201);
    }
}
