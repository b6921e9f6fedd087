package dev.parley.transport.mqtt;

import dev.parley.api.spi.TransportContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Builds each connection's pipeline, from the socket inwards:
 * <ol>
 *   <li>{@code idle}: closes a connection that sends no CONNECT within the idle timeout, and after
 *       CONNECT one that is silent for 1.5 times its keep-alive;</li>
 *   <li>{@code tls} (only with TLS): Netty's {@code SslHandler};</li>
 *   <li>{@code flush}: merges the flushes of packets written in a burst;</li>
 *   <li>{@code decoder}: Netty's {@link MqttDecoder}, with its 8 KiB default raised to the engine's
 *       frame limit plus room for the topic and properties, and {@code encoder}: {@link MqttEncoder};</li>
 *   <li>{@code connection}: {@link MqttConnection}.</li>
 * </ol>
 */
final class MqttChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final MqttTransport transport;
    private final SslContext tls;

    MqttChannelInitializer(MqttTransport transport, SslContext tls) {
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
        pipeline.addLast("idle", new IdleStateHandler(transport.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        if (tls != null) {
            pipeline.addLast("tls", tls.newHandler(channel.alloc()));
        }
        pipeline.addLast("flush", new FlushConsolidationHandler(
                FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
        pipeline.addLast("decoder", new MqttDecoder(transport.maxPacketBytes(), MqttTransport.MAX_CLIENT_ID_LENGTH));
        pipeline.addLast("encoder", MqttEncoder.INSTANCE);
        pipeline.addLast("connection", new MqttConnection(transport, context));
    }
}
