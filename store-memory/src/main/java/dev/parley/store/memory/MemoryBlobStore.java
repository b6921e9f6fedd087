package dev.parley.store.memory;

import dev.parley.api.AttachmentId;
import dev.parley.api.ConflictException;
import dev.parley.api.spi.BlobInfo;
import dev.parley.api.spi.BlobStore;
import dev.parley.api.spi.BlobUploads;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Blobs held as byte arrays in the heap, for tests and demos. Thread-safe. */
public final class MemoryBlobStore implements BlobStore {

    private record Blob(BlobInfo info, byte[] content) {
    }

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
        byte[] bytes = BlobUploads.readAtMost(content, maxBytes);
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
