package dev.parley.transport.websocket;

import dev.parley.api.CloseReason;
import dev.parley.api.spi.Connection;
import dev.parley.api.spi.FrameHandler;
import dev.parley.api.spi.TransportContext;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * One WebSocket connection: Jetty's endpoint on one side, the engine's {@link Connection} on the
 * other. Each text message is one protocol message.
 *
 * <p>The connection assembles a message from Jetty's fragments itself, up to
 * {@code abusiveFrameBytes}; past that it drops what it holds, reads the rest of the message without
 * keeping it, and closes with 1009 when the message ends. Closing only then, rather than by Jetty's own
 * size limit, means the peer is not still writing when the server closes, so it is told 1009 instead
 * of having its connection reset. A message that goes on past {@link #CUT_OFF_FACTOR} times the bound
 * is cut off at once.
 *
 * <p>Outgoing frames are counted until Jetty has written them; past the configured maximum,
 * {@link #send} refuses, and the engine closes the connection as a slow consumer, so that a client that
 * stops reading never makes the server buffer without bound. Thread-safe.
 *
 * <p>Public only because Jetty reaches the listener methods through method handles; not an API.
 */
public final class WebSocketConnection implements Session.Listener.AutoDemanding, Connection {

    private final TransportContext context;
    private final WebSocketTransport transport;
    private final int maxQueuedFrames;
    private final long abusiveFrameBytes;
    /** The message being assembled, touched only by Jetty's one reading thread at a time. */
    private final StringBuilder assembling = new StringBuilder();
    private long assembledBytes;
    private boolean discarding;
    /** How many times {@code abusiveFrameBytes} a message may run on, read and dropped, before it is cut off. */
    static final int CUT_OFF_FACTOR = 16;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    /** Jetty's side of the connection, which Jetty calls a session; null until it opens. */
    private volatile Session jetty;
    private volatile FrameHandler handler;
    private volatile String remote = "unknown";

    WebSocketConnection(TransportContext context, WebSocketTransport transport, int maxQueuedFrames,
            long abusiveFrameBytes) {
        this.context = context;
        this.transport = transport;
        this.maxQueuedFrames = maxQueuedFrames;
        this.abusiveFrameBytes = abusiveFrameBytes;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        this.jetty = opened;
        this.remote = String.valueOf(opened.getRemoteSocketAddress());
        transport.opened(this);
        this.handler = context.open(this);
    }

    @Override
    public void onWebSocketPartialText(String fragment, boolean last) {
        assembledBytes += utf8Length(fragment);
        if (!discarding && assembledBytes > abusiveFrameBytes) {
            discarding = true;
            assembling.setLength(0);
            assembling.trimToSize();
        }
        if (discarding) {
            if (last) {
                jetty.close(StatusCode.MESSAGE_TOO_LARGE, CloseReason.TOO_LARGE, Callback.NOOP);
            } else if (assembledBytes > abusiveFrameBytes * CUT_OFF_FACTOR) {
                jetty.disconnect();
            }
            return; // nothing more is read from a connection being closed
        }
        if (last) {
            assembledBytes = 0;
            if (assembling.isEmpty()) {
                handler.onFrame(fragment); // the usual case: a message in one frame, no copy
            } else {
                String message = assembling.append(fragment).toString();
                assembling.setLength(0);
                handler.onFrame(message);
            }
        } else {
            assembling.append(fragment);
        }
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        handler.onBinaryFrame();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        finish();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        finish();
    }

    private void finish() {
        if (closed.compareAndSet(false, true)) {
            transport.closed(this);
            FrameHandler current = handler;
            if (current != null) {
                current.onClose();
            }
            finished.complete(null);
        }
    }

    /** Completes once the connection has closed, from either side. */
    CompletableFuture<Void> finished() {
        return finished;
    }

    /**
     * Closes for a reason the transport decides, such as its own shutdown: the protocol tells the peer
     * why with a {@code closing} event, as on every transport, then closes. Callable from any thread.
     */
    void closeOnItsOwn(String reason) {
        FrameHandler current = handler;
        if (current != null) {
            current.onTransportClose(reason);
        }
        close(reason); // in case the handler did not
    }

    @Override
    public String remoteAddress() {
        return remote;
    }

    @Override
    public String transport() {
        return "websocket";
    }

    @Override
    public double queueFill() {
        return (double) queued.get() / maxQueuedFrames;
    }

    @Override
    public boolean send(String frame) {
        Session current = jetty;
        if (current == null || !current.isOpen()) {
            return true; // closing anyway; dropping is right, refusing would only close it again
        }
        if (queued.incrementAndGet() > maxQueuedFrames) {
            queued.decrementAndGet();
            return false;
        }
        current.sendText(frame, Callback.from(queued::decrementAndGet, failure -> queued.decrementAndGet()));
        return true;
    }

    @Override
    public void close(String reason) {
        Session current = jetty;
        if (current == null) {
            return;
        }
        if (CloseReason.SLOW_CONSUMER.equals(reason)) {
            // Its queue is full, so a close frame would wait behind it: cut the connection instead.
            current.disconnect();
        } else {
            int code = CloseReason.SERVER_SHUTDOWN.equals(reason) ? StatusCode.SHUTDOWN : StatusCode.NORMAL;
            current.close(code, reason, Callback.NOOP);
        }
    }

    /** Pings the peer, which answers with a pong; either way the idle timer restarts. */
    void ping() {
        Session current = jetty;
        if (current != null && current.isOpen()) {
            current.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
        }
    }

    int queuedFrames() {
        return queued.get();
    }
}
