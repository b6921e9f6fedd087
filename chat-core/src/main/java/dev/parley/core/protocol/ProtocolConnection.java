package dev.parley.core.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.CloseReason;
import dev.parley.api.ErrorCode;
import dev.parley.api.UserId;
import dev.parley.api.event.ChatEvent;
import dev.parley.api.spi.Connection;
import dev.parley.api.spi.DirectRequests;
import dev.parley.api.spi.FrameHandler;
import dev.parley.core.ChatSession;
import dev.parley.core.EventSink;
import dev.parley.core.LoginResult;

/**
 * One client connection speaking the protocol, on any transport. Frames arrive on the transport's I/O
 * thread and are handed, in order, to the engine's worker pool; responses and events leave through the
 * connection's bounded queue.
 *
 * <p>The parts, each readable alone: {@link RequestQueue} orders and bounds the requests,
 * {@link RequestDispatcher} reads and runs them ({@link RequestReader}, {@link Operations},
 * {@link AdminChecks}), {@link LoginBinding} ties the connection to a user, {@link ResponseWriter}
 * encodes the answers and errors, and {@link Outbound} sends them and spots a slow consumer.
 *
 * <p>Until it logs in, a connection may use only {@code hello}, {@code ping}, {@code register} and
 * {@code login}. Once logged in, it is a live {@link ChatSession} of its user, and every request acts
 * as that user: a request never names its sender. Thread-safe.
 */
final class ProtocolConnection implements FrameHandler, EventSink {

    private final ChatProtocol protocol;
    private final Connection connection;
    private final Outbound out;
    private final ResponseWriter responses;
    private final RequestQueue requests;
    private final LoginBinding login;
    private final RequestDispatcher dispatcher;
    private final DirectOps direct;
    private volatile String countedAddress;
    /** The transport's name, the tag of this connection's meters. */
    private final String transport;
    // Guarded by this: whether the connection was accepted (and counted open), has ended (and been
    // counted closed), and its login counted as an open session.
    private boolean accepted;
    private boolean ended;
    private boolean sessionCounted;
    /** Set by the connection's own logout: the close that follows is the client's, not the server's. */
    private volatile boolean ownLogout;

    /** @param console whether it is the process's own {@link ConsoleConnection}: an admin without a login */
    ProtocolConnection(ChatProtocol protocol, Connection connection, boolean console) {
        this.protocol = protocol;
        this.connection = connection;
        this.transport = connection.transport();
        this.out = new Outbound(connection, this::slowConsumer, console ? null : protocol.connectionLog());
        this.responses = new ResponseWriter(out);
        this.requests = new RequestQueue(protocol.workers(), protocol.maxPendingRequests(), responses,
                protocol.metrics());
        this.login = new LoginBinding(protocol.engine(), this);
        this.dispatcher = new RequestDispatcher(this, protocol.operations(), new RequestReader(protocol.mapper()),
                responses, new AdminChecks(protocol.engine(), connection, console));
        this.direct = new DirectOps(this, requests, protocol);
    }

    /** The logged-in user, or null. */
    UserId user() {
        return login.user();
    }

    ChatSession chatSession() {
        return login.chatSession();
    }

    ChatProtocol protocol() {
        return protocol;
    }

    Connection connection() {
        return connection;
    }

    void countedAt(String address) {
        this.countedAddress = address;
    }

    String countedAddress() {
        return countedAddress;
    }

    /** Binds the connection to a user after a successful login or registration; the login's answer. */
    ObjectNode loggedIn(LoginResult result) {
        ObjectNode answer = login.bind(result);
        synchronized (this) {
            if (accepted && !ended) {
                sessionCounted = true;
                protocol.metrics().sessionOpened(transport);
            }
        }
        return answer;
    }

    /** The protocol accepted the connection: it counts as open from now on. */
    synchronized void accepted() {
        accepted = true;
        protocol.metrics().connectionOpened(transport);
    }

    /** The client asked to log out: the close for {@code logged_out} that follows is its own. */
    void loggingOut() {
        ownLogout = true;
    }

    String transport() {
        return transport;
    }

    /**
     * Counts the end of an accepted connection once, and writes the operator's line when the server
     * closed it for a reason of its own: not the peer's disconnect or logout, and not the shutdown,
     * which the engine announces once for all.
     */
    private void ended(String reason, boolean byServer) {
        synchronized (this) {
            if (!accepted || ended) {
                return;
            }
            ended = true;
            protocol.metrics().connectionClosed(transport, reason);
            if (sessionCounted) {
                protocol.metrics().sessionClosed(transport);
            }
        }
        if (byServer && !CloseReason.SERVER_SHUTDOWN.equals(reason)
                && !(ownLogout && CloseReason.LOGGED_OUT.equals(reason))) {
            protocol.connectionLog().closedByServer(reason, transport, connection.remoteAddress());
        }
    }

    /** Runs a task after the request now running, in this connection's order. */
    void later(Runnable task) {
        requests.later(task);
    }

    /** Turns the connection away at once, saying why. */
    void refuse(String reason) {
        out.markClosed();
        out.closeConnection(reason, true);
    }

    @Override
    public void onFrame(String frame) {
        if (out.isClosed()) {
            return;
        }
        if (FrameText.longerThan(frame, protocol.maxFrameBytes())) {
            responses.error(null, ErrorCode.TOO_LARGE, "a frame is at most " + protocol.maxFrameBytes() + " bytes");
            return;
        }
        long received = System.nanoTime();
        requests.submit(() -> dispatcher.handle(frame, received));
    }

    /**
     * Answers a frame the transport could not decode like one that is not JSON, in order with the
     * others: it counts toward the unreadable frames in a row, and the last one is answered too.
     */
    @Override
    public void onUnreadableFrame(String message) {
        if (out.isClosed()) {
            return;
        }
        long received = System.nanoTime();
        requests.submit(() -> dispatcher.badFrame(message, received));
    }

    /** Answers a frame the transport stopped reading with too_large, and closes the connection. */
    @Override
    public void onOversizedFrame(String message) {
        if (out.isClosed()) {
            return;
        }
        responses.error(null, ErrorCode.TOO_LARGE, message);
        close(CloseReason.TOO_LARGE);
    }

    /** Answers a peer that does not speak the transport's framing once, and disconnects it. */
    @Override
    public void onForeignProtocol(String message) {
        if (out.isClosed()) {
            return;
        }
        responses.error(null, ErrorCode.BAD_REQUEST, message);
        if (out.markClosed()) {
            ended(CloseReason.NOT_THE_PROTOCOL, true);
            out.closeConnection(CloseReason.NOT_THE_PROTOCOL, false);
            cleanUp();
        }
    }

    /** The transport closes on its own: tell the peer why, as for any close. */
    @Override
    public void onTransportClose(String reason) {
        close(reason);
    }

    /** The protocol's operations for a transport that calls them without frames. */
    @Override
    public DirectRequests direct() {
        return direct;
    }

    /** Refuses a binary frame; the protocol is text only. */
    @Override
    public void onBinaryFrame() {
        responses.error(null, ErrorCode.BAD_REQUEST, "binary frames are not part of the protocol; send JSON text");
    }

    /** Queues a frame; a full queue closes the connection as a slow consumer. */
    void sendRaw(String frame) {
        out.send(frame);
    }

    private void slowConsumer() {
        ChatSession session = login.chatSession();
        if (session != null) {
            session.close(CloseReason.SLOW_CONSUMER);
        } else {
            close(CloseReason.SLOW_CONSUMER);
        }
    }

    @Override
    public boolean offer(ChatEvent event) {
        return out.offer(protocol.encode(event), event);
    }

    /** Tells the peer why, if its queue has room, then closes the connection. Idempotent. */
    @Override
    public void close(String reason) {
        if (!out.markClosed()) {
            return;
        }
        ended(reason, !CloseReason.DISCONNECTED.equals(reason));
        out.closeConnection(reason, !CloseReason.SLOW_CONSUMER.equals(reason));
        cleanUp();
    }

    @Override
    public void onClose() {
        out.markClosed();
        ended(CloseReason.DISCONNECTED, false);
        cleanUp();
    }

    private void cleanUp() {
        protocol.tail().unsubscribe(this);
        protocol.forget(this);
        ChatSession session = login.chatSession();
        if (session != null) {
            session.close(CloseReason.DISCONNECTED);
        }
    }
}
