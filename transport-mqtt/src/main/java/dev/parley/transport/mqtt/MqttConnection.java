package dev.parley.transport.mqtt;

import dev.parley.api.CloseReason;
import dev.parley.api.ConversationId;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.event.ChatEvent;
import dev.parley.api.event.MessageEvent;
import dev.parley.api.spi.AuthRequest;
import dev.parley.api.spi.Connection;
import dev.parley.api.spi.DirectRequests;
import dev.parley.api.spi.FrameHandler;
import dev.parley.api.spi.TransportContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT client: the last handler of its Netty pipeline on one side, the engine's {@link Connection}
 * on the other. It answers CONNECT (logging in through the engine when the CONNECT has a user name),
 * hands what is published to {@link Topics#REQUEST} to the protocol as frames, runs the native topics
 * through {@link dev.parley.api.spi.DirectRequests}, and publishes what the engine sends to the topics
 * the client subscribed to.
 *
 * <p>Inbound methods run on the channel's event loop and never block; so does everything that changes
 * the MQTT state, since answers that complete on the engine's threads hop back onto the loop.
 * {@link #send} and {@link #close} are called from any thread. Backpressure is Netty's writability, as
 * on TCP: past the high-water mark {@link #send} refuses and the engine closes the connection as a
 * slow consumer. A QoS 1 subscription's messages are bounded by the session's in-flight window besides:
 * a message that finds it full is not published, and is read from the store once PUBACKs make room.
 * Thread-safe.
 */
final class MqttConnection extends ChannelInboundHandlerAdapter implements Connection {

    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);
    /** The reason an older connection with the same client id is closed for. */
    static final String SESSION_TAKEN_OVER = "session_taken_over";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long a connection the server closes stays open after its last packet; see writeDisconnect. */
    /** The MQTT 5 user property that carries a send's idempotency key, the protocol's clientMsgId. */
    static final String CLIENT_MSG_ID = "clientMsgId";
    private static final long CLOSE_LINGER_MILLIS = 250;
    /** How long catching up waits before reading the store again after a failed read (unavailable, rate limited). */
    private static final long CATCH_UP_RETRY_MILLIS = 1000;

    private enum Phase { AWAITING_CONNECT, LOGGING_IN, CONNECTED }

    private final MqttTransport transport;
    private final TransportContext context;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile Channel channel;
    private volatile String remote = "unknown";
    private volatile FrameHandler handler;
    private volatile boolean v5;
    private volatile String clientId;
    private volatile UserId user;
    /** The MQTT session: subscriptions, idempotency keys, what was published; new until CONNACK. */
    private volatile MqttSession session = new MqttSession();
    /** Whether the session outlives this connection, and for how long once the client is away. */
    private volatile boolean persistent;
    private volatile Duration sessionExpiry = Duration.ZERO;
    private volatile boolean cleanStart = true;
    /** How many QoS 1 PUBLISH packets may wait for their PUBACK: the transport's limit, or less if the client says. */
    private volatile int window;
    // Used on the event loop only.
    private Phase phase = Phase.AWAITING_CONNECT;
    private boolean connackSent;
    private final ArrayDeque<MqttMessage> held = new ArrayDeque<>();
    /** The CONNECT's will, sent when the client goes away without a clean DISCONNECT; null if none. */
    private Will will;

    /** A will: a native send topic and its text. */
    private record Will(String topic, byte[] message) {
    }

    MqttConnection(MqttTransport transport, TransportContext context) {
        this.transport = transport;
        this.context = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        remote = format(ctx.channel().remoteAddress());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof MqttMessage message)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (closing.get()) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (phase == Phase.LOGGING_IN) {
            held.add(message); // answered once the login is through, in order
            return;
        }
        try {
            handle(message);
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    private void handle(MqttMessage message) {
        DecoderResult result = message.decoderResult();
        if (result != null && result.isFailure()) {
            malformed(result.cause());
            return;
        }
        MqttMessageType type = message.fixedHeader().messageType();
        if (phase == Phase.AWAITING_CONNECT) {
            if (type == MqttMessageType.CONNECT) {
                connect((MqttConnectMessage) message);
            } else {
                LOG.debug("closing {}: {} before CONNECT", remote, type);
                channel.close();
            }
            return;
        }
        switch (type) {
            case PUBLISH -> publish((MqttPublishMessage) message);
            case SUBSCRIBE -> subscribe((MqttSubscribeMessage) message);
            case UNSUBSCRIBE -> unsubscribe((MqttUnsubscribeMessage) message);
            case PINGREQ -> channel.writeAndFlush(new MqttMessage(
                    new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0)));
            case DISCONNECT -> {
                // A clean DISCONNECT drops the will, except MQTT 5's "disconnect with will message" (0x04).
                if (!(v5 && message.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader reason
                        && reason.reasonCode() == MqttReasonCodes.Disconnect.DISCONNECT_WITH_WILL_MESSAGE.byteValue())) {
                    will = null;
                }
                channel.close();
            }
            case PUBACK -> acknowledged(((MqttMessageIdVariableHeader) message.variableHeader()).messageId());
            case PUBREC, PUBREL, PUBCOMP, AUTH -> {
                // The server publishes at QoS 0 or 1 only, so there is no QoS 2 flow; no AUTH exchange.
            }
            default -> protocolError("a second CONNECT or a server-only packet: " + type);
        }
    }

    /** A packet the decoder could not read. */
    private void malformed(Throwable cause) {
        if (phase == Phase.AWAITING_CONNECT) {
            if (cause instanceof MqttUnacceptableProtocolVersionException) {
                refuseConnect(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION);
            } else if (cause instanceof MqttIdentifierRejectedException) {
                refuseConnect(v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID
                        : MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
            } else {
                LOG.debug("closing {}: unreadable CONNECT: {}", remote, cause.toString());
                channel.close();
            }
            return;
        }
        if (cause instanceof TooLongFrameException) {
            // The decoder discards everything after a packet past its limit, so the stream is lost: the
            // protocol says why, as for a TCP line past the limit, and the connection closes.
            LOG.debug("closing {}: a packet over the limit", remote);
            handler.onOversizedFrame("an MQTT packet is at most " + transport.maxPacketBytes() + " bytes");
            close(CloseReason.TOO_LARGE); // in case the handler did not
        } else {
            protocolError("malformed packet: " + cause.getMessage());
        }
    }

    private void protocolError(String what) {
        LOG.debug("closing {}: {}", remote, what);
        if (handler != null) {
            handler.onTransportClose(CloseReason.NOT_THE_PROTOCOL);
        }
        close(CloseReason.NOT_THE_PROTOCOL);
    }

    // ---- CONNECT ----

    private void connect(MqttConnectMessage connect) {
        int level = connect.variableHeader().version();
        v5 = level == MqttVersion.MQTT_5.protocolLevel();
        if (level != MqttVersion.MQTT_3_1_1.protocolLevel() && !v5) {
            refuseConnect(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION);
            return;
        }
        String id = connect.payload().clientIdentifier();
        boolean assigned = false;
        if (id == null || id.isEmpty()) {
            if (!v5 && !connect.variableHeader().isCleanSession()) {
                refuseConnect(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
                return;
            }
            id = "parley-" + Long.toUnsignedString(RANDOM.nextLong(), 36);
            assigned = true;
        }
        if (!validClientId(id)) {
            refuseConnect(v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID
                    : MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
            return;
        }
        clientId = id;
        if (connect.variableHeader().isWillFlag()) {
            will = new Will(connect.payload().willTopic(), connect.payload().willMessageInBytes());
        }
        cleanStart = connect.variableHeader().isCleanSession();
        sessionExpiry = requestedExpiry(connect);
        persistent = !sessionExpiry.isZero();
        window = receiveWindow(connect);
        keepAlive(connect.variableHeader().keepAliveTimeSeconds());
        handler = context.open(this);
        if (closing.get()) {
            return; // turned away, such as one connection too many: close() answers the CONNACK
        }
        AuthRequest login = ConnectLogin.of(
                connect.variableHeader().hasUserName() ? connect.payload().userName() : null,
                connect.variableHeader().hasPassword() ? connect.payload().passwordInBytes() : null, remote);
        boolean assignedId = assigned;
        if (login == null) {
            accept(null, assignedId);
            return;
        }
        phase = Phase.LOGGING_IN;
        channel.config().setAutoRead(false);
        handler.direct().logIn(login).whenComplete((loggedIn, failure) ->
                channel.eventLoop().execute(() -> loggedIn(loggedIn, failure, assignedId)));
    }

    /**
     * How long the session should outlive the connection: on 3.1.1 the transport's session expiry for
     * clean session false, on 5 the CONNECT's session expiry interval, at most the transport's.
     */
    private Duration requestedExpiry(MqttConnectMessage connect) {
        Duration most = transport.sessionExpiry();
        if (!v5) {
            return connect.variableHeader().isCleanSession() ? Duration.ZERO : most;
        }
        MqttProperties.MqttProperty<?> property = connect.variableHeader().properties()
                .getProperty(MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value());
        long seconds = property == null ? 0 : Integer.toUnsignedLong((Integer) property.value());
        Duration asked = Duration.ofSeconds(seconds);
        return asked.compareTo(most) > 0 ? most : asked;
    }

    /**
     * The in-flight window: the transport's {@code maxInflight}, or an MQTT 5 client's Receive Maximum
     * if that is smaller (the server must not send it more unacknowledged QoS 1 packets).
     */
    private int receiveWindow(MqttConnectMessage connect) {
        int most = transport.maxInflight();
        if (!v5) {
            return most;
        }
        MqttProperties.MqttProperty<?> property = connect.variableHeader().properties()
                .getProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value());
        int asked = property == null ? 65_535 : (Integer) property.value();
        return asked <= 0 ? most : Math.min(most, asked); // 0 is a protocol error; the transport's limit then
    }

    /** A client id is used in a topic level, so it may not hold the separator or a wildcard. */
    private static boolean validClientId(String id) {
        return id.length() <= MqttTransport.MAX_CLIENT_ID_LENGTH && id.indexOf('/') < 0 && id.indexOf('+') < 0
                && id.indexOf('#') < 0 && id.chars().noneMatch(Character::isISOControl);
    }

    /** The reader-idle limit: 1.5 times the keep-alive, as MQTT says, or the idle timeout without one. */
    private void keepAlive(int seconds) {
        long millis = seconds > 0 ? seconds * 1500L : transport.idleTimeout().toMillis();
        channel.pipeline().replace("idle", "idle", new IdleStateHandler(millis, 0, 0, TimeUnit.MILLISECONDS));
    }

    private void loggedIn(User loggedIn, Throwable failure, boolean assignedId) {
        if (closing.get()) {
            held.forEach(ReferenceCountUtil::release);
            held.clear();
            return;
        }
        if (failure != null) {
            LOG.debug("refusing {}: login failed: {}", remote, failure.toString());
            held.forEach(ReferenceCountUtil::release);
            held.clear();
            refuseConnect(ReasonCodes.refusedLogin(failure, v5));
            return;
        }
        accept(loggedIn.id(), assignedId);
        channel.config().setAutoRead(true);
        while (!held.isEmpty() && !closing.get()) {
            MqttMessage message = held.poll();
            try {
                handle(message);
            } finally {
                ReferenceCountUtil.release(message);
            }
        }
        held.forEach(ReferenceCountUtil::release);
        held.clear();
    }

    private void accept(UserId loggedIn, boolean assignedId) {
        user = loggedIn;
        if (!transport.claim(clientId, this)) {
            refuseConnect(v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID
                    : MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
            return;
        }
        boolean present = false;
        if (loggedIn == null) {
            persistent = false; // an anonymous client has no session to come back to
            session.attach(this, window, false);
        } else {
            MqttTransport.Attached attached = transport.attach(new MqttSession.Key(loggedIn, clientId), this,
                    cleanStart, persistent, window);
            session = attached.session();
            present = attached.present();
            persistent = persistent && attached.kept();
        }
        phase = Phase.CONNECTED;
        connackSent = true;
        MqttMessageBuilders.ConnAckBuilder connack = MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(present);
        if (v5) {
            String assigned = clientId;
            long expirySeconds = persistent ? sessionExpiry.toSeconds() : 0;
            connack.properties(p -> {
                p.sessionExpiryInterval(expirySeconds);
                p.maximumQos((byte) 1);
                p.retainAvailable(false);
                p.sharedSubscriptionAvailable(false);
                p.subscriptionIdentifiersAvailable(false);
                p.maximumPacketSize(transport.maxPacketBytes());
                if (assignedId) {
                    p.assignedClientId(assigned);
                }
            });
        }
        channel.writeAndFlush(connack.build());
        if (present) {
            // The session started catching up as it was attached, so no live message overtakes these.
            for (MqttSession.InFlight again : session.resend(this)) {
                publishOut(again.topic(), again.frame(), again.packetId(), true);
            }
            readMissed();
        }
    }

    // ---- a persistent session catching up ----

    /**
     * Publishes what the client missed, read from the store by seq after the highest seq published in
     * each subscribed conversation, in order; live messages wait meanwhile, and a message is published
     * once per connection. A full in-flight window pauses it until PUBACKs make room
     * ({@link #acknowledged}). Runs on the event loop, one page after another.
     */
    private void readMissed() {
        if (closing.get()) {
            return; // the session is detached: the next connection catches up
        }
        Map<ConversationId, Long> from = session.catchUpFrom();
        if (from.isEmpty()) {
            caughtUp();
            return;
        }
        handler.direct().missed(from).whenComplete((frames, failure) -> channel.eventLoop().execute(() -> {
            if (closing.get()) {
                return;
            }
            if (failure != null) {
                // Going live now would skip what the store still holds; live messages wait (bounded) meanwhile.
                LOG.debug("{} could not catch up, trying again in {} ms: {}", remote, CATCH_UP_RETRY_MILLIS,
                        failure.toString());
                channel.eventLoop().schedule(this::readMissed, CATCH_UP_RETRY_MILLIS, TimeUnit.MILLISECONDS);
                return;
            }
            if (frames.isEmpty()) {
                caughtUp();
                return;
            }
            for (DirectRequests.MessageFrame missed : frames) {
                MqttSession.Offer offer = session.admitMissed(this,
                        Topics.conversation(missed.message().conversationId()), missed.frame(), missed.message());
                if (offer == MqttSession.Offer.FULL) {
                    return; // the window is full: PUBACKs resume it, or the session was taken over
                }
                publish(offer);
            }
            if (!channel.isWritable()) {
                close(CloseReason.SLOW_CONSUMER); // the session remembers how far it got
                return;
            }
            readMissed();
        }));
    }

    private void caughtUp() {
        for (MqttSession.Offer offer : session.caughtUp(this)) {
            publish(offer);
        }
        if (session.catchingUpNow() && !session.paused() && !closing.get()) {
            readMissed(); // live messages were dropped meanwhile: the store has them
        }
    }

    /**
     * A PUBACK for a message the server published: it leaves the window, and a catch-up that waited
     * for room goes on. An unknown packet id (acknowledged already, or from before a clean start) is
     * ignored, as MQTT allows.
     */
    private void acknowledged(int packetId) {
        if (!session.acknowledge(this, packetId)) {
            LOG.debug("{} acknowledged packet id {}, which is not in flight", remote, packetId);
            return;
        }
        if (session.resumeIfRoom(this)) {
            readMissed();
        }
    }

    /** Answers CONNECT with a refusal and closes; the protocol hears of it through {@code onClose}. */
    private void refuseConnect(MqttConnectReturnCode code) {
        closing.set(true);
        connackSent = true;
        MqttConnAckMessage connack = MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false).build();
        channel.writeAndFlush(connack).addListener(ChannelFutureListener.CLOSE);
    }

    /** The user this connection logged in as, or null for an anonymous one. */
    UserId user() {
        return user;
    }

    // ---- PUBLISH ----

    private void publish(MqttPublishMessage publish) {
        MqttQoS qos = publish.fixedHeader().qosLevel();
        int packetId = publish.variableHeader().packetId();
        if (qos == MqttQoS.EXACTLY_ONCE) {
            // CONNACK says maximum QoS 1 to an MQTT 5 client; 3.1.1 has no way to refuse it but to close.
            LOG.debug("closing {}: QoS 2 is not supported", remote);
            disconnect(MqttReasonCodes.Disconnect.QOS_NOT_SUPPORTED.byteValue());
            return;
        }
        String topic = publish.variableHeader().topicName();
        ByteBuf payload = publish.payload();
        if (Topics.REQUEST.equals(topic)) {
            String frame = utf8(payload);
            if (frame == null) {
                handler.onUnreadableFrame("invalid UTF-8: a request must be UTF-8 text");
            } else {
                handler.onFrame(frame);
            }
            // A request is acknowledged on receipt: its answer on the client topic says how it went.
            pubAck(qos, packetId, MqttPubReplyMessageVariableHeader.REASON_CODE_OK);
            return;
        }
        Topics.ConversationTopic target = Topics.ConversationTopic.parse(topic);
        if (target == null || target.conversation() == null || target.action() == null
                || !(Topics.SEND.equals(target.action()) || Topics.TYPING.equals(target.action()))) {
            pubAck(qos, packetId, MqttReasonCodes.PubAck.TOPIC_NAME_INVALID.byteValue());
            return;
        }
        if (user == null) {
            pubAck(qos, packetId, MqttReasonCodes.PubAck.NOT_AUTHORIZED.byteValue());
            return;
        }
        String text = utf8(payload);
        if (text == null) {
            pubAck(qos, packetId, MqttReasonCodes.PubAck.PAYLOAD_FORMAT_INVALID.byteValue());
            return;
        }
        CompletionStage<?> done;
        if (Topics.SEND.equals(target.action())) {
            // QoS 1 is acknowledged after the commit, and a retransmission carries the same key: the
            // client's own clientMsgId if it gave one (MQTT 5), which holds across sessions and server
            // restarts, or else the key remembered under the packet id in this MQTT session.
            String key = clientMsgId(publish);
            if (key == null && qos == MqttQoS.AT_LEAST_ONCE) {
                key = session.keyFor(packetId, publish.fixedHeader().isDup());
            }
            done = handler.direct().sendText(target.conversation(), text, key);
        } else {
            done = handler.direct().typing(target.conversation(), !"false".equals(text.strip()));
        }
        done.whenComplete((ignored, failure) -> channel.eventLoop().execute(() -> {
            if (failure != null) {
                LOG.debug("refused a publish of {} to {}: {}", remote, topic, failure.toString());
            }
            pubAck(qos, packetId, failure == null ? MqttPubReplyMessageVariableHeader.REASON_CODE_OK
                    : ReasonCodes.refusedPublish(failure));
        }));
    }

    /** The value of an MQTT 5 PUBLISH's {@code clientMsgId} user property, or null if it has none. */
    private String clientMsgId(MqttPublishMessage publish) {
        if (!v5) {
            return null;
        }
        for (MqttProperties.MqttProperty<?> property : publish.variableHeader().properties()
                .getProperties(MqttProperties.MqttPropertyType.USER_PROPERTY.value())) {
            List<MqttProperties.StringPair> pairs = property instanceof MqttProperties.UserProperties all
                    ? all.value() : property instanceof MqttProperties.UserProperty one ? List.of(one.value()) : List.of();
            for (MqttProperties.StringPair pair : pairs) {
                if (CLIENT_MSG_ID.equals(pair.key)) {
                    return pair.value;
                }
            }
        }
        return null;
    }

    /**
     * Acknowledges a QoS 1 PUBLISH. MQTT 3.1.1 has no reason codes in PUBACK: a refused publish is
     * acknowledged all the same (the specification allows that or closing), and nothing was stored.
     */
    private void pubAck(MqttQoS qos, int packetId, byte reason) {
        if (qos != MqttQoS.AT_LEAST_ONCE || closing.get()) {
            return;
        }
        MqttMessageBuilders.PubAckBuilder ack = MqttMessageBuilders.pubAck().packetId(packetId);
        if (v5) {
            ack.reasonCode(reason);
        }
        channel.writeAndFlush(ack.build());
    }

    /** Strict UTF-8, or null if the bytes are not. */
    private static String utf8(ByteBuf payload) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(payload.nioBuffer()).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    // ---- SUBSCRIBE ----

    private void subscribe(MqttSubscribeMessage subscribe) {
        SubscriptionFilters filters = filters();
        List<CompletableFuture<Integer>> codes = new ArrayList<>();
        for (MqttTopicSubscription subscription : subscribe.payload().topicSubscriptions()) {
            codes.add(filters.grant(subscription.topicFilter(), subscription.qualityOfService().value())
                    .toCompletableFuture());
        }
        int packetId = subscribe.variableHeader().messageId();
        CompletableFuture.allOf(codes.toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) ->
                channel.eventLoop().execute(() -> {
                    int[] granted = codes.stream().mapToInt(CompletableFuture::join).toArray();
                    channel.writeAndFlush(new MqttSubAckMessage(
                            new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                            new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                            new MqttSubAckPayload(granted)));
                }));
    }

    /** What this connection's filters mean, for its session as it is now. */
    private SubscriptionFilters filters() {
        return new SubscriptionFilters(session, clientId, user != null, handler.direct(), v5);
    }

    private void unsubscribe(MqttUnsubscribeMessage unsubscribe) {
        MqttMessageBuilders.UnsubAckBuilder ack = MqttMessageBuilders.unsubAck()
                .packetId(unsubscribe.variableHeader().messageId());
        SubscriptionFilters filters = filters();
        for (String filter : unsubscribe.payload().topics()) {
            boolean had = filters.remove(filter);
            if (v5) {
                ack.addReasonCode(had ? (short) 0x00 : (short) 0x11); // success, or no subscription existed
            }
        }
        channel.writeAndFlush(ack.build());
    }

    // ---- what the engine sends ----

    @Override
    public String remoteAddress() {
        return remote;
    }

    @Override
    public String transport() {
        return "mqtt";
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

    /** A response: published to the client's own topic, if the client subscribed to it. */
    @Override
    public boolean send(String frame) {
        Channel current = channel;
        if (current == null || closing.get() || !current.isActive()) {
            return true; // closing anyway; dropping is right, refusing would only close it again
        }
        if (!current.isWritable()) {
            return false;
        }
        if (session.clientTopic()) {
            publishOut(Topics.client(clientId), frame);
        }
        return true;
    }

    /**
     * An event: to the client's own topic, if subscribed, and a message also to its conversation's
     * topic, if the client subscribed to that conversation or to all of them.
     */
    @Override
    public boolean send(String frame, ChatEvent event) {
        Channel current = channel;
        if (current == null || closing.get() || !current.isActive()) {
            return true;
        }
        if (!current.isWritable()) {
            return false;
        }
        MqttSession state = session;
        if (state.clientTopic()) {
            publishOut(Topics.client(clientId), frame);
        }
        if (event instanceof MessageEvent message && state.subscribed(message.message().conversationId())) {
            String topic = Topics.conversation(message.message().conversationId());
            // Decided on the event loop, where catching up and PUBACKs change the session too.
            if (current.eventLoop().inEventLoop()) {
                deliver(state, topic, frame, message);
            } else {
                current.eventLoop().execute(() -> deliver(state, topic, frame, message));
            }
        }
        return true;
    }

    /** Publishes a live message to its conversation's topic, if the session admits it now. */
    private void deliver(MqttSession state, String topic, String frame, MessageEvent message) {
        if (closing.get() || !channel.isActive()) {
            return; // the session is detached or about to be: a reconnect reads the store from where it stands
        }
        publish(state.admit(this, topic, frame, message.message()));
    }

    private void publish(MqttSession.Offer offer) {
        if (offer.publish()) {
            publishOut(offer.topic, offer.frame, offer.packetId, false);
        }
    }

    /** A PUBLISH at QoS 0, as responses and events on the client topic are. */
    private void publishOut(String topic, String frame) {
        publishOut(topic, frame, 0, false);
    }

    /**
     * A PUBLISH: at QoS 1 with a packet id (kept in flight in the session until its PUBACK), else at
     * QoS 0; {@code duplicate} for one sent again after a reconnect.
     */
    private void publishOut(String topic, String frame, int packetId, boolean duplicate) {
        Channel current = channel;
        ByteBuf payload = ByteBufUtil.writeUtf8(current.alloc(), frame);
        MqttQoS qos = packetId == 0 ? MqttQoS.AT_MOST_ONCE : MqttQoS.AT_LEAST_ONCE;
        MqttPublishMessage publish = new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, duplicate, qos, false, 0),
                new MqttPublishVariableHeader(topic, packetId), payload);
        current.writeAndFlush(publish, current.voidPromise());
    }

    /**
     * Closes after what is queued has been written, or at once for a slow consumer. Before CONNACK
     * (the engine turned the connection away) the CONNACK says why; on MQTT 5 a DISCONNECT does. The
     * engine has already published the {@code closing} event when there is one. Idempotent.
     */
    @Override
    public void close(String reason) {
        Channel current = channel;
        if (current == null || !closing.compareAndSet(false, true)) {
            return;
        }
        LOG.debug("closing {}: {}", remote, reason);
        current.eventLoop().execute(() -> {
            if (!connackSent) {
                connackSent = true;
                current.writeAndFlush(MqttMessageBuilders.connAck()
                        .returnCode(ReasonCodes.refusedConnection(reason, v5)).sessionPresent(false).build())
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            if (CloseReason.SLOW_CONSUMER.equals(reason)) {
                current.close();
                return;
            }
            writeDisconnect(ReasonCodes.disconnect(reason));
        });
        // A peer that does not read would hold the close back for ever.
        current.eventLoop().schedule(() -> {
            current.close();
        }, MqttTransport.CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Closes with a DISCONNECT on MQTT 5 (3.1.1 has no server DISCONNECT), without the protocol's say. */
    void disconnect(byte reason) {
        Channel current = channel;
        if (current == null || !closing.compareAndSet(false, true)) {
            return;
        }
        current.eventLoop().execute(() -> writeDisconnect(reason));
    }

    /**
     * Writes the DISCONNECT (MQTT 5) and closes a moment later, unless the client closes first. The
     * moment matters: Paho, the most used Java client, stops delivering what it has read as soon as the
     * connection drops, so closing at once would lose the {@code closing} event on its way to the
     * application.
     */
    private void writeDisconnect(byte reason) {
        Channel current = channel;
        Object last = v5 ? MqttMessageBuilders.disconnect().reasonCode(reason).build() : Unpooled.EMPTY_BUFFER;
        current.writeAndFlush(last).addListener(written -> current.eventLoop().schedule(() -> {
            current.close();
        }, CLOSE_LINGER_MILLIS, TimeUnit.MILLISECONDS));
    }

    /**
     * Closes for a reason the transport decides, such as the keep-alive or shutdown: the protocol
     * tells the peer why, then closes. Callable from any thread.
     */
    void closeOnItsOwn(String reason) {
        if (channel == null || closing.get()) {
            return;
        }
        FrameHandler current = handler;
        if (current != null && connackSent) {
            current.onTransportClose(reason);
        }
        close(reason); // in case the handler did not
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            LOG.debug("closing {}: nothing received within the keep-alive", remote);
            if (connackSent) {
                // The client vanished: its will goes out while its session is still open, then it is closed.
                sendWill().whenComplete((ignored, failure) -> closeOnItsOwn(CloseReason.IDLE_TIMEOUT));
            } else {
                ctx.close();
            }
        } else if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            LOG.debug("closing {}: TLS handshake failed: {}", remote, handshake.cause().toString());
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause.getCause() instanceof javax.net.ssl.SSLException) {
            LOG.debug("closing {}: {}", remote, cause.toString());
        } else {
            LOG.warn("closing {} after an unexpected error", remote, cause);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing.set(true);
        held.forEach(ReferenceCountUtil::release);
        held.clear();
        if (clientId != null) {
            transport.release(clientId, this);
        }
        if (user != null && connackSent) {
            transport.detach(new MqttSession.Key(user, clientId), session, this,
                    persistent ? sessionExpiry : Duration.ZERO);
        }
        if (finished.compareAndSet(false, true) && handler != null) {
            FrameHandler current = handler;
            // The session closes only once the will, if any, is sent as the user.
            sendWill().whenComplete((ignored, failure) -> current.onClose());
        }
        ctx.fireChannelInactive();
    }

    /**
     * Sends the will once, if the connection has one and is logged in: a will whose topic is a
     * conversation's send topic is sent there as a text message, so that a device can tell a
     * conversation that it went offline. Wills on other topics are not published: there is no broker,
     * and nobody else subscribes to anything but their own conversations. Runs on the event loop.
     */
    private CompletionStage<Void> sendWill() {
        Will last = will;
        will = null;
        if (last == null || user == null || handler == null) {
            return CompletableFuture.completedFuture(null);
        }
        Topics.ConversationTopic target = Topics.ConversationTopic.parse(last.topic());
        if (target == null || target.conversation() == null || !Topics.SEND.equals(target.action())) {
            LOG.debug("not sending the will of {} to {}: not a send topic", remote, last.topic());
            return CompletableFuture.completedFuture(null);
        }
        String text = utf8(Unpooled.wrappedBuffer(last.message()));
        if (text == null) {
            return CompletableFuture.completedFuture(null);
        }
        return handler.direct().sendText(target.conversation(), text, null)
                .handle((sent, failure) -> {
                    if (failure != null) {
                        LOG.debug("the will of {} was refused: {}", remote, failure.toString());
                    }
                    return null;
                });
    }

    private static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
