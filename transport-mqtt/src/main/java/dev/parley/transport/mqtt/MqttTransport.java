package dev.parley.transport.mqtt;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parley over MQTT 3.1.1 and MQTT 5, on Netty 4's MQTT codec, with no broker in between: the engine's
 * store stays the one truth. docs/mqtt.md is the contract. Two ways to use it, on one connection:
 * <ul>
 *   <li>the full protocol: requests (the same JSON as on WebSocket) published to {@code parley/request},
 *       responses and events on the client's own topic {@code parley/client/<client id>};</li>
 *   <li>native topics for simple devices: a UTF-8 text published to
 *       {@code parley/conversations/<id>/send} is sent as a text message, acknowledged (QoS 1) after the
 *       commit; {@code parley/conversations/<id>} (or {@code parley/conversations/+}) yields the
 *       conversation's messages as the protocol's {@code message} events.</li>
 * </ul>
 * A CONNECT with a user name logs in through the engine (a Parley username and password, or
 * {@code $token} or {@code $<scheme>} with the secret as the password); a refused login gets the
 * CONNACK code of its MQTT version. A CONNECT without a user name may log in with the protocol's
 * {@code login} or {@code register}.
 *
 * <pre>{@code
 * ChatEngine engine = ChatEngine.builder()
 *         .store(store)
 *         .transport(MqttTransport.builder().port(1883).build())
 *         .build().start();
 * }</pre>
 *
 * <p>Each connection has a packet limit (the engine's {@code maxFrameBytes} plus
 * {@value #PACKET_OVERHEAD} bytes for the topic and properties; a longer packet gets {@code too_large}
 * and the connection is closed), the keep-alive its CONNECT asked for, and a bounded outbound buffer:
 * past {@link Builder#maxQueuedBytes(int)} unwritten bytes {@link dev.parley.api.spi.Connection#send}
 * refuses, and the engine closes the connection as a slow consumer. TLS is optional.
 *
 * <p>A conversation topic is published at the QoS its subscription was granted (at most 1); at QoS 1
 * each PUBLISH stays in flight in the client's MQTT session until its PUBACK, is sent again with DUP
 * when a persistent session reconnects, and at most {@link Builder#maxInflight(int)} (or the client's
 * MQTT 5 Receive Maximum) are in flight at once; past that, messages are read from the store once
 * PUBACKs make room. The client topic is published at QoS 0.
 *
 * <p>Threads: Netty's event loop ({@code parley-mqtt-N}) accepts, decodes, encodes and writes; it never
 * blocks. Requests and sends run on the protocol's worker pool. Thread-safe.
 */
public final class MqttTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(MqttTransport.class);
    /** How long a closing connection may take to write what is queued before it is cut. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final Builder config;
    private final SslContext tls;
    private final ChannelGroup channels = new DefaultChannelGroup("parley-mqtt", GlobalEventExecutor.INSTANCE);
    private volatile TransportContext context;
    private volatile EventLoopGroup group;
    private volatile Channel server;

    private MqttTransport(Builder config, SslContext tls) {
        this.config = config;
        this.tls = tls;
    }

    /** Starts configuring a transport. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String id() {
        return "mqtt";
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
            throw new IllegalStateException("an MQTT transport starts once");
        }
        this.context = Objects.requireNonNull(context, "context");
        group = new NioEventLoopGroup(config.ioThreads, new DefaultThreadFactory("parley-mqtt", true));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.maxQueuedBytes / 2, config.maxQueuedBytes))
                .childHandler(new MqttChannelInitializer(this, tls));
        try {
            server = bootstrap.bind(config.host, config.port).syncUninterruptibly().channel();
        } catch (Exception e) { // Netty rethrows the BindException, checked or not
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            group = null;
            this.context = null;
            throw new IllegalStateException("could not listen on " + config.host + ":" + config.port + ": "
                    + e.getMessage(), e);
        }
        group.next().scheduleAtFixedRate(this::forgetExpired, 1, 1, TimeUnit.MINUTES);
        LOG.info("MQTT listening on {}:{}{}", config.host, port(), tls == null ? "" : " (TLS)");
    }

    /** Room in a packet for the topic and properties, beyond the engine's frame limit. */
    static final int PACKET_OVERHEAD = 1024;
    /** The longest client id, in characters. */
    static final int MAX_CLIENT_ID_LENGTH = 128;

    /** The persistent sessions, by user and client id, while they last. */
    private final ConcurrentHashMap<MqttSession.Key, MqttSession> sessions = new ConcurrentHashMap<>();

    /** The connected clients by client id: one connection per client id, as MQTT requires. */
    private final ConcurrentHashMap<String, MqttConnection> clients = new ConcurrentHashMap<>();

    /** The engine's side, or null once closed: connections that arrive then are turned away. */
    TransportContext context() {
        return context;
    }

    void opened(Channel channel) {
        channels.add(channel);
    }

    /** The largest MQTT packet a client may send, in bytes. */
    int maxPacketBytes() {
        TransportContext current = context;
        return (current == null ? 0 : current.maxFrameBytes()) + PACKET_OVERHEAD;
    }

    Duration idleTimeout() {
        return config.idleTimeout;
    }

    /**
     * Gives a client id to a connection that has just logged in. A connection of the same user (or
     * of no user, for anonymous ones) that holds it is closed, as MQTT's session take-over says; a
     * connection of another user keeps it, and this one is refused.
     *
     * @return whether the connection holds the client id now
     */
    boolean claim(String clientId, MqttConnection connection) {
        MqttConnection[] previous = new MqttConnection[1];
        MqttConnection holder = clients.compute(clientId, (id, current) -> {
            if (current == null || current == connection) {
                return connection;
            }
            if (!Objects.equals(current.user(), connection.user())) {
                return current;
            }
            previous[0] = current;
            return connection;
        });
        if (previous[0] != null) {
            previous[0].disconnect(ReasonCodes.disconnect(MqttConnection.SESSION_TAKEN_OVER));
        }
        return holder == connection;
    }

    /** The session a connection logged in with. */
    record Attached(MqttSession session, boolean present, boolean kept) {
    }

    /**
     * The session for a user's client id once its CONNECT is accepted: the stored one, unless the
     * client asked for a clean start or it expired, else a new one, stored if the client asked for a
     * persistent session and there is room.
     *
     * @return the session, whether it was present, and whether it is kept after this connection
     */
    Attached attach(MqttSession.Key key, MqttConnection connection, boolean cleanStart, boolean persistent,
            int window) {
        long now = System.nanoTime();
        MqttSession stored = sessions.get(key);
        if (stored != null && (cleanStart || stored.expired(now))) {
            sessions.remove(key, stored);
            stored = null;
        }
        if (stored != null) {
            stored.attach(connection, window, true);
            return new Attached(stored, true, true);
        }
        MqttSession fresh = new MqttSession();
        fresh.attach(connection, window, false);
        if (!persistent) {
            return new Attached(fresh, false, false);
        }
        if (sessions.size() >= config.maxSessions) {
            LOG.warn("not keeping the MQTT session of client {}: {} sessions are kept already", key.clientId(),
                    config.maxSessions);
            return new Attached(fresh, false, false);
        }
        MqttSession raced = sessions.putIfAbsent(key, fresh);
        if (raced != null) {
            raced.attach(connection, window, true);
            return new Attached(raced, true, true);
        }
        return new Attached(fresh, false, true);
    }

    /** A connection with a session closed: the session is kept for its expiry, or forgotten. */
    void detach(MqttSession.Key key, MqttSession session, MqttConnection connection, Duration expiry) {
        if (!session.detach(connection, System.nanoTime() + expiry.toNanos())) {
            return; // a newer connection has it
        }
        if (expiry.isZero()) {
            sessions.remove(key, session);
        }
    }

    /** Forgets the sessions whose client stayed away past their expiry. */
    private void forgetExpired() {
        long now = System.nanoTime();
        sessions.entrySet().removeIf(entry -> entry.getValue().expired(now));
    }

    /** How many persistent sessions are kept, with or without a client connected. */
    public int sessionCount() {
        return sessions.size();
    }

    Duration sessionExpiry() {
        return config.sessionExpiry;
    }

    /** The most QoS 1 PUBLISH packets one connection may have waiting for their PUBACK. */
    int maxInflight() {
        return config.maxInflight;
    }

    /** A connection that held a client id has closed. */
    void release(String clientId, MqttConnection connection) {
        clients.remove(clientId, connection);
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
        for (Channel channel : channels) {
            MqttConnection connection = channel.pipeline().get(MqttConnection.class);
            if (connection != null) {
                connection.closeOnItsOwn(CloseReason.SERVER_SHUTDOWN);
            }
        }
        if (!channels.newCloseFuture().awaitUninterruptibly(CLOSE_GRACE.toMillis())) {
            channels.close().awaitUninterruptibly(CLOSE_GRACE.toMillis());
        }
        current.shutdownGracefully(0, CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(CLOSE_GRACE.toMillis() * 2);
        LOG.info("MQTT transport on port {} stopped", port);
    }

    /** Configures a {@link MqttTransport}; {@link #build()} checks it. Not thread-safe. */
    public static final class Builder {

        private String host = "0.0.0.0";
        private int port = 1883;
        private TlsKeyMaterial tls;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private int maxQueuedBytes = 4 * 1024 * 1024;
        private int ioThreads = Runtime.getRuntime().availableProcessors();
        private Duration sessionExpiry = Duration.ofDays(1);
        private int maxSessions = 100_000;
        private int maxInflight = 1000;

        private Builder() {
        }

        /** The interface to listen on; all of them by default. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port to listen on, 1883 (MQTT's) by default; 0 picks a free one, which {@link MqttTransport#port()} reports. */
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
         * How long a new connection may take to send its CONNECT, and how long a client whose CONNECT
         * asked for no keep-alive (0) may send nothing, before it is closed (with a {@code closing} event
         * whose reason is {@code idle_timeout} once connected); 60 seconds by default. A client with a
         * keep-alive is closed after 1.5 times its keep-alive without a packet, as MQTT says; receiving
         * does not count. This is also how a half-open connection is found and closed.
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

        /**
         * The longest a persistent session outlives its connection (1 day by default): for an MQTT 3.1.1
         * client with clean session false, and the most an MQTT 5 client's session expiry interval gets.
         * Zero keeps no session.
         */
        public Builder sessionExpiry(Duration expiry) {
            if (expiry.isNegative()) {
                throw new IllegalArgumentException("the session expiry cannot be negative");
            }
            this.sessionExpiry = expiry;
            return this;
        }

        /**
         * How many persistent sessions are kept at once (100,000 by default); a client that asks for one
         * past that gets a clean session, with session present false.
         */
        public Builder maxSessions(int sessions) {
            if (sessions < 0) {
                throw new IllegalArgumentException("the most sessions cannot be negative");
            }
            this.maxSessions = sessions;
            return this;
        }

        /**
         * How many QoS 1 PUBLISH packets the server may have sent to one client without its PUBACK
         * (1000 by default, at most 65,535, the packet ids there are); an MQTT 5 client's Receive
         * Maximum lowers it for that client. A message of a QoS 1 subscription that finds the window
         * full is not published then: once PUBACKs make room, it is read from the store, in seq order.
         * The messages in flight are kept in the session, so this also bounds its memory: at most this
         * many message frames per session.
         */
        public Builder maxInflight(int packets) {
            if (packets < 1 || packets > 65_535) {
                throw new IllegalArgumentException("the in-flight window is 1 to 65535 packets");
            }
            this.maxInflight = packets;
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
        public MqttTransport build() {
            SslContext sslContext = null;
            if (tls != null) {
                try {
                    sslContext = SslContextBuilder.forServer(tls.keyManagerFactory()).sslProvider(SslProvider.JDK).build();
                } catch (SSLException e) {
                    throw new IllegalStateException("cannot serve TLS with the given key: " + e.getMessage(), e);
                }
            }
            return new MqttTransport(this, sslContext);
        }
    }
}
