package dev.parley.transport.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.List;

/**
 * Looks at the first five bytes of a connection on a TLS port. A TLS record replaces this handler with
 * Netty's {@link SslHandler}, which gets those bytes too. Anything else, such as a JSON line typed into
 * {@code nc}, gets one plaintext line from the protocol ({@link dev.parley.api.spi.FrameHandler#onForeignProtocol})
 * saying that the port speaks TLS, and the connection is closed:
 * a clearer answer than a handshake failure, and nothing of the plaintext reaches the protocol.
 */
final class TlsGate extends ByteToMessageDecoder {

    /** A TLS record header is five bytes: type, version (2), length (2). */
    private static final int RECORD_HEADER = 5;

    private final SslContext tls;

    TlsGate(SslContext tls) {
        this.tls = tls;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < RECORD_HEADER) {
            return;
        }
        if (SslHandler.isEncrypted(in, false)) {
            ctx.pipeline().replace(this, "tls", tls.newHandler(ctx.alloc()));
            return;
        }
        in.skipBytes(in.readableBytes());
        ctx.channel().config().setAutoRead(false);
        // The protocol writes the answer through the connection, which is past this gate in the
        // pipeline: it leaves as plaintext, through no TLS handler, and the connection closes.
        TcpConnection connection = ctx.pipeline().get(TcpConnection.class);
        if (connection != null) {
            connection.notTheProtocol("this port speaks TLS; connect with a TLS client such as openssl s_client");
        } else {
            ctx.close();
        }
    }
}
