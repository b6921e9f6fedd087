package dev.parley.api.spi;

import dev.parley.api.StoreException;
import dev.parley.api.TooLargeException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reading an upload whole for a {@link BlobStore} that keeps each blob in one byte array (in memory, or
 * in a database column), with the size limit that {@link BlobStore#put} is given.
 */
public final class BlobUploads {

    /** The largest byte array the JVM reliably allocates, and so the limit of such a store. */
    public static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private BlobUploads() {
    }

    /**
     * Reads the whole content, refusing content longer than {@code maxBytes}.
     *
     * @param maxBytes the most bytes the blob may have; at most {@link #MAX_ARRAY} are read whatever it is
     * @return the bytes, at most {@code maxBytes} of them
     * @throws IllegalArgumentException if {@code maxBytes} is negative
     * @throws TooLargeException        if the content is longer than the limit
     * @throws StoreException           if reading the content fails
     */
    public static byte[] readAtMost(InputStream content, long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
        // The limit is read, then one more byte is probed for: reading limit + 1 bytes at once would
        // overflow when maxBytes is Long.MAX_VALUE, and an int limit when it is MAX_ARRAY.
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
        return bytes;
    }
}
