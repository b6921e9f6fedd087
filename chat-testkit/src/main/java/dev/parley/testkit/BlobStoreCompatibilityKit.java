package dev.parley.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.api.AttachmentId;
import dev.parley.api.ConflictException;
import dev.parley.api.TooLargeException;
import dev.parley.api.spi.BlobInfo;
import dev.parley.api.spi.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link BlobStore} keeps, as JUnit 5 tests: storing, describing, reading and
 * deleting blobs, the size limit, and ids that are taken or missing.
 *
 * <p>To use it, add a test class that extends the kit and creates a fresh, not yet started store:
 *
 * <pre>
 * package com.example.chat;
 *
 * import dev.parley.api.spi.BlobStore;
 * import dev.parley.testkit.BlobStoreCompatibilityKit;
 *
 * class S3BlobStoreCompatibilityTest extends BlobStoreCompatibilityKit {
 *
 *     {@literal @}Override
 *     protected BlobStore createBlobStore() {
 *         return new S3BlobStore(S3Config.local("parley-test-bucket"));
 *     }
 * }
 * </pre>
 *
 * <p>The kit calls {@link #createBlobStore()} before each test, then {@link BlobStore#start()}, and
 * {@link BlobStore#close()} after the test. Every test uses random attachment ids, so a store may keep
 * what earlier tests and earlier runs wrote. Not thread-safe: JUnit creates an instance for each test
 * and runs it on one thread.
 */
public abstract class BlobStoreCompatibilityKit {

    /** The blob store under test, started; a new one for each test. */
    private BlobStore blobs;

    /**
     * Creates the blob store to test, not yet started. Called before each test; the kit starts it and
     * closes it after the test.
     */
    protected abstract BlobStore createBlobStore();

    /**
     * The blob store under test, started, for the tests an implementation adds of its own beside the
     * kit's; the kit closes it after the test.
     */
    protected BlobStore blobStore() {
        return blobs;
    }

    @BeforeEach
    void startBlobStore() {
        blobs = createBlobStore();
        blobs.start();
    }

    @AfterEach
    void closeBlobStore() {
        if (blobs != null) {
            blobs.close();
        }
    }

    @Test
    @DisplayName("put stores a blob and returns what info then reports: id, content type and size")
    void putThenInfo() {
        AttachmentId id = newId();

        BlobInfo stored = blobs.put(id, "image/png", content(1000), 10_000);

        assertThat(stored.id()).isEqualTo(id);
        assertThat(stored.mimeType()).isEqualTo("image/png");
        assertThat(stored.size()).isEqualTo(1000);
        assertThat(blobs.info(id)).contains(stored);
    }

    @Test
    @DisplayName("open returns exactly the bytes that were put, every byte value included, and put reads to the end")
    void openReturnsSameBytes() throws IOException {
        AttachmentId id = newId();
        byte[] bytes = bytes(256 * 1024);
        for (int i = 0; i < 256; i++) {
            bytes[i] = (byte) i;
        }
        InputStream upload = new ByteArrayInputStream(bytes);

        blobs.put(id, "application/octet-stream", upload, bytes.length);

        assertThat(upload.read()).isEqualTo(-1);
        assertSameBytes(read(blobs.open(id)), bytes);
        assertSameBytes(read(blobs.open(id)), bytes);
    }

    @Test
    @DisplayName("an empty blob is stored with size 0")
    void emptyBlob() throws IOException {
        AttachmentId id = newId();

        blobs.put(id, "text/plain", InputStream.nullInputStream(), 100);

        assertThat(blobs.info(id)).map(BlobInfo::size).contains(0L);
        assertThat(read(blobs.open(id))).isEmpty();
    }

    @Test
    @DisplayName("content exactly at the limit is accepted whole")
    void exactlyAtLimit() throws IOException {
        AttachmentId id = newId();
        byte[] bytes = bytes(4096);

        BlobInfo stored = blobs.put(id, "audio/ogg", new ByteArrayInputStream(bytes), 4096);

        assertThat(stored.size()).isEqualTo(4096);
        assertSameBytes(read(blobs.open(id)), bytes);
    }

    @Test
    @DisplayName("content one byte over the limit is refused with TooLargeException, and nothing is kept")
    void oneByteOverLimit() throws IOException {
        AttachmentId id = newId();

        assertThatThrownBy(() -> blobs.put(id, "audio/ogg", content(4097), 4096))
                .isInstanceOf(TooLargeException.class);

        assertThat(blobs.info(id)).isEmpty();
        assertThat(blobs.open(id)).isEmpty();
        assertThat(blobs.delete(id)).isFalse();
        BlobInfo retried = blobs.put(id, "audio/ogg", content(4096), 4096);
        assertThat(retried.size()).isEqualTo(4096);
    }

    @Test
    @DisplayName("a limit of Long.MAX_VALUE accepts any content")
    void largestLimit() throws IOException {
        AttachmentId id = newId();
        byte[] bytes = bytes(2048);

        blobs.put(id, "application/pdf", new ByteArrayInputStream(bytes), Long.MAX_VALUE);

        assertSameBytes(read(blobs.open(id)), bytes);
    }

    @Test
    @DisplayName("a taken id is refused with ConflictException, and the blob under it stays as it was")
    void takenIdConflicts() throws IOException {
        AttachmentId id = newId();
        byte[] first = bytes(100);
        BlobInfo stored = blobs.put(id, "image/png", new ByteArrayInputStream(first), 1000);

        assertThatThrownBy(() -> blobs.put(id, "image/jpeg", content(200), 1000))
                .isInstanceOf(ConflictException.class);

        assertThat(blobs.info(id)).contains(stored);
        assertSameBytes(read(blobs.open(id)), first);
    }

    @Test
    @DisplayName("a missing id has no info and no content, and deleting it returns false")
    void missingId() {
        AttachmentId id = newId();

        assertThat(blobs.info(id)).isEmpty();
        assertThat(blobs.open(id)).isEmpty();
        assertThat(blobs.delete(id)).isFalse();
    }

    @Test
    @DisplayName("delete removes the blob, says whether it existed, and frees its id")
    void deleteRemoves() throws IOException {
        AttachmentId id = newId();
        AttachmentId other = newId();
        blobs.put(id, "image/png", content(10), 100);
        blobs.put(other, "image/png", content(20), 100);

        assertThat(blobs.delete(id)).isTrue();

        assertThat(blobs.info(id)).isEmpty();
        assertThat(blobs.open(id)).isEmpty();
        assertThat(blobs.delete(id)).isFalse();
        assertThat(blobs.info(other)).map(BlobInfo::size).contains(20L);
        byte[] again = bytes(30);
        blobs.put(id, "image/gif", new ByteArrayInputStream(again), 100);
        assertSameBytes(read(blobs.open(id)), again);
    }

    private static AttachmentId newId() {
        return AttachmentId.of(UUID.randomUUID().toString().replace("-", ""));
    }

    /** Deterministic bytes of the given length. */
    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    private static InputStream content(int length) {
        return new ByteArrayInputStream(bytes(length));
    }

    /** Compares content by length and first difference, so that a failure does not print megabytes. */
    private static void assertSameBytes(byte[] actual, byte[] expected) {
        assertThat(actual.length).as("the number of bytes").isEqualTo(expected.length);
        assertThat(Arrays.mismatch(actual, expected)).as("the index of the first differing byte").isEqualTo(-1);
    }

    private static byte[] read(Optional<InputStream> opened) throws IOException {
        assertThat(opened).as("the blob's content").isPresent();
        try (InputStream in = opened.orElseThrow()) {
            return in.readAllBytes();
        }
    }
}
