package dev.parley.transport.tcp;

import dev.parley.testkit.transport.KitConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;

/**
 * A client on a plain {@link Socket}, as {@code nc} would be: it writes bytes and reads lines. A
 * thread of its own reads every line the server sends into a queue, until the stream ends.
 */
final class LineClient implements KitConnection {

    private final Socket socket;
    private final OutputStream out;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile boolean ended;

    LineClient(int port) throws IOException {
        this(SocketFactory.getDefault(), port, 0);
    }

    /**
     * Connects with the given factory (an {@code SSLSocketFactory} for TLS).
     *
     * @param receiveBuffer the socket's receive buffer in bytes, or 0 for the system's default
     */
    LineClient(SocketFactory factory, int port, int receiveBuffer) throws IOException {
        this(factory, port, receiveBuffer, null);
    }

    /**
     * Connects from the given local address, such as {@code 127.0.0.2}: on Linux every address of
     * 127.0.0.0/8 is the loopback, so the server sees a client from another host.
     */
    LineClient(int port, String localAddress) throws IOException {
        this(SocketFactory.getDefault(), port, 0, localAddress);
    }

    private LineClient(SocketFactory factory, int port, int receiveBuffer, String localAddress) throws IOException {
        socket = factory.createSocket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(localAddress, 0));
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        out = socket.getOutputStream();
        reader = new Thread(this::readLines, "line-client-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    private void readLines() {
        try (InputStream in = socket.getInputStream()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines.add(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    } else {
                        line.write(buffer[i]);
                    }
                }
            }
        } catch (IOException e) {
            // reset or closed: the end of the stream either way
        } finally {
            ended = true;
        }
    }

    /** Writes a frame and the newline that ends it. */
    @Override
    public void send(String frame) {
        write((frame + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Writes bytes exactly as given, newline or not. */
    void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String receive(Duration timeout) {
        try {
            return lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Whether the server has not ended the stream and this side has not closed the socket. */
    @Override
    public boolean isOpen() {
        return !ended && !socket.isClosed();
    }

    /** Whether the server has ended the stream (with a close or a reset). */
    boolean ended() {
        return ended;
    }

    /** Stops sending, as a half-close does, while still reading. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    Socket socket() {
        return socket;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
