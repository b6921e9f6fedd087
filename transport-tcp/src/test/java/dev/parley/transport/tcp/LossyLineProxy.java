package dev.parley.transport.tcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy between line-protocol clients and a server that loses frames the way a bad network and
 * a crashing middlebox do: in both directions it drops a share of whole lines, delays a share, and
 * now and then cuts the connection. Decisions come from one seeded {@link Random}, so a failing run
 * can be told apart by its seed. Each direction of each connection is pumped by a thread of its own,
 * so a delay holds back only the lines behind it, in order.
 */
final class LossyLineProxy implements AutoCloseable {

    /** What happens to each line, as shares between 0 and 1. */
    record Faults(double drop, double delay, int maxDelayMillis, double cut) {
    }

    private final ServerSocket listener;
    private final int target;
    private final Faults faults;
    private final Random random;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    final AtomicInteger dropped = new AtomicInteger();
    final AtomicInteger delayed = new AtomicInteger();
    final AtomicInteger cuts = new AtomicInteger();
    final AtomicInteger passed = new AtomicInteger();
    private volatile boolean closed;

    LossyLineProxy(int targetPort, Faults faults, long seed) throws IOException {
        this.target = targetPort;
        this.faults = faults;
        this.random = new Random(seed);
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread acceptor = new Thread(this::accept, "lossy-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket("127.0.0.1", target);
                sockets.add(client);
                sockets.add(server);
                pump(client, server, "up");
                pump(server, client, "down");
            } catch (IOException e) {
                if (!closed) {
                    throw new IllegalStateException("the proxy stopped accepting", e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, String direction) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                int b;
                while ((b = in.read()) >= 0) {
                    line.write(b);
                    if (b == '\n') {
                        if (!forward(line.toByteArray(), out)) {
                            cut(from, to);
                            return;
                        }
                        line.reset();
                    }
                }
            } catch (IOException e) {
                // one side went away: the other goes too, as through a real middlebox
            }
            cut(from, to);
        }, "lossy-proxy-" + direction + "-" + from.getPort());
        thread.setDaemon(true);
        thread.start();
    }

    /** Passes, delays or drops one line; false when the connection is to be cut instead. */
    private boolean forward(byte[] line, OutputStream out) throws IOException {
        double dice;
        int delay;
        synchronized (random) {
            dice = random.nextDouble();
            delay = random.nextInt(faults.maxDelayMillis() + 1);
        }
        if (dice < faults.cut()) {
            cuts.incrementAndGet();
            return false;
        }
        if (dice < faults.cut() + faults.drop()) {
            dropped.incrementAndGet();
            return true;
        }
        if (dice < faults.cut() + faults.drop() + faults.delay()) {
            delayed.incrementAndGet();
            try {
                Thread.sleep(delay); // the fault injected: this line arrives late
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        out.write(line);
        out.flush();
        passed.incrementAndGet();
        return true;
    }

    private static void cut(Socket a, Socket b) {
        closeQuietly(a);
        closeQuietly(b);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        sockets.forEach(LossyLineProxy::closeQuietly);
    }
}
