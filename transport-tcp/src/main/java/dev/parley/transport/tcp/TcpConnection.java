package dev.parley.transport.tcp;

import dev.parley.api.CloseReason;
import dev.parley.api.spi.Connection;
import dev.parley.api.spi.FrameHandler;
import dev.parley.api.spi.TransportContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection: the last handler of its Netty pipeline on one side, the engine's
 * {@link Connection} on the other. Each line the pipeline splits off is decoded as strict UTF-8 and
 * handed to the protocol; each frame the engine sends leaves as one line.
 *
 * <p>Inbound methods run on the channel's event loop and never block: {@link FrameHandler#onFrame}
 * only queues the request for the protocol's workers. {@link #send} and {@link #close} are called from
 * any thread. Backpressure is Netty's writability: past the high-water mark of unwritten bytes
 * {@link #send} refuses, and the engine then closes the connection as a slow consumer. Thread-safe.
 */
final class TcpConnection extends ChannelInboundHandlerAdapter implements Connection {

    private static final Logger LOG = LoggerFactory.getLogger(TcpConnection.class);
    /** The message of the {@code bad_request} a line that is not UTF-8 gets. */
    static final String INVALID_UTF8 = "invalid UTF-8: a line must be UTF-8 text";

    // Flags set once, by compare-and-set: a field each rather than an AtomicBoolean each, since every
    // idle session holds one of these objects.
    private static final VarHandle CLOSING;
    private static final VarHandle FINISHED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CLOSING = lookup.findVarHandle(TcpConnection.class, "closing", boolean.class);
            FINISHED = lookup.findVarHandle(TcpConnection.class, "finished", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TransportContext context;
    private volatile boolean closing;
    private volatile boolean finished;
    private volatile Channel channel;
    /** {@link System#nanoTime()} when the peer last sent anything, for the transport's idle timeout. */
    private volatile long lastRead = System.nanoTime();
    // The fields below are used on the event loop only.
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private volatile FrameHandler handler;
    private boolean refusing;

    TcpConnection(TransportContext context) {
        this.context = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Netty keeps the address once asked for it, so that it is still known after the close.
        ctx.channel().remoteAddress();
        channel = ctx.channel();
        lastRead = System.nanoTime();
        handler = context.open(this);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf line)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            if (refusing || handler == null || isBlank(line)) {
                return; // closing, or a blank line, which is ignored
            }
            String frame;
            try {
                frame = utf8.decode(line.nioBuffer()).toString();
            } catch (CharacterCodingException e) {
                // The protocol answers it and counts it with the lines that are not JSON, so that both
                // kinds of garbage get the same treatment, the 20th in a row answered and then closed.
                handler.onUnreadableFrame(INVALID_UTF8);
                return;
            }
            handler.onFrame(frame);
        } finally {
            line.release();
        }
    }

    /** Every read from the socket, a whole line or part of one, counts against the idle timeout. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        lastRead = System.nanoTime();
        ctx.fireChannelReadComplete();
    }

    /** How long the peer has sent nothing, in nanoseconds, as of {@code now} ({@link System#nanoTime()}). */
    long idleFor(long now) {
        return now - lastRead;
    }

    /**
     * Closes with {@code idle_timeout} if the peer has still sent nothing for {@code timeoutNanos}: the
     * transport's idle check found it so, and this runs on the event loop, where a read may have come
     * in since. The protocol tells the peer why, then closes.
     */
    void idleTimedOut(long timeoutNanos) {
        if (refusing || closing || idleFor(System.nanoTime()) < timeoutNanos) {
            return;
        }
        LOG.debug("closing {}: nothing received within the idle timeout", remoteAddress());
        refusing = true;
        closeOnItsOwn(CloseReason.IDLE_TIMEOUT);
    }

    /**
     * Whether a line is empty or holds only JSON whitespace (spaces, tabs, a carriage return), which
     * is ignored rather than answered: a keep-alive newline from a terminal or a script is not an error.
     */
    private static boolean isBlank(ByteBuf line) {
        for (int i = line.readerIndex(); i < line.writerIndex(); i++) {
            byte b = line.getByte(i);
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /**
     * A line longer than the limit: the protocol refuses it and says why, and the connection closes
     * without buffering the rest of it.
     */
    private void tooLong() {
        if (refusing) {
            return;
        }
        refusing = true;
        if (handler != null) {
            handler.onOversizedFrame("a line is at most " + context.maxFrameBytes() + " bytes");
        }
        close(CloseReason.TOO_LARGE); // in case the handler did not
    }

    /**
     * Plaintext on a TLS port: the protocol answers once, in plaintext, since this is written past
     * the TLS gate, and the connection closes. Called by {@link TlsGate} on the event loop.
     */
    void notTheProtocol(String message) {
        if (refusing) {
            return;
        }
        refusing = true;
        if (handler != null) {
            handler.onForeignProtocol(message);
        }
        close(CloseReason.NOT_THE_PROTOCOL); // in case the handler did not
    }

    /**
     * Ends the output after what is queued, so that the peer reads the error before the end of the
     * stream, then discards what the peer still sends until it closes too or the grace period ends.
     * Closing at once with unread input would make the kernel reset the connection, which can destroy
     * the error on its way to a peer that is still writing.
     */
    private void lingerAndClose() {
        Channel current = channel;
        SslHandler ssl = current.pipeline().get(SslHandler.class);
        if (ssl != null) {
            ssl.closeOutbound();
        } else if (current instanceof SocketChannel socket) {
            current.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> socket.shutdownOutput());
        }
        current.eventLoop().schedule(() -> {
            current.close();
        }, TcpTransport.CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            LOG.debug("closing {}: TLS handshake failed: {}", remoteAddress(), handshake.cause().toString());
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            tooLong();
        } else if (cause instanceof IOException || cause.getCause() instanceof javax.net.ssl.SSLException) {
            LOG.debug("closing {}: {}", remoteAddress(), cause.toString());
            ctx.close();
        } else {
            LOG.warn("closing {} after an unexpected error", remoteAddress(), cause);
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        if (FINISHED.compareAndSet(this, false, true) && handler != null) {
            handler.onClose();
        }
        ctx.fireChannelInactive();
    }

    /** The peer's address and port, such as {@code 127.0.0.1:53122}; made when asked, not kept. */
    @Override
    public String remoteAddress() {
        Channel current = channel;
        return current == null ? "unknown" : format(current.remoteAddress());
    }

    @Override
    public String transport() {
        return "tcp";
    }

    /** The unwritten bytes against the channel's high-water mark, past which it refuses frames. */
    @Override
    public double queueFill() {
        Channel current = channel;
        // A closed channel has no outbound buffer, and Netty then counts 0 bytes before unwritable:
        // that is no queue at all, not a full one.
        if (current == null || !current.isActive()) {
            return -1;
        }
        int high = current.config().getWriteBufferHighWaterMark();
        return high <= 0 ? -1 : 1.0 - Math.min(high, current.bytesBeforeUnwritable()) / (double) high;
    }

    /**
     * Queues one frame as one line. Refuses, without queueing, when the channel is not writable: the
     * unwritten bytes are past the high-water mark because the peer does not read.
     */
    @Override
    public boolean send(String frame) {
        Channel current = channel;
        if (current == null || closing || !current.isActive()) {
            return true; // closing anyway; dropping is right, refusing would only close it again
        }
        if (!current.isWritable()) {
            return false;
        }
        writeLine(frame);
        return true;
    }

    private void writeLine(String frame) {
        Channel current = channel;
        ByteBuf line = current.alloc().buffer(ByteBufUtil.utf8Bytes(frame) + 1);
        ByteBufUtil.writeUtf8(line, frame);
        line.writeByte('\n');
        current.writeAndFlush(line, current.voidPromise());
    }

    /**
     * Closes after what is queued has been written, or at once for a slow consumer, whose queue is full.
     * The engine has already sent the {@code closing} event when there is one. Idempotent.
     */
    @Override
    public void close(String reason) {
        Channel current = channel;
        if (current == null || !CLOSING.compareAndSet(this, false, true)) {
            return;
        }
        LOG.debug("closing {}: {}", remoteAddress(), reason);
        if (CloseReason.SLOW_CONSUMER.equals(reason)) {
            current.close();
            return;
        }
        if (CloseReason.TOO_LARGE.equals(reason)) {
            lingerAndClose(); // the rest of the line may still be on its way
            return;
        }
        current.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        // A peer that does not read would hold the close back for ever.
        current.eventLoop().schedule(() -> {
            current.close();
        }, TcpTransport.CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Closes for a reason the transport decides, such as its idle timeout: the protocol tells the
     * peer why, then closes. Callable from any thread.
     */
    void closeOnItsOwn(String reason) {
        if (channel == null || closing) {
            return;
        }
        FrameHandler current = handler;
        if (current != null) {
            current.onTransportClose(reason);
        }
        close(reason); // in case the handler did not
    }

    private static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
