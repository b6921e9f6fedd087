package dev.parley.core.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.AdminConsole;
import dev.parley.api.CloseReason;
import dev.parley.api.event.ChatEvent;
import dev.parley.api.spi.Attachments;
import dev.parley.api.spi.ChatListener;
import dev.parley.api.spi.ChatStore;
import dev.parley.api.spi.Connection;
import dev.parley.api.spi.FrameHandler;
import dev.parley.api.spi.TransportContext;
import dev.parley.core.ChatEngine;
import dev.parley.api.spi.ConcurrencyLimit;
import dev.parley.core.internal.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The JSON protocol, version 1, for every transport: the {@link TransportContext} that the engine
 * gives its transports. Each connection becomes a {@code ProtocolConnection} (package-private). See docs/protocol.md.
 *
 * <p>Requests run on a worker pool of the protocol's own, never on the transport's I/O threads, and in
 * order per connection. Thread-safe.
 */
public final class ChatProtocol implements TransportContext, AutoCloseable {

    private final ChatEngine engine;
    private final int maxFrameBytes;
    private final long maxAttachmentBytes;
    private final ObjectMapper mapper;
    private final Operations operations;
    private final TailService tail;
    private final Attachments attachments;
    private final ExecutorService workers;
    private final Set<ProtocolConnection> connections = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<CachedEvent> lastEncoded = new ThreadLocal<>();
    /** Connections per address, whatever carries them: protocol connections and a transport's HTTP requests. */
    private final ConcurrencyLimit perAddress;
    /** Set once the server is going away: a connection that opens after that is told so at once. */
    private volatile String closing;
    /** Orders announcing a connection against closing them all, so that none slips between. */
    private final Object lifecycle = new Object();
    private final dev.parley.core.internal.EngineMetrics metrics;
    private final dev.parley.core.internal.ConnectionLog connectionLog;

    private record CachedEvent(ChatEvent event, String frame) {
    }

    /**
     * The protocol for an engine; the engine builds its own, and registers {@link #tailListener()} with
     * its listeners.
     *
     * @param store              the engine's store, which {@code admin.tail} reads to filter by user
     * @param maxFrameBytes      the largest request accepted, in bytes of UTF-8
     * @param maxAttachmentBytes the largest upload, announced in {@code hello}
     * @param workerThreads      threads that run requests
     * @param maxConnectionsPerAddress connections one address may hold at once, the protocol's own and
     *                           {@linkplain #admitConnection other connections} together
     * @param metrics            the engine's meters
     * @param connectionLog      the operator's lines about closed and filling connections
     */
    public ChatProtocol(ChatEngine engine, ChatStore store, int maxFrameBytes, long maxAttachmentBytes,
                        int workerThreads, int maxConnectionsPerAddress, dev.parley.core.internal.EngineMetrics metrics,
                        dev.parley.core.internal.ConnectionLog connectionLog) {
        this.engine = engine;
        this.metrics = metrics;
        this.connectionLog = connectionLog;
        this.operations = new Operations(engine);
        this.perAddress = new ConcurrencyLimit(maxConnectionsPerAddress);
        this.tail = new TailService(store);
        this.attachments = new EngineAttachments(engine);
        this.maxFrameBytes = maxFrameBytes;
        this.maxAttachmentBytes = maxAttachmentBytes;
        // Tight parser limits: a frame is small, so nothing in it needs to be deep or long.
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(16)
                        .maxNumberLength(32)
                        .maxStringLength(maxFrameBytes)
                        .maxDocumentLength(maxFrameBytes)
                        .build())
                .build();
        this.mapper = new ObjectMapper(factory);
        this.workers = Executors.newFixedThreadPool(workerThreads, Threads.named("parley-worker"));
    }

    /**
     * Announces a connection. One address may hold at most the configured number of connections; one
     * more is told {@code too_many_connections} and closed at once.
     */
    @Override
    public FrameHandler open(Connection connection) {
        ProtocolConnection opened = new ProtocolConnection(this, connection, false);
        String address = host(connection.remoteAddress());
        if (!perAddress.tryAcquire(address)) {
            metrics.connectionRefused(connection.transport(), CloseReason.TOO_MANY_CONNECTIONS);
            opened.refuse(CloseReason.TOO_MANY_CONNECTIONS);
            return opened;
        }
        opened.countedAt(address);
        synchronized (lifecycle) {
            if (closing == null) {
                connections.add(opened);
                opened.accepted();
                return opened;
            }
        }
        // Its handshake finished just as the server began to close: tell it, as closeAll told the others.
        release(address);
        metrics.connectionRefused(connection.transport(), closing);
        opened.refuse(closing);
        return opened;
    }

    /** Counts the connection against the same per-address cap as the protocol's own connections. */
    @Override
    public boolean admitConnection(String remoteAddress) {
        return perAddress.tryAcquire(host(remoteAddress));
    }

    @Override
    public void releaseConnection(String remoteAddress) {
        release(host(remoteAddress));
    }

    /** The host part of an address such as {@code /127.0.0.1:53122} or {@code [::1]:53122}. */
    static String host(String remoteAddress) {
        return dev.parley.core.internal.ClientAddress.host(remoteAddress);
    }

    /**
     * Opens a console: admin operations run in this process without a login.
     *
     * @see ChatEngine#adminConsole()
     */
    public AdminConsole console() {
        return new ConsoleConnection(this);
    }

    @Override
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** How many requests of one connection may wait for their answers. */
    int maxPendingRequests() {
        return engine.limits().maxPendingRequests();
    }

    long maxAttachmentBytes() {
        return maxAttachmentBytes;
    }

    @Override
    public Attachments attachments() {
        return attachments;
    }

    /** The engine this protocol serves. */
    ChatEngine engine() {
        return engine;
    }

    dev.parley.core.internal.EngineMetrics metrics() {
        return metrics;
    }

    dev.parley.core.internal.ConnectionLog connectionLog() {
        return connectionLog;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    Operations operations() {
        return operations;
    }

    TailService tail() {
        return tail;
    }

    /** The listener that streams committed messages to the admins who asked with {@code admin.tail}. */
    public ChatListener tailListener() {
        return tail;
    }

    ExecutorService workers() {
        return workers;
    }

    void forget(ProtocolConnection closed) {
        if (connections.remove(closed) && closed.countedAddress() != null) {
            release(closed.countedAddress());
        }
    }

    private void release(String address) {
        perAddress.release(address);
    }

    /**
     * Encodes an event once for all the sessions it goes to: fan-out hands one event to many sessions
     * in a row on one thread, so the last encoding is kept per thread.
     */
    String encode(ChatEvent event) {
        CachedEvent cached = lastEncoded.get();
        if (cached != null && cached.event() == event) {
            return cached.frame();
        }
        String frame = Wire.event(event).toString();
        lastEncoded.set(new CachedEvent(event, frame));
        return frame;
    }

    /** The names of every operation, for documentation checks. */
    public Set<String> operationNames() {
        return Set.copyOf(operations.names());
    }

    /** Tells every connection, logged in or not, that the server is going away, and closes it. */
    public void closeAll(String reason) {
        List<ProtocolConnection> all;
        synchronized (lifecycle) {
            closing = reason;
            all = new ArrayList<>(connections);
        }
        all.forEach(s -> s.close(reason));
    }

    @Override
    public void close() {
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
