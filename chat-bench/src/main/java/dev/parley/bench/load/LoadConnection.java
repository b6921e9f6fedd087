package dev.parley.bench.load;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One load connection, on one client event-loop thread: it logs in (or joins), sends {@code send}
 * requests when its {@link SendSchedule} says, and times the {@code message} events it receives.
 *
 * <p>Each message's text carries its intended send time ({@code ~T<nanoTime>~}), so the recipient,
 * in the same JVM, computes the end-to-end latency from the frame alone: no lookup table, no lock.
 * Frames are scanned as strings, never parsed into trees, to keep the client's own CPU low.
 */
final class LoadConnection extends SimpleChannelInboundHandler<Object> {

    private static final String MARK = "~T";
    private static final String EVENT_MESSAGE = "\"event\":\"message\"";

    final CompletableFuture<LoadConnection> ready = new CompletableFuture<>();
    private final Wire wire;
    private final Member member;
    private final String clientMsgPrefix;
    private final LoopStats stats;
    /** For the drain: how this connection catches up with its backlog; null otherwise. */
    private final DrainCatchUp drain;
    private Channel channel;
    private long seq;
    /** Set once the run closes this connection itself, so that its close is not counted as a drop. */
    volatile boolean closing;

    /**
     * @param syncLimit for a drained member, the {@code limit} of its {@code sync} requests (0: none)
     */
    LoadConnection(Wire wire, Member member, String clientMsgPrefix, LoopStats stats, int syncLimit) {
        this.wire = wire;
        this.member = member;
        this.clientMsgPrefix = clientMsgPrefix;
        this.stats = stats;
        this.drain = member.backlog() > 0 ? new DrainCatchUp(member, syncLimit, stats, System.nanoTime()) : null;
    }

    Channel channel() {
        return channel;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        if (wire == Wire.TCP) {
            write(member.joinFrame());
        } else if (wire == Wire.MQTT) {
            channel.writeAndFlush(MqttLoadFrames.connect(member, clientMsgPrefix), channel.voidPromise());
        }
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            write(member.joinFrame());
        } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            ready.completeExceptionally(new IllegalStateException("WebSocket handshake timed out"));
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof TextWebSocketFrame frame) {
            onFrame(frame.text());
        } else if (msg instanceof String line) {
            onFrame(line);
        } else if (msg instanceof MqttMessage mqtt) {
            onMqtt(mqtt);
        }
    }

    /**
     * MQTT: CONNACK, then a subscription to the conversation's topic, whose SUBACK makes the connection
     * ready; then PUBACKs count as acks and PUBLISHes carry the {@code message} events.
     */
    private void onMqtt(MqttMessage mqtt) {
        MqttMessageType type = mqtt.fixedHeader().messageType();
        if (type == MqttMessageType.PUBLISH) {
            onFrame(((MqttPublishMessage) mqtt).payload().toString(StandardCharsets.UTF_8));
        } else if (type == MqttMessageType.PUBACK) {
            stats.acks++;
        } else if (type == MqttMessageType.CONNACK) {
            MqttConnectReturnCode code = ((MqttConnAckMessage) mqtt).variableHeader().connectReturnCode();
            if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                ready.completeExceptionally(new IllegalStateException("CONNACK " + code));
            } else {
                channel.writeAndFlush(MqttLoadFrames.subscribe(member), channel.voidPromise());
            }
        } else if (type == MqttMessageType.SUBACK) {
            int granted = ((MqttSubAckMessage) mqtt).payload().grantedQoSLevels().get(0);
            if (granted >= 0x80) {
                ready.completeExceptionally(new IllegalStateException("SUBACK refused " + granted));
            } else {
                ready.complete(this);
            }
        }
    }

    private void onFrame(String frame) {
        if (!ready.isDone()) {
            if (frame.contains("\"ok\":true")) {
                ready.complete(this);
                if (drain != null) {
                    writeIfAny(drain.start());
                }
            } else if (frame.contains("\"ok\":false")) {
                ready.completeExceptionally(new IllegalStateException("join refused: " + frame));
            }
            return;
        }
        if (drain != null) {
            writeIfAny(drain.onFrame(frame));
            return;
        }
        boolean event = frame.startsWith("{\"event\":\"message\"")
                || (!frame.startsWith("{\"id\"") && frame.contains(EVENT_MESSAGE));
        if (event) {
            long intended = intendedTime(frame);
            if (intended != Long.MIN_VALUE) {
                stats.delivered(intended, System.nanoTime());
            }
        } else if (frame.contains("\"ok\":true")) {
            stats.acks++;
        } else if (frame.contains("\"ok\":false")) {
            stats.errors++;
        }
    }

    private static long intendedTime(String frame) {
        int start = frame.indexOf(MARK);
        if (start < 0) {
            return Long.MIN_VALUE;
        }
        int end = frame.indexOf('~', start + MARK.length());
        return end < 0 ? Long.MIN_VALUE : Long.parseLong(frame, start + MARK.length(), end, 10);
    }

    /** Sends one message meant to leave at {@code intended}; called on this connection's event loop. */
    void send(long intended, long now) {
        long id = ++seq;
        if (wire == Wire.MQTT) {
            channel.writeAndFlush(MqttLoadFrames.send(channel.alloc(), member, MARK + intended + "~", id),
                    channel.voidPromise());
            stats.sent(intended, now);
            return;
        }
        write("{\"id\":" + id + ",\"op\":\"send\",\"data\":{\"conversationId\":" + member.conversationId()
                + ",\"text\":\"" + MARK + intended + "~\",\"clientMsgId\":\"" + clientMsgPrefix + id + "\"}}");
        stats.sent(intended, now);
    }

    private void writeIfAny(String frame) {
        if (frame != null) {
            write(frame);
        }
    }

    private void write(String frame) {
        if (wire == Wire.WS) {
            channel.writeAndFlush(new TextWebSocketFrame(frame), channel.voidPromise());
        } else {
            channel.writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(), frame + "\n"), channel.voidPromise());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (ready.isDone() && !closing) {
            stats.disconnects++;
        }
        ready.completeExceptionally(new IllegalStateException("connection closed before it was ready"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A write to a connection the server has cut fails here; the cut itself counts as a disconnect.
        ready.completeExceptionally(cause);
        ctx.close();
    }
}
