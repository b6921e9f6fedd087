package dev.parley.cluster.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy in front of Redis that can make the subscriptions open through it deaf: their
 * connections stay open, but nothing Redis sends reaches the client any more, as behind a broken
 * middlebox. Connections opened later pass everything. For tests; thread-safe.
 */
final class DeafeningProxy implements AutoCloseable {

    private static final byte[] SUBSCRIBE = "SUBSCRIBE".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final List<Link> links = new CopyOnWriteArrayList<>();

    DeafeningProxy(String host, int port) throws IOException {
        this.upstream = new InetSocketAddress(host, port);
        this.server = new ServerSocket(0);
        Thread accept = new Thread(this::accept, "redis-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Makes every subscription open now deaf; returns how many there were. */
    int deafenSubscriptions() {
        int count = 0;
        for (Link link : links) {
            if (link.subscriber.get()) {
                link.deaf.set(true);
                count++;
            }
        }
        return count;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket redis = new Socket(upstream.getHostString(), upstream.getPort());
                Link link = new Link(client, redis);
                links.add(link);
                pump(client.getInputStream(), redis.getOutputStream(), link, true);
                pump(redis.getInputStream(), client.getOutputStream(), link, false);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(InputStream in, OutputStream out, Link link, boolean toRedis) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) != -1) {
                    if (toRedis && contains(buffer, n, SUBSCRIBE)) {
                        link.subscriber.set(true);
                    }
                    if (toRedis || !link.deaf.get()) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // One side closed: close both.
            }
            link.close();
        }, "redis-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static boolean contains(byte[] buffer, int length, byte[] word) {
        outer:
        for (int i = 0; i + word.length <= length; i++) {
            for (int j = 0; j < word.length; j++) {
                if (buffer[i + j] != word[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        server.close();
        links.forEach(Link::close);
    }

    private static final class Link {
        final Socket client;
        final Socket redis;
        final AtomicBoolean subscriber = new AtomicBoolean();
        final AtomicBoolean deaf = new AtomicBoolean();

        Link(Socket client, Socket redis) {
            this.client = client;
            this.redis = redis;
        }

        void close() {
            try {
                client.close();
            } catch (IOException ignored) {
                // already closed
            }
            try {
                redis.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
