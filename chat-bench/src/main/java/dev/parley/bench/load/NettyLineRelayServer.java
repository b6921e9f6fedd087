package dev.parley.bench.load;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The TCP baseline: a bare Netty 4 server of JSON lines, on Netty's default thread count, that
 * echoes and broadcasts as {@link RelayRooms} says.
 */
public final class NettyLineRelayServer implements LoadTarget {

    private final NioEventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("bare-netty-boss"));
    private final NioEventLoopGroup workers = new NioEventLoopGroup(0, new DefaultThreadFactory("bare-netty"));
    private final RelayRooms<Channel> rooms = new RelayRooms<>();
    private final Channel server;

    /** Starts it on an ephemeral port of 127.0.0.1. */
    public NettyLineRelayServer() {
        server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(64 * 1024),
                                new StringDecoder(StandardCharsets.UTF_8), new Relay());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    @Override
    public String name() {
        return "netty";
    }

    @Override
    public String threadPrefix() {
        return "bare-netty";
    }

    @Override
    public List<Wire> wires() {
        return List.of(Wire.TCP);
    }

    @Override
    public int port(Wire wire) {
        if (wire != Wire.TCP) {
            throw new IllegalArgumentException("bare Netty speaks only TCP lines");
        }
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public List<Member> pairs(int pairs) {
        return RelayRooms.pairs(pairs);
    }

    @Override
    public List<Member> room(int members) {
        return RelayRooms.room(members);
    }

    @Override
    public List<Member> rooms(int rooms, int size) {
        return RelayRooms.rooms(rooms, size);
    }

    @Override
    public List<Member> drain(int users, int messages) {
        return RelayRooms.drain(users, messages);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One connection: joins with its first line (and is sent the backlog it names, for the drain), then relays. */
    private final class Relay extends SimpleChannelInboundHandler<String> {

        private long room = -1;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            Channel self = ctx.channel();
            if (room < 0) {
                room = RelayRooms.roomOf(line);
                rooms.join(room, self);
                int backlog = RelayRooms.backlogOf(line);
                self.write(ByteBufUtil.writeUtf8(self.alloc(), RelayRooms.OK + "\n"), self.voidPromise());
                // The backlog is written at once and flushed once, as a server with nothing else to do would.
                for (int i = 1; i <= backlog; i++) {
                    self.write(ByteBufUtil.writeUtf8(self.alloc(), RelayRooms.backlogEvent(room, i) + "\n"),
                            self.voidPromise());
                }
                self.flush();
                return;
            } else {
                String event = RelayRooms.event(line) + "\n";
                for (Channel member : rooms.members(room)) {
                    if (member != self) {
                        member.writeAndFlush(ByteBufUtil.writeUtf8(member.alloc(), event), member.voidPromise());
                    }
                }
            }
            self.writeAndFlush(ByteBufUtil.writeUtf8(self.alloc(), RelayRooms.OK + "\n"), self.voidPromise());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            rooms.leave(room, ctx.channel());
        }
    }
}
