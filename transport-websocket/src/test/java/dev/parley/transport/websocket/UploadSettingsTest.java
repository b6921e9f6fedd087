package dev.parley.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.api.MessageKind;
import dev.parley.client.ChatClient;
import dev.parley.core.AttachmentTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The upload and thread settings of the builder: what they refuse, and the defaults at work. */
class UploadSettingsTest {

    @Test
    @DisplayName("the builder refuses limits that could not work, naming them")
    void refusesNonsense() {
        WebSocketTransport.Builder builder = WebSocketTransport.builder();
        assertThatThrownBy(() -> builder.uploadIdleTimeout(Duration.ZERO)).hasMessageContaining("upload idle timeout");
        assertThatThrownBy(() -> builder.maxUploadsPerAddress(0)).hasMessageContaining("per address");
        assertThatThrownBy(() -> builder.maxUploadsPerUser(0)).hasMessageContaining("per user");
        assertThatThrownBy(() -> builder.maxThreads(15)).hasMessageContaining("at least 16 threads");
    }

    @Test
    @DisplayName("by default one user may have 4 uploads in progress at once")
    void defaultPerUserCap() throws Exception {
        List<RawHttp> uploads = new ArrayList<>();
        try (ChatServer server = new ChatServer()) {
            ChatClient mallory = server.user("mallory");
            for (int i = 0; i < 5; i++) {
                uploads.add(new RawHttp("127.0.0.1", server.transport.port())
                        .startUpload(mallory.token(), 1000, "%PD".getBytes(StandardCharsets.US_ASCII)));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> uploads.stream().filter(UploadSettingsTest::answered).count() == 1);
            RawHttp.Reply refused = uploads.stream().filter(UploadSettingsTest::answered).findFirst().orElseThrow().read();
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.json().path("error").path("message").asText()).isEqualTo("at most 4 uploads at once per user");
        } finally {
            for (RawHttp upload : uploads) {
                upload.close();
            }
        }
    }

    @Test
    @DisplayName("an upload is checked before it is read against the engine's own content types, not the defaults")
    void engineContentTypes() throws Exception {
        AttachmentTypes onlyAvif = AttachmentTypes.defaults().with(MessageKind.IMAGE, Set.of("image/avif"));
        try (ChatServer server = new ChatServer(t -> {
        }, e -> e.attachmentTypes(onlyAvif))) {
            ChatClient ada = server.user("ada");
            byte[] picture = {1, 2, 3, 4};

            ChatClient.HttpReply allowed = ada.upload("image", "image/avif", picture);
            ChatClient.HttpReply refused = ada.upload("image", "image/png", picture);

            assertThat(allowed.status()).isEqualTo(201);
            assertThat(allowed.json().path("attachment").path("mimeType").asText()).isEqualTo("image/avif");
            assertThat(refused.status()).isEqualTo(415);
            assertThat(refused.json().path("error").path("code").asText()).isEqualTo("unsupported_type");
        }
    }

    private static boolean answered(RawHttp socket) {
        try {
            return socket.answered();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
