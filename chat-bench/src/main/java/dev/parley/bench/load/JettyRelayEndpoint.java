package dev.parley.bench.load;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One connection of {@link JettyRelayServer}: joins a room with its first frame (and is sent the
 * backlog it names, for the drain), then relays. Public
 * because Jetty invokes a listener's methods through method handles.
 */
public final class JettyRelayEndpoint implements Session.Listener.AutoDemanding {

    private final RelayRooms<JettyRelayEndpoint> rooms;
    private volatile Session session;
    private long room = -1;

    JettyRelayEndpoint(RelayRooms<JettyRelayEndpoint> rooms) {
        this.rooms = rooms;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        session = opened;
    }

    @Override
    public void onWebSocketText(String frame) {
        if (room < 0) {
            room = RelayRooms.roomOf(frame);
            rooms.join(room, this);
            int backlog = RelayRooms.backlogOf(frame);
            session.sendText(RelayRooms.OK, Callback.NOOP);
            for (int i = 1; i <= backlog; i++) {
                session.sendText(RelayRooms.backlogEvent(room, i), Callback.NOOP);
            }
            return;
        } else {
            String event = RelayRooms.event(frame);
            for (JettyRelayEndpoint member : rooms.members(room)) {
                if (member != this) {
                    member.session.sendText(event, Callback.NOOP);
                }
            }
        }
        session.sendText(RelayRooms.OK, Callback.NOOP);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        rooms.leave(room, this);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        rooms.leave(room, this);
    }
}
