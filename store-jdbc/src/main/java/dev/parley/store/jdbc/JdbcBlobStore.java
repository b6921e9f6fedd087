package dev.parley.store.jdbc;

import dev.parley.api.AttachmentId;
import dev.parley.api.ConflictException;
import dev.parley.api.StoreException;
import dev.parley.api.spi.BlobInfo;
import dev.parley.api.spi.BlobStore;
import dev.parley.api.spi.BlobUploads;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.util.Optional;

/**
 * Attachments kept in the chat store's database, in the {@code blobs} table: the bytes with their
 * content type, size and time. Meant for small deployments that want one database to back up;
 * large files belong in an object store. Get one from {@link JdbcChatStore#blobStore()}.
 *
 * <p>Content is read into memory before it is stored, so uploads are bounded by the engine's
 * attachment size limit. Thread-safe.
 */
public final class JdbcBlobStore implements BlobStore {

    private final Database database;
    private final Clock clock = Clock.systemUTC();
    private boolean started;

    JdbcBlobStore(Database database) {
        this.database = database;
    }

    @Override
    public String id() {
        return "jdbc";
    }

    /** Opens the shared database (and migrates it, unless turned off), if the chat store did not yet. */
    @Override
    public synchronized void start() {
        if (!started) {
            database.acquire();
            started = true;
        }
    }

    /** Lets go of the shared database; the pool closes when the chat store has closed too. */
    @Override
    public synchronized void close() {
        if (started) {
            started = false;
            database.release();
        }
    }

    @Override
    public BlobInfo put(AttachmentId id, String mimeType, InputStream content, long maxBytes) {
        byte[] bytes = BlobUploads.readAtMost(content, maxBytes);
        BlobInfo info = new BlobInfo(id, mimeType, bytes.length, EpochMicros.truncate(clock.instant()));
        try {
            database.withHandle(h -> h.createUpdate(
                            "INSERT INTO blobs (id, mime_type, size, created_at, content) VALUES (?, ?, ?, ?, ?)")
                    .bind(0, id.value())
                    .bind(1, mimeType)
                    .bind(2, (long) bytes.length)
                    .bind(3, EpochMicros.of(info.createdAt()))
                    .bind(4, bytes)
                    .execute());
        } catch (StoreException e) {
            if (SqlStates.isUniqueViolation(e)) {
                throw new ConflictException("attachment id taken: " + id);
            }
            throw e;
        }
        return info;
    }

    @Override
    public Optional<BlobInfo> info(AttachmentId id) {
        return database.withHandle(h -> h.createQuery("SELECT mime_type, size, created_at FROM blobs WHERE id = ?")
                .bind(0, id.value())
                .map((rs, ctx) -> new BlobInfo(id, rs.getString(1), rs.getLong(2),
                        EpochMicros.toInstant(rs.getLong(3))))
                .findOne());
    }

    @Override
    public Optional<InputStream> open(AttachmentId id) {
        return database.withHandle(h -> h.createQuery("SELECT content FROM blobs WHERE id = ?")
                .bind(0, id.value())
                .map((rs, ctx) -> (InputStream) new ByteArrayInputStream(rs.getBytes(1)))
                .findOne());
    }

    @Override
    public boolean delete(AttachmentId id) {
        return database.withHandle(h -> h.createUpdate("DELETE FROM blobs WHERE id = ?")
                .bind(0, id.value())
                .execute()) > 0;
    }
}
