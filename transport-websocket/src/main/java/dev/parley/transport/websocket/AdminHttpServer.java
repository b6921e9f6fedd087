package dev.parley.transport.websocket;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A small Jetty server of its own that serves an {@link AdminHttpHandler} on an admin port, apart
 * from the chat listeners: so that metrics and health checks can stay on a private interface, and a
 * flood of chat clients cannot crowd out the scrape. A handful of threads; no TLS (bind it to a
 * private address). Thread-safe.
 */
public final class AdminHttpServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final AdminHttpHandler handler;

    /**
     * A server, not yet started.
     *
     * @param host the interface to listen on, such as {@code 127.0.0.1}
     * @param port the port; 0 picks a free one
     */
    public AdminHttpServer(String host, int port, AdminHttpHandler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("parley-admin-http");
        this.server = new Server(threads);
        this.connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(handler);
    }

    /**
     * Starts listening.
     *
     * @throws IllegalStateException naming the address if the port cannot be bound
     */
    public AdminHttpServer start() {
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // it did not start
            }
            throw new IllegalStateException("could not listen on " + connector.getHost() + ":" + connector.getPort()
                    + " for the admin port: " + e.getMessage(), e);
        }
        return this;
    }

    /** The handler it serves, for {@link AdminHttpHandler#markStopping()}. */
    public AdminHttpHandler handler() {
        return handler;
    }

    /** The address it listens on, once started. */
    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost() == null ? "0.0.0.0" : connector.getHost(), connector.getLocalPort());
    }

    /** The port it listens on, once started. */
    public int port() {
        return connector.getLocalPort();
    }

    /** Stops listening. Idempotent. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the admin port did not stop cleanly", e);
        }
    }
}
