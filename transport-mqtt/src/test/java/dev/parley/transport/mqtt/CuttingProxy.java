package dev.parley.transport.mqtt;

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
 * A TCP proxy for a binary protocol on a bad network: in both directions it forwards what it reads,
 * delays a share of the reads, and now and then cuts the connection after forwarding a read, so that a
 * packet may arrive while its answer is lost. MQTT over TCP loses nothing short of a cut, so cuts and
 * delays are the faults that matter. Decisions come from one seeded {@link Random}.
 */
final class CuttingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final double cut;
    private final double delay;
    private final Random random;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    final AtomicInteger cuts = new AtomicInteger();
    final AtomicInteger delays = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param cut   the share of reads after which the connection is cut
     * @param delay the share of reads held back for up to 20 ms
     */
    CuttingProxy(int targetPort, double cut, double delay, long seed) throws IOException {
        this.target = targetPort;
        this.cut = cut;
        this.delay = delay;
        this.random = new Random(seed);
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread acceptor = new Thread(this::accept, "cutting-proxy-accept");
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
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                connections.incrementAndGet();
                pump(client, server, "up");
                pump(server, client, "down");
            } catch (IOException e) {
                // closed, or the server refused: the client sees its connection end
            }
        }
    }

    private void pump(Socket from, Socket to, String direction) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    double roll;
                    int wait;
                    synchronized (random) {
                        roll = random.nextDouble();
                        wait = random.nextInt(20);
                    }
                    if (roll < delay) {
                        delays.incrementAndGet();
                        Thread.sleep(wait); // the fault injected: this read arrives late
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                    if (roll > 1 - cut) {
                        cuts.incrementAndGet();
                        break;
                    }
                }
            } catch (IOException e) {
                // the other side went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "cutting-proxy-" + direction);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        sockets.forEach(CuttingProxy::closeQuietly);
    }
}
