package dev.parley.core.blob;

import dev.parley.api.AttachmentId;
import dev.parley.api.ConflictException;
import dev.parley.api.StoreException;
import dev.parley.api.TooLargeException;
import dev.parley.api.spi.BlobInfo;
import dev.parley.api.spi.BlobStore;
import dev.parley.core.internal.TokenDigest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * Keeps attachments as files under one directory. A blob's file name is the SHA-256 of its id, spread
 * over 256 subdirectories, so an id never becomes a path and no name a client sends reaches the
 * filesystem. Each blob has a small {@code .meta} file beside it with its type, size and time.
 *
 * <p>An upload is written to a temporary file first and moved into place only once complete and within
 * the limit, so a reader never sees half a blob. Thread-safe.
 */
public final class FileSystemBlobStore implements BlobStore {

    private final Path root;
    private final Clock clock;

    /** A store under the given directory, which is created if missing. */
    public FileSystemBlobStore(Path root) {
        this(root, Clock.systemUTC());
    }

    /** A store under the given directory, stamping blobs with the given clock. */
    public FileSystemBlobStore(Path root, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.clock = clock;
    }

    @Override
    public String id() {
        return "files";
    }

    @Override
    public void start() {
        try {
            Files.createDirectories(root.resolve("tmp"));
        } catch (IOException e) {
            throw new StoreException("cannot create the attachment directory " + root, e);
        }
    }

    private Path dataFile(AttachmentId id) {
        String name = TokenDigest.hash(id.value());
        return root.resolve(name.substring(0, 2)).resolve(name);
    }

    private Path metaFile(AttachmentId id) {
        Path data = dataFile(id);
        return data.resolveSibling(data.getFileName() + ".meta");
    }

    @Override
    public BlobInfo put(AttachmentId id, String mimeType, InputStream content, long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative");
        }
        Path data = dataFile(id);
        if (Files.exists(data)) {
            throw new ConflictException("attachment id taken: " + id);
        }
        Path tmp = root.resolve("tmp").resolve(TokenDigest.newId());
        try {
            long size = copyAtMost(content, tmp, maxBytes);
            if (size < 0) {
                throw new TooLargeException("the attachment is larger than " + maxBytes + " bytes");
            }
            BlobInfo info = new BlobInfo(id, mimeType, size, clock.instant());
            Files.createDirectories(data.getParent());
            writeMeta(metaFile(id), info);
            try {
                Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, data);
            }
            return info;
        } catch (FileAlreadyExistsException e) {
            throw new ConflictException("attachment id taken: " + id);
        } catch (IOException e) {
            throw new StoreException("could not store an attachment", e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a stray temporary file is harmless
            }
        }
    }

    /** Copies at most {@code max} bytes; returns the size, or -1 if the content is longer. */
    private static long copyAtMost(InputStream content, Path target, long max) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            int read;
            while ((read = content.read(buffer)) != -1) {
                total += read;
                if (total > max) {
                    return -1;
                }
                out.write(buffer, 0, read);
            }
        }
        return total;
    }

    private static void writeMeta(Path meta, BlobInfo info) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("mimeType", info.mimeType());
        properties.setProperty("size", Long.toString(info.size()));
        properties.setProperty("createdAt", info.createdAt().toString());
        try (Writer out = Files.newBufferedWriter(meta, StandardCharsets.UTF_8)) {
            properties.store(out, null);
        }
    }

    @Override
    public Optional<BlobInfo> info(AttachmentId id) {
        if (!Files.exists(dataFile(id))) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(metaFile(id), StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("could not read an attachment's metadata", e);
        }
        return Optional.of(new BlobInfo(id, properties.getProperty("mimeType"),
                Long.parseLong(properties.getProperty("size")), Instant.parse(properties.getProperty("createdAt"))));
    }

    @Override
    public Optional<InputStream> open(AttachmentId id) {
        try {
            return Optional.of(Files.newInputStream(dataFile(id)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("could not open an attachment", e);
        }
    }

    @Override
    public boolean delete(AttachmentId id) {
        try {
            boolean existed = Files.deleteIfExists(dataFile(id));
            Files.deleteIfExists(metaFile(id));
            return existed;
        } catch (IOException e) {
            throw new StoreException("could not delete an attachment", e);
        }
    }
}
