package dev.parley.transport.websocket;

import dev.parley.api.TooLargeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Promise;

/**
 * One upload's body, read as it arrives without holding a thread while the client is silent: when no
 * bytes are there, it asks Jetty to call back once some are, and returns. The bytes are kept in memory
 * up to {@value #IN_MEMORY} bytes and in a temporary file past that, so that many uploads at once cost
 * disk rather than heap. Once the body is whole, the promise gets it, and the blob store, which reads a
 * stream, reads it without ever waiting on the network.
 *
 * <p>The promise fails with {@link TooLargeException} past the limit, with Jetty's failure otherwise:
 * a {@link java.util.concurrent.TimeoutException} when the client stayed silent for the connection's
 * idle timeout, an {@link IOException} when it broke off. Jetty serialises the callbacks of one request;
 * not thread-safe otherwise.
 */
final class UploadBody implements Runnable {

    /** Small uploads (avatars, voice notes) stay in memory; larger ones go to a temporary file. */
    static final int IN_MEMORY = 64 * 1024;

    private final Content.Source source;
    private final long maxBytes;
    private final Promise<UploadBody> whole;
    private ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private Path file;
    private FileChannel channel;
    private long size;
    private Throwable failure;

    UploadBody(Content.Source source, long maxBytes, Promise<UploadBody> whole) {
        this.source = source;
        this.maxBytes = maxBytes;
        this.whole = whole;
    }

    /** Reads what has arrived, and asks to be called again when more does. */
    @Override
    public void run() {
        State state;
        try {
            state = readWhatArrived();
        } catch (IOException e) {
            failure = new UncheckedIOException("could not buffer an upload", e);
            state = State.FAILED;
        } catch (RuntimeException e) {
            failure = e;
            state = State.FAILED;
        }
        // Outside the try: what the promise does with the outcome is no failure of reading.
        switch (state) {
            case WAITING -> {
                // the next call may already be running on another thread: touch nothing
            }
            case WHOLE -> whole.succeeded(this);
            case FAILED -> {
                discard();
                whole.failed(failure);
            }
        }
    }

    private enum State { WAITING, WHOLE, FAILED }

    private State readWhatArrived() throws IOException {
        while (true) {
            Content.Chunk chunk = source.read();
            if (chunk == null) {
                source.demand(this);
                return State.WAITING;
            }
            if (Content.Chunk.isFailure(chunk)) {
                failure = chunk.getFailure();
                return State.FAILED;
            }
            try {
                append(chunk.getByteBuffer());
            } finally {
                chunk.release();
            }
            if (size > maxBytes) {
                failure = new TooLargeException("an attachment is at most " + maxBytes + " bytes");
                return State.FAILED;
            }
            if (chunk.isLast()) {
                if (channel != null) {
                    channel.close();
                }
                return State.WHOLE;
            }
        }
    }

    private void append(ByteBuffer data) throws IOException {
        int length = data.remaining();
        size += length;
        if (size > maxBytes) {
            return;
        }
        if (file == null && memory.size() + length <= IN_MEMORY) {
            byte[] bytes = new byte[length];
            data.get(bytes);
            memory.write(bytes, 0, length);
            return;
        }
        if (file == null) {
            file = Files.createTempFile("parley-upload-", ".part");
            channel = FileChannel.open(file, StandardOpenOption.WRITE);
            writeFully(ByteBuffer.wrap(memory.toByteArray()));
            memory = null;
        }
        writeFully(data);
    }

    private void writeFully(ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            channel.write(data);
        }
    }

    /** How many bytes arrived. */
    long size() {
        return size;
    }

    /** The whole body, from its first byte; the caller closes it. */
    InputStream content() throws IOException {
        return file == null ? new ByteArrayInputStream(memory.toByteArray()) : Files.newInputStream(file);
    }

    /** Lets go of the bytes: deletes the temporary file, if there is one. Idempotent. */
    void discard() {
        try {
            if (channel != null) {
                channel.close();
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // a stray temporary file is harmless; the temporary directory is cleaned by the system
        }
        memory = null;
    }
}
