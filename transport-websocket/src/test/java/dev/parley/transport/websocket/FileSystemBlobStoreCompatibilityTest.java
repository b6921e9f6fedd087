package dev.parley.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.AttachmentId;
import dev.parley.api.spi.BlobStore;
import dev.parley.core.blob.FileSystemBlobStore;
import dev.parley.testkit.BlobStoreCompatibilityKit;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filesystem blob store keeps the blob store contract. It lives in chat-core, which cannot depend
 * on the test kit, so the WebSocket transport, which serves attachments, runs the kit for it.
 */
class FileSystemBlobStoreCompatibilityTest extends BlobStoreCompatibilityKit {

    @TempDir
    Path root;

    @Override
    protected BlobStore createBlobStore() {
        return new FileSystemBlobStore(root);
    }

    @Test
    @DisplayName("no file name under the store's directory contains the attachment id")
    void idsNeverBecomePaths() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        store.start();
        AttachmentId id = AttachmentId.of("plain-visible-id-123456");
        store.put(id, "image/png", new ByteArrayInputStream(new byte[] {1, 2, 3}), 10);
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains(id.value()));
        }
        assertThat(store.open(id)).isPresent();
    }
}
