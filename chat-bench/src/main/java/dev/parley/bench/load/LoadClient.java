package dev.parley.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.util.concurrent.EventExecutor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The load client: a few Netty event-loop threads (one by default) that own every connection, its
 * reads, its writes and its send schedule, so that no frame is handed from one thread to another.
 * Connections are spread over the source addresses {@code 127.0.0.1} to {@code 127.0.0.N}.
 */
public final class LoadClient implements AutoCloseable {

    private static final int MAX_FRAME = 64 * 1024;
    /** Connections being set up at once; more would only queue in the server's accept backlog. */
    private static final int CONNECTING_AT_ONCE = 64;

    private final NioEventLoopGroup group;
    private final Map<EventLoop, LoopStats> stats = new LinkedHashMap<>();
    private final List<Long> threadIds = new ArrayList<>();
    private final int sourceAddresses;

    /**
     * @param threads         event-loop threads of the client
     * @param sourceAddresses how many 127.0.0.x source addresses to spread connections over
     */
    public LoadClient(int threads, int sourceAddresses) {
        this.group = new NioEventLoopGroup(threads);
        this.sourceAddresses = sourceAddresses;
        for (EventExecutor executor : group) {
            stats.put((EventLoop) executor, new LoopStats());
            try {
                threadIds.add(executor.submit(() -> Thread.currentThread().getId()).get());
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException("the client's event loop did not start", e);
            }
        }
    }

    int threads() {
        return stats.size();
    }

    /** CPU time of the client's event-loop threads so far, in nanoseconds. */
    long cpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long id : threadIds) {
            total += Math.max(0, threads.getThreadCpuTime(id));
        }
        return total;
    }

    /** Bytes allocated by the client's event-loop threads so far. */
    long allocatedBytes() {
        long total = 0;
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads) {
            for (long id : threadIds) {
                total += Math.max(0, threads.getThreadAllocatedBytes(id));
            }
        }
        return total;
    }

    /** Connects every member and waits until each has logged in or joined; fails if one cannot. */
    List<LoadConnection> connect(LoadTarget target, Wire wire, List<Member> members, String runId)
            throws InterruptedException {
        return connect(target, wire, members, runId, 0);
    }

    /**
     * Connects every member and waits until each has logged in or joined; fails if one cannot. A
     * drained member (one with a backlog) starts catching up as soon as it is logged in, with
     * {@code sync} requests of at most {@code syncLimit} messages per conversation (0: the server's
     * page size).
     */
    List<LoadConnection> connect(LoadTarget target, Wire wire, List<Member> members, String runId, int syncLimit)
            throws InterruptedException {
        Semaphore window = new Semaphore(CONNECTING_AT_ONCE);
        List<LoadConnection> connections = new ArrayList<>();
        List<CompletableFuture<LoadConnection>> readies = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            window.acquire();
            CompletableFuture<LoadConnection> ready = open(target, wire, members.get(i), runId + "-" + i + "-", i,
                    syncLimit);
            readies.add(ready);
            ready.whenComplete((c, e) -> window.release());
        }
        try {
            CompletableFuture.allOf(readies.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            long held = readies.stream().filter(r -> r.isDone() && !r.isCompletedExceptionally()).count();
            readies.forEach(r -> r.thenAccept(c -> c.channel().close()));
            throw new IllegalStateException("could not connect every member to " + target.name() + " over "
                    + wire + " (" + held + " of " + members.size() + " were logged in): " + e.getMessage(), e);
        }
        for (CompletableFuture<LoadConnection> ready : readies) {
            connections.add(ready.join());
        }
        return connections;
    }

    private CompletableFuture<LoadConnection> open(LoadTarget target, Wire wire, Member member, String prefix,
                                                   int index, int syncLimit) {
        CompletableFuture<LoadConnection> ready = new CompletableFuture<>();
        int port = target.port(wire, index);
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        LoadConnection connection = new LoadConnection(wire, member, prefix, stats.get(ch.eventLoop()),
                                syncLimit);
                        connection.ready.whenComplete((c, e) -> {
                            if (e == null) {
                                ready.complete(c);
                            } else {
                                ready.completeExceptionally(e);
                            }
                        });
                        ChannelPipeline pipeline = ch.pipeline();
                        if (wire == Wire.WS) {
                            URI uri = URI.create("ws://127.0.0.1:" + port + target.path());
                            pipeline.addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_FRAME),
                                    new WebSocketClientProtocolHandler(WebSocketClientHandshakerFactory.newHandshaker(
                                            uri, WebSocketVersion.V13, null, false, EmptyHttpHeaders.INSTANCE, MAX_FRAME)),
                                    new WebSocketFrameAggregator(MAX_FRAME));
                        } else if (wire == Wire.MQTT) {
                            pipeline.addLast(new MqttDecoder(MAX_FRAME), MqttEncoder.INSTANCE);
                        } else {
                            pipeline.addLast(new LineBasedFrameDecoder(MAX_FRAME), new StringDecoder(StandardCharsets.UTF_8));
                        }
                        pipeline.addLast(connection);
                    }
                });
        InetSocketAddress source = new InetSocketAddress("127.0.0." + (1 + index % sourceAddresses), 0);
        bootstrap.connect(new InetSocketAddress("127.0.0.1", port), source).addListener(f -> {
            if (!f.isSuccess()) {
                ready.completeExceptionally(f.cause());
            }
        });
        return ready;
    }

    /** The stats of every loop, reset to a new measurement window. */
    void startWindow(long from, long to) {
        onEachLoop(s -> {
            s.start(from, to);
            return null;
        });
    }

    /** The drain's figures of every loop, reset for a drain that starts at {@code start}. */
    void startDrain(long start) {
        onEachLoop(s -> {
            s.startDrain(start);
            return null;
        });
    }

    /** A snapshot of every loop's stats, merged. */
    LoopStats snapshot() {
        LoopStats total = new LoopStats();
        for (LoopStats copy : onEachLoop(LoopStats::snapshot)) {
            copy.addTo(total);
        }
        return total;
    }

    private <T> List<T> onEachLoop(java.util.function.Function<LoopStats, T> action) {
        List<T> results = new ArrayList<>();
        try {
            for (Map.Entry<EventLoop, LoopStats> entry : stats.entrySet()) {
                results.add(entry.getKey().submit(() -> action.apply(entry.getValue())).get());
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("a client event loop failed", e);
        }
        return results;
    }

    static void closeAll(List<LoadConnection> connections) {
        for (LoadConnection connection : connections) {
            connection.closing = true;
            connection.channel().close().awaitUninterruptibly();
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
