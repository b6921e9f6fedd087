package dev.parley.store.memory;

import dev.parley.api.AttachmentId;
import dev.parley.api.ConflictException;
import dev.parley.api.StoreException;
import dev.parley.api.TooLargeException;
import dev.parley.api.spi.BlobInfo;
import dev.parley.api.spi.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Blobs held as byte arrays in the heap, for tests and demos. Thread-safe. */
public final class MemoryBlobStore implements BlobStore {

    private record Blob(BlobInfo info, byte[] content) {
    }

    /** The largest byte array the JVM reliably allocates. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final Map<AttachmentId, Blob> blobs = new ConcurrentHashMap<>();
    private final Clock clock;

    /** A blob store that stamps blobs with the system clock. */
    public MemoryBlobStore() {
        this(Clock.systemUTC());
    }

    /** A blob store that stamps blobs with the given clock. */
    public MemoryBlobStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String id() {
        return "memory";
    }

    @Override
    public BlobInfo put(AttachmentId id, String mimeType, InputStream content, long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
        // A byte array holds at most MAX_ARRAY bytes, so that is this store's own limit. The sum
        // maxBytes + 1 would overflow for Long.MAX_VALUE, hence the separate probe for one more byte.
        int limit = (int) Math.min(maxBytes, MAX_ARRAY);
        byte[] bytes;
        boolean longer;
        try {
            bytes = content.readNBytes(limit);
            longer = content.read() != -1;
        } catch (IOException e) {
            throw new StoreException("could not read the upload", e);
        }
        if (longer) {
            throw new TooLargeException("the attachment is larger than " + limit + " bytes");
        }
        BlobInfo info = new BlobInfo(id, mimeType, bytes.length, clock.instant());
        if (blobs.putIfAbsent(id, new Blob(info, bytes)) != null) {
            throw new ConflictException("attachment id taken: " + id);
        }
        return info;
    }

    @Override
    public Optional<BlobInfo> info(AttachmentId id) {
        return Optional.ofNullable(blobs.get(id)).map(Blob::info);
    }

    @Override
    public Optional<InputStream> open(AttachmentId id) {
        return Optional.ofNullable(blobs.get(id)).map(blob -> new ByteArrayInputStream(blob.content()));
    }

    @Override
    public boolean delete(AttachmentId id) {
        return blobs.remove(id) != null;
    }
}
