package dev.parley.bench.load;

import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The WebSocket baseline: a bare Jetty 12 server, on Jetty's defaults and the same thread-pool
 * size as Parley's listener, that echoes and broadcasts as {@link RelayRooms} says.
 */
public final class JettyRelayServer implements LoadTarget {

    private final Server server;
    private final ServerConnector connector;
    private final RelayRooms<JettyRelayEndpoint> rooms = new RelayRooms<>();

    /** Starts it on an ephemeral port of 127.0.0.1. */
    public JettyRelayServer() {
        QueuedThreadPool pool = new QueuedThreadPool(200, 8);
        pool.setName("bare-jetty");
        server = new Server(pool);
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container ->
                container.addMapping(path(), (request, response, callback) -> new JettyRelayEndpoint(rooms))));
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("bare Jetty did not start", e);
        }
    }

    @Override
    public String name() {
        return "jetty";
    }

    @Override
    public String threadPrefix() {
        return "bare-jetty";
    }

    @Override
    public List<Wire> wires() {
        return List.of(Wire.WS);
    }

    @Override
    public int port(Wire wire) {
        if (wire != Wire.WS) {
            throw new IllegalArgumentException("bare Jetty speaks only WebSocket");
        }
        return connector.getLocalPort();
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
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("bare Jetty did not stop", e);
        }
    }
}
