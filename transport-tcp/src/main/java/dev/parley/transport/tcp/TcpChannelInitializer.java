package dev.parley.transport.tcp;

import dev.parley.api.spi.TransportContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;

/**
 * Builds each connection's pipeline, from the socket inwards:
 * <ol>
 *   <li>{@code tls} (only with TLS): {@link TlsGate}, which becomes Netty's {@code SslHandler} once the
 *       first bytes turn out to be TLS, and refuses plaintext;</li>
 *   <li>{@code flush}: merges the flushes of frames written in a burst into fewer writes to the socket
 *       (and fewer TLS records);</li>
 *   <li>{@code lines}: splits lines of at most {@code maxFrameBytes} bytes, failing fast on a longer one
 *       instead of buffering it;</li>
 *   <li>{@code connection}: {@link TcpConnection}, which decodes UTF-8 and hands each line to the
 *       protocol; it also notes when the peer last sent anything, for the transport's idle timeout.</li>
 * </ol>
 */
final class TcpChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final TcpTransport transport;
    private final SslContext tls;

    TcpChannelInitializer(TcpTransport transport, SslContext tls) {
        this.transport = transport;
        this.tls = tls;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        TransportContext context = transport.context();
        if (context == null) {
            channel.close(); // shutting down
            return;
        }
        transport.opened(channel);
        ChannelPipeline pipeline = channel.pipeline();
        if (tls != null) {
            pipeline.addLast("tls", new TlsGate(tls));
        }
        pipeline.addLast("flush", new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
        pipeline.addLast("lines", new LineBasedFrameDecoder(context.maxFrameBytes(), true, true));
        pipeline.addLast("connection", new TcpConnection(context));
    }
}
