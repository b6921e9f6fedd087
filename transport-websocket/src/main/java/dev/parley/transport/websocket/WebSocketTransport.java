package dev.parley.transport.websocket;

import dev.parley.api.CloseReason;
import dev.parley.api.spi.TlsKeyMaterial;
import dev.parley.api.spi.Transport;
import dev.parley.api.spi.TransportContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parley's protocol over WebSocket, on Jetty 12, with attachments over HTTP on the same port.
 *
 * <p>Standalone, it runs a Jetty server of its own:
 * <pre>{@code
 * ChatEngine engine = ChatEngine.builder()
 *         .store(store)
 *         .transport(WebSocketTransport.builder().port(8080).build())
 *         .build().start();
 * }</pre>
 * Mounted, it adds its handlers to a Jetty {@link Server} the application owns: build it with
 * {@link Builder#mountOn(Server)}, put {@link #handler()} in the server's handler tree, and start the
 * server; the endpoint answers once the engine has started.
 *
 * <p>It also serves the web client, a chat page for browsers, at {@code /} (see
 * {@link Builder#webClient(boolean)} and {@link Builder#webClientPath(String)}).
 *
 * <p>Each connection has a bounded outbound queue, an idle timeout kept alive by pings, and an Origin
 * check against an allow-list. {@link #close()} tells every connection that the server is going away
 * and stops accepting.
 *
 * <p>Attachments go up and down without a thread waiting on the client, so slow or stalled clients keep
 * nobody else waiting; uploads have an idle timeout and caps per address and per user, and each HTTP
 * request in progress counts against the engine's connections per address. Every HTTP error is JSON,
 * {@code {"error": {"code": ..., "message": ...}}}; standalone, Jetty's own error pages are too, while a
 * mounted transport leaves the application's error handler alone. Thread-safe.
 */
public final class WebSocketTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketTransport.class);
    /** How long closing waits for the connections to say goodbye before it stops the server. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final Builder config;
    private final Server server;
    private final boolean ownsServer;
    private final Set<WebSocketConnection> connections = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "parley-ws-ping");
        thread.setDaemon(true);
        return thread;
    });
    private final Handler handler;
    private volatile TransportContext context;
    private ServerConnector connector;

    private WebSocketTransport(Builder config) {
        this.config = config;
        this.ownsServer = config.server == null;
        this.server = ownsServer ? new Server(threadPool(config.maxThreads)) : config.server;
        if (ownsServer) {
            server.setErrorHandler(new JsonErrorHandler());
        }
        WebSocketUpgradeHandler upgrade = WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(config.idleTimeout);
            container.setMaxBinaryMessageSize(64 * 1024);
            container.addMapping(config.path, (request, response, callback) -> {
                TransportContext current = context;
                if (current == null) {
                    Response.writeError(request, response, callback, 503, "the chat server is starting");
                    return null;
                }
                if (!originAllowed(request)) {
                    Response.writeError(request, response, callback, 403, "origin not allowed");
                    return null;
                }
                return new WebSocketConnection(current, this, config.maxQueuedFrames,
                        abusiveFrameBytes(current.maxFrameBytes()));
            });
        });
        Handler attachments = new AttachmentHandler(config.attachmentsPath, () -> context,
                new AttachmentUploads(config.uploadIdleTimeout, config.maxUploadsPerAddress, config.maxUploadsPerUser));
        upgrade.setHandler(config.webClientPath == null ? attachments : new Handler.Sequence(attachments,
                new WebClientHandler(config.webClientPath, config.path, config.attachmentsPath, config.demoAccounts,
                        config.demoPassword)));
        this.handler = upgrade;
    }

    private static QueuedThreadPool threadPool(int maxThreads) {
        QueuedThreadPool pool = new QueuedThreadPool(maxThreads, Math.min(8, maxThreads));
        pool.setName("parley-http");
        return pool;
    }

    /** Starts configuring a transport. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String id() {
        return "websocket";
    }

    /**
     * Frames up to four times the limit get an error and the connection stays open; beyond that the
     * peer is abusive, and the connection stops buffering and closes (1009).
     */
    static long abusiveFrameBytes(int maxFrameBytes) {
        return maxFrameBytes * 4L;
    }

    /** The handler to put in an application's own server when mounted; unused when standalone. */
    public Handler handler() {
        return handler;
    }

    @Override
    public void start(TransportContext context) {
        // Jetty must not cut a message off itself: it would close without waiting for the peer, whose
        // unread bytes then reset the connection and lose the 1009. Each connection bounds its own.
        ((WebSocketUpgradeHandler) handler).getServerWebSocketContainer().setMaxTextMessageSize(-1);
        this.context = context;
        long interval = Math.max(1, config.idleTimeout.toMillis() / 2);
        pinger.scheduleAtFixedRate(() -> connections.forEach(WebSocketConnection::ping), interval, interval,
                TimeUnit.MILLISECONDS);
        if (!ownsServer) {
            return;
        }
        connector = config.tls == null ? new ServerConnector(server) : tlsConnector();
        connector.setHost(config.host);
        connector.setPort(config.port);
        server.addConnector(connector);
        server.setHandler(handler);
        server.setStopTimeout(5_000);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not listen on " + config.host + ":" + config.port + ": "
                    + e.getMessage(), e);
        }
        LOG.info("WebSocket listening on {}", uri());
    }

    /** A connector that speaks only TLS, and tells a plaintext client so (see {@link PlaintextRefusal}). */
    private ServerConnector tlsConnector() {
        // The factories that Jetty's ServerConnector(server, sslContextFactory) would have (TLS, then
        // HTTP), behind the plaintext check.
        ConnectionFactory[] factories = AbstractConnectionFactory.getFactories(tls(), new HttpConnectionFactory());
        ConnectionFactory[] all = new ConnectionFactory[factories.length + 1];
        all[0] = new PlaintextRefusal((ConnectionFactory.Detecting) factories[0]);
        System.arraycopy(factories, 0, all, 1, factories.length);
        return new ServerConnector(server, all);
    }

    private SslContextFactory.Server tls() {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(config.tls.keyStore());
        ssl.setKeyStorePassword(config.tls.password());
        return ssl;
    }

    /** The port it listens on, once started standalone; useful with port 0. */
    public int port() {
        return connector == null ? -1 : connector.getLocalPort();
    }

    /** The WebSocket URI clients connect to, once started standalone. */
    public URI uri() {
        String scheme = config.tls == null ? "ws" : "wss";
        String host = config.host == null || config.host.equals("0.0.0.0") ? "localhost" : config.host;
        return URI.create(scheme + "://" + host + ":" + port() + config.path);
    }

    /**
     * The web client's address, once started standalone, or empty when it is turned off
     * ({@link Builder#webClient(boolean)}).
     */
    public java.util.Optional<URI> webClientUri() {
        if (config.webClientPath == null) {
            return java.util.Optional.empty();
        }
        String scheme = config.tls == null ? "http" : "https";
        return java.util.Optional.of(URI.create(scheme + "://" + uri().getHost() + ":" + port() + config.webClientPath));
    }

    private boolean originAllowed(ServerUpgradeRequest request) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null || config.allowedOrigins.contains("*")) {
            return true; // not a browser, or every origin allowed
        }
        String normalised = origin.toLowerCase(Locale.ROOT);
        if (config.allowedOrigins.contains(normalised)) {
            return true;
        }
        // A page served by this very server may connect back to it.
        String host = request.getHeaders().get(HttpHeader.HOST);
        return host != null && (normalised.equals("http://" + host.toLowerCase(Locale.ROOT))
                || normalised.equals("https://" + host.toLowerCase(Locale.ROOT)));
    }

    void opened(WebSocketConnection connection) {
        connections.add(connection);
    }

    void closed(WebSocketConnection connection) {
        connections.remove(connection);
    }

    /** How many connections are open. */
    public int connectionCount() {
        return connections.size();
    }

    /**
     * Stops accepting, tells the connections that are left why with a {@code closing} event of reason
     * {@code server_shutdown} (when the engine closes, it has already told them) and closes them with
     * status 1001, waits a moment for them to go, and stops the server if it owns it.
     */
    @Override
    public void close() {
        context = null;
        pinger.shutdownNow();
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (WebSocketConnection connection : connections) {
            connection.closeOnItsOwn(CloseReason.SERVER_SHUTDOWN);
            closing.add(connection.finished());
        }
        try {
            // Stopping the server at once would cut the connections before their goodbye is written.
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                    .get(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("some connections did not close within {}", CLOSE_GRACE);
        }
        if (ownsServer && server.isStarted()) {
            try {
                server.stop();
            } catch (Exception e) {
                LOG.warn("the WebSocket server did not stop cleanly", e);
            }
        }
        connections.forEach(c -> c.close(CloseReason.SERVER_SHUTDOWN));
    }

    /** Configures a {@link WebSocketTransport}. Not thread-safe. */
    public static final class Builder {

        private String host = "0.0.0.0";
        private int port = 8080;
        private String path = "/chat";
        private String attachmentsPath = "/attachments";
        /** The TLS key material; null without TLS. */
        private TlsKeyMaterial tls;
        private Set<String> allowedOrigins = Set.of();
        private Duration idleTimeout = Duration.ofSeconds(60);
        private int maxQueuedFrames = 1024;
        private Duration uploadIdleTimeout = Duration.ofSeconds(30);
        private int maxUploadsPerAddress = 16;
        private int maxUploadsPerUser = 4;
        private int maxThreads = 32;
        private Server server;
        private String webClientPath = "/";
        private List<String> demoAccounts = List.of();
        private String demoPassword;

        private Builder() {
        }

        /** The interface to listen on; all of them by default. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port to listen on, 8080 by default; 0 picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("a port is 0 to 65535");
            }
            this.port = port;
            return this;
        }

        /** The WebSocket path, {@code /chat} by default. */
        public Builder path(String path) {
            this.path = Objects.requireNonNull(path, "path");
            return this;
        }

        /** The attachments path, {@code /attachments} by default. */
        public Builder attachmentsPath(String path) {
            this.attachmentsPath = Objects.requireNonNull(path, "path");
            return this;
        }

        /**
         * Serves TLS (wss:// and https://) with this key and certificate chain; TLS is set once.
         *
         * @throws IllegalStateException if TLS was already set
         */
        public Builder tls(TlsKeyMaterial material) {
            if (tls != null) {
                throw new IllegalStateException("TLS comes from one keystore or one pair of PEM files, not both");
            }
            this.tls = Objects.requireNonNull(material, "material");
            return this;
        }

        /**
         * Serves TLS (wss:// and https://) with the key and certificate chain in this keystore (PKCS#12,
         * as {@code keytool -genkeypair -storetype PKCS12} writes it, or JKS), read now.
         *
         * @throws IllegalStateException if the keystore cannot be used, or TLS was already set
         * @see TlsKeyMaterial#fromKeyStore(Path, String)
         */
        public Builder tls(Path keyStore, String password) {
            return tls(TlsKeyMaterial.fromKeyStore(keyStore, password));
        }

        /**
         * Serves TLS (wss:// and https://) with a PEM certificate chain (the server's certificate first)
         * and its unencrypted PKCS#8 private key, read now.
         *
         * @throws IllegalStateException if the files cannot be used, or TLS was already set
         * @see TlsKeyMaterial#fromPem(Path, Path)
         */
        public Builder tlsPem(Path certificateChain, Path privateKey) {
            return tls(TlsKeyMaterial.fromPem(certificateChain, privateKey));
        }

        /**
         * Browser origins allowed to connect, such as {@code https://chat.example.com}; {@code *} allows
         * every origin. Clients that send no Origin (not browsers) and pages served by this server itself
         * are always allowed.
         */
        public Builder allowedOrigins(List<String> origins) {
            this.allowedOrigins = Set.copyOf(origins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList());
            return this;
        }

        /** How long a connection may stay silent; it is pinged at half this. 60 seconds by default. */
        public Builder idleTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the idle timeout must be positive");
            }
            this.idleTimeout = timeout;
            return this;
        }

        /** How many frames may wait to be written to one connection before it counts as too slow. */
        public Builder maxQueuedFrames(int frames) {
            if (frames < 1) {
                throw new IllegalArgumentException("at least one queued frame");
            }
            this.maxQueuedFrames = frames;
            return this;
        }

        /**
         * How long an upload's body may stay silent before the upload is answered 408 and its connection
         * cut; 30 seconds by default. An upload holds no thread while it waits, only its place among the
         * concurrent uploads below.
         */
        public Builder uploadIdleTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the upload idle timeout must be positive");
            }
            this.uploadIdleTimeout = timeout;
            return this;
        }

        /**
         * How many uploads one IP address may have in progress at once, 16 by default; one more is answered
         * 429 {@code rate_limited}. Every upload, like every HTTP request, also counts as a connection
         * against the engine's connections per address.
         */
        public Builder maxUploadsPerAddress(int uploads) {
            if (uploads < 1) {
                throw new IllegalArgumentException("at least one upload per address");
            }
            this.maxUploadsPerAddress = uploads;
            return this;
        }

        /**
         * How many uploads one user may have in progress at once, from any address, 4 by default; one more
         * is answered 429 {@code rate_limited}.
         */
        public Builder maxUploadsPerUser(int uploads) {
            if (uploads < 1) {
                throw new IllegalArgumentException("at least one upload per user");
            }
            this.maxUploadsPerUser = uploads;
            return this;
        }

        /**
         * The most threads of the Jetty server it runs standalone (unused when mounted), 32 by default.
         * No thread waits on a client: uploads and downloads move as their clients do, and requests go to
         * the engine's own workers. So these threads only run short steps (a frame, a chunk, a blob-store
         * write of a whole upload), and the number bounds how many run at once, not how many clients are
         * served. Jetty's own default of 200 only let a burst of connections (a reconnect storm) leave
         * a couple of hundred idle threads behind; 32 leaves room for Jetty's acceptors, selectors and
         * reserved threads on a machine of any size. Raise it for a blob store that is slow to write.
         * At least 16, as Jetty keeps some for its acceptors and selectors.
         */
        public Builder maxThreads(int threads) {
            if (threads < 16) {
                throw new IllegalArgumentException("the Jetty pool needs at least 16 threads");
            }
            this.maxThreads = threads;
            return this;
        }

        /**
         * Whether to serve the web client, a chat page for browsers written against the protocol; on by
         * default, at {@link #webClientPath(String)}. Its files come from this jar. Off, the path is free
         * for the application (and standalone it answers 404).
         */
        public Builder webClient(boolean enabled) {
            this.webClientPath = enabled ? (webClientPath == null ? "/" : webClientPath) : null;
            return this;
        }

        /**
         * Where the web client is served, {@code /} by default, such as {@code /chat-app/}; a trailing
         * {@code /} is added if missing. Turns the web client on.
         */
        public Builder webClientPath(String path) {
            Objects.requireNonNull(path, "path");
            this.webClientPath = path.endsWith("/") ? path : path + "/";
            return this;
        }

        /**
         * Accounts the web client's login screen offers with one click, with their shared password; for
         * demos only, since the page shows the password to anyone who opens it. None by default.
         */
        public Builder webClientDemoAccounts(List<String> usernames, String password) {
            this.demoAccounts = List.copyOf(usernames);
            this.demoPassword = usernames.isEmpty() ? null : Objects.requireNonNull(password, "password");
            return this;
        }

        /** Mounts on an application's own server instead of running one: add {@link #handler()} to it. */
        public Builder mountOn(Server server) {
            this.server = Objects.requireNonNull(server, "server");
            return this;
        }

        /**
         * Builds the transport, to be given to {@code ChatEngine.builder().transport(...)}.
         *
         * @throws IllegalStateException if the paths are wrong
         */
        public WebSocketTransport build() {
            if (!path.startsWith("/") || !attachmentsPath.startsWith("/")) {
                throw new IllegalStateException("paths start with '/'");
            }
            if (path.equals(attachmentsPath)) {
                throw new IllegalStateException("the WebSocket path and the attachments path must differ");
            }
            if (webClientPath != null && !webClientPath.startsWith("/")) {
                throw new IllegalStateException("paths start with '/'");
            }
            if (webClientPath != null && ((path + "/").equals(webClientPath)
                    || (attachmentsPath + "/").equals(webClientPath))) {
                throw new IllegalStateException("the web client's path must differ from the WebSocket and attachments paths");
            }
            return new WebSocketTransport(this);
        }
    }
}
