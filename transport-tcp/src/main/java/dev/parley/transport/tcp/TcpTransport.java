package dev.parley.transport.tcp;

import dev.parley.api.CloseReason;
import dev.parley.api.spi.TlsKeyMaterial;
import dev.parley.api.spi.Transport;
import dev.parley.api.spi.TransportContext;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parley's protocol over raw TCP, on Netty 4: each message is one UTF-8 JSON object on one line, in
 * both directions. Clients such as devices, game clients, other services and {@code nc} in a terminal
 * speak it without a WebSocket library. docs/protocol.md ("TCP framing") is the contract.
 *
 * <pre>{@code
 * ChatEngine engine = ChatEngine.builder()
 *         .store(store)
 *         .transport(TcpTransport.builder().port(7070).build())
 *         .transport(WebSocketTransport.builder().port(8080).build())   // beside it, if wanted
 *         .build().start();
 * }</pre>
 * A transport can also be attached to an engine that is already running, with
 * {@code transport.start(engine.protocol())}; then the application closes it.
 *
 * <p>Each connection has a line limit (the engine's {@code maxFrameBytes}; a longer line gets
 * {@code too_large} and the connection is closed without the rest being buffered), an idle timeout
 * (a client that sends nothing for that long, not even the protocol's {@code ping}, is closed), and a
 * bounded outbound buffer: past {@link Builder#maxQueuedBytes(int)} unwritten bytes the channel is not
 * writable, {@link dev.parley.api.spi.Connection#send} refuses, and the engine closes the connection as
 * a slow consumer. TLS is optional, from a keystore or from PEM files.
 *
 * <p>Threads: Netty's event loop ({@code parley-tcp-N}) accepts, reads, splits lines, decodes UTF-8
 * and writes; it never blocks. Each line is handed to the protocol's worker pool, which runs the
 * request. Thread-safe.
 */
public final class TcpTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);
    /** How long a closing connection may take to write what is queued before it is cut. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final Builder config;
    private final SslContext tls;
    private final ChannelGroup channels = new DefaultChannelGroup("parley-tcp", GlobalEventExecutor.INSTANCE);
    private volatile TransportContext context;
    private volatile EventLoopGroup group;
    private volatile Channel server;
    private volatile ScheduledFuture<?> idleCheck;

    private TcpTransport(Builder config, SslContext tls) {
        this.config = config;
        this.tls = tls;
    }

    /** Starts configuring a transport. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String id() {
        return "tcp";
    }

    /**
     * Listens on the configured host and port; called by the engine, or by an application that
     * attaches the transport to a running engine with {@code start(engine.protocol())}.
     *
     * @throws IllegalStateException if it was started before or cannot listen
     */
    @Override
    public synchronized void start(TransportContext context) {
        if (group != null) {
            throw new IllegalStateException("a TCP transport starts once");
        }
        this.context = Objects.requireNonNull(context, "context");
        group = new NioEventLoopGroup(config.ioThreads, new DefaultThreadFactory("parley-tcp", true));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.maxQueuedBytes / 2, config.maxQueuedBytes))
                .childHandler(new TcpChannelInitializer(this, tls));
        try {
            server = bootstrap.bind(config.host, config.port).syncUninterruptibly().channel();
        } catch (Exception e) { // Netty rethrows the BindException, checked or not
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            group = null;
            this.context = null;
            throw new IllegalStateException("could not listen on " + config.host + ":" + config.port + ": "
                    + e.getMessage(), e);
        }
        long sweepMillis = idleSweepPeriod(config.idleTimeout).toMillis();
        // Off the event loops: a pass over every connection would hold up the reads of one loop's share.
        idleCheck = GlobalEventExecutor.INSTANCE.scheduleAtFixedRate(this::closeIdle, sweepMillis, sweepMillis,
                TimeUnit.MILLISECONDS);
        LOG.info("TCP listening on {}:{}{}", config.host, port(), tls == null ? "" : " (TLS)");
    }

    /**
     * How often the connections are checked for the idle timeout: a quarter of it, at most a second and
     * at least 10 ms. A connection is thus closed between the timeout and the timeout plus this period
     * after it last sent something.
     */
    static Duration idleSweepPeriod(Duration idleTimeout) {
        long quarter = idleTimeout.toMillis() / 4;
        return Duration.ofMillis(Math.max(10, Math.min(1000, quarter)));
    }

    /**
     * Closes the connections that have sent nothing for the idle timeout. One task over all connections,
     * where Netty's {@code IdleStateHandler} would keep a handler and a scheduled task per connection:
     * with many idle sessions, that is a few hundred bytes of heap each.
     */
    private void closeIdle() {
        long now = System.nanoTime();
        long timeout = config.idleTimeout.toNanos();
        try {
            for (Channel channel : channels) {
                TcpConnection connection = channel.pipeline().get(TcpConnection.class);
                if (connection != null && connection.idleFor(now) >= timeout) {
                    channel.eventLoop().execute(() -> connection.idleTimedOut(timeout));
                }
            }
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again: log it and let the next round try.
            LOG.warn("the idle check failed; it runs again in a moment", e);
        }
    }

    /** The engine's side, or null once closed: connections that arrive then are turned away. */
    TransportContext context() {
        return context;
    }

    void opened(Channel channel) {
        channels.add(channel);
    }

    /** The port it listens on once started, useful with port 0; -1 before. */
    public int port() {
        Channel current = server;
        return current == null ? -1 : ((InetSocketAddress) current.localAddress()).getPort();
    }

    /** Whether it serves TLS. */
    public boolean isTls() {
        return tls != null;
    }

    /** How many connections are open. */
    public int connectionCount() {
        return channels.size();
    }

    /**
     * Stops accepting, tells the connections that are left that the server is going away (the engine
     * has already said so to every session it knew), lets them write what is queued for a moment, closes
     * them, and stops the event loop. Idempotent.
     */
    @Override
    public void close() {
        EventLoopGroup current;
        int port = port();
        synchronized (this) {
            current = group;
            context = null;
            if (current == null || current.isShuttingDown()) {
                return;
            }
            if (server != null) {
                server.close().syncUninterruptibly();
            }
        }
        ScheduledFuture<?> check = idleCheck;
        if (check != null) {
            check.cancel(false);
        }
        for (Channel channel : channels) {
            TcpConnection connection = channel.pipeline().get(TcpConnection.class);
            if (connection != null) {
                connection.closeOnItsOwn(CloseReason.SERVER_SHUTDOWN);
            }
        }
        if (!channels.newCloseFuture().awaitUninterruptibly(CLOSE_GRACE.toMillis())) {
            channels.close().awaitUninterruptibly(CLOSE_GRACE.toMillis());
        }
        current.shutdownGracefully(0, CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(CLOSE_GRACE.toMillis() * 2);
        LOG.info("TCP transport on port {} stopped", port);
    }

    /** Configures a {@link TcpTransport}; {@link #build()} checks it. Not thread-safe. */
    public static final class Builder {

        private String host = "0.0.0.0";
        private int port = 7070;
        private TlsKeyMaterial tls;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private int maxQueuedBytes = 4 * 1024 * 1024;
        private int ioThreads = Runtime.getRuntime().availableProcessors();

        private Builder() {
        }

        /** The interface to listen on; all of them by default. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port to listen on, 7070 by default; 0 picks a free one, which {@link TcpTransport#port()} reports. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("a port is 0 to 65535");
            }
            this.port = port;
            return this;
        }

        /**
         * Serves TLS with this key and certificate chain, on the JDK's TLS; TLS is set once.
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
         * Serves TLS with the key and certificate chain in this keystore (PKCS#12 or JKS), read now.
         *
         * @throws IllegalStateException if the keystore cannot be used, or TLS was already set
         * @see TlsKeyMaterial#fromKeyStore(Path, String)
         */
        public Builder tls(Path keyStore, String password) {
            return tls(TlsKeyMaterial.fromKeyStore(keyStore, password));
        }

        /**
         * Serves TLS with a PEM certificate chain (the server's certificate first) and its unencrypted
         * PKCS#8 private key, read now.
         *
         * @throws IllegalStateException if the files cannot be used, or TLS was already set
         * @see TlsKeyMaterial#fromPem(Path, Path)
         */
        public Builder tlsPem(Path certificateChain, Path privateKey) {
            return tls(TlsKeyMaterial.fromPem(certificateChain, privateKey));
        }

        /**
         * How long a connection may send nothing before it is closed (with a {@code closing} event whose
         * reason is {@code idle_timeout}); 60 seconds by default. Clients send the protocol's {@code ping}
         * when they have nothing else to say; receiving does not count. This is also how a half-open
         * connection, whose peer vanished without closing, is found and closed.
         */
        public Builder idleTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the idle timeout must be positive");
            }
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * How many bytes may wait to be written to one connection (4 MiB by default). Past this the
         * connection is not writable, further frames are refused, and the engine closes it as a slow
         * consumer, which resyncs when it reconnects. A single frame is always accepted while the
         * connection is writable, so a large sync page never fails on its own.
         */
        public Builder maxQueuedBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("at least 1024 queued bytes");
            }
            this.maxQueuedBytes = bytes;
            return this;
        }

        /** How many event loop threads accept, read and write; one per processor by default. */
        public Builder ioThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("at least one I/O thread");
            }
            this.ioThreads = threads;
            return this;
        }

        /**
         * Builds the transport, to be given to {@code ChatEngine.builder().transport(...)}.
         *
         * @throws IllegalStateException if Netty cannot serve TLS with the given key
         */
        public TcpTransport build() {
            SslContext sslContext = null;
            if (tls != null) {
                try {
                    sslContext = SslContextBuilder.forServer(tls.keyManagerFactory()).sslProvider(SslProvider.JDK).build();
                } catch (SSLException e) {
                    throw new IllegalStateException("cannot serve TLS with the given key: " + e.getMessage(), e);
                }
            }
            return new TcpTransport(this, sslContext);
        }
    }
}
