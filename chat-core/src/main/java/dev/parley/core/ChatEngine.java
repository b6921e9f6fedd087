package dev.parley.core;

import dev.parley.api.CloseReason;
import dev.parley.api.UnavailableException;
import dev.parley.api.UserId;
import dev.parley.api.spi.BlobStore;
import dev.parley.api.spi.ChatExtension;
import dev.parley.api.spi.ChatListener;
import dev.parley.api.spi.ChatStore;
import dev.parley.api.spi.PasswordHasher;
import dev.parley.api.spi.Transport;
import dev.parley.core.fanout.FanOut;
import dev.parley.core.internal.AccessPolicy;
import dev.parley.core.internal.CommitDispatcher;
import dev.parley.core.internal.ConnectionLog;
import dev.parley.core.internal.EngineMetrics;
import dev.parley.core.internal.EventDispatcher;
import dev.parley.core.internal.InputRules;
import dev.parley.core.internal.ListenerDispatcher;
import dev.parley.core.internal.MessageWriter;
import dev.parley.core.internal.PushDispatcher;
import dev.parley.core.protocol.ChatProtocol;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat engine: users, friends, conversations, messages, receipts, presence and notices, over a
 * {@link ChatStore}, reachable in-process through its services and from clients through transports.
 *
 * <pre>{@code
 * try (ChatEngine engine = ChatEngine.builder().store(new MemoryChatStore()).build().start()) {
 *     User alice = engine.users().register("alice", "Alice", "correct horse");
 *     ...
 * }
 * }</pre>
 *
 * <p>Build one with {@link #builder()}; the result cannot be reconfigured. {@link #start()} starts the
 * store and the other extensions, then the engine's threads, then runs the
 * {@linkplain ChatEngineBuilder#onStarted start-up actions}, and only then starts the transports, so
 * that no client is served before the engine is ready; {@link #close()} closes live sessions,
 * writes what is queued, and stops everything in reverse order. Thread-safe.
 */
public final class ChatEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChatEngine.class);

    private enum State { NEW, RUNNING, CLOSED }

    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final ChatStore store;
    private final BlobStore blobs;
    private final List<ChatExtension> extensions;
    private final ChatLimits limits;
    private final Clock clock;
    private final SessionRegistry sessions;
    private final FanOut fanOut;
    private final ListenerDispatcher listeners;
    private final PushDispatcher push;
    private final PushStats pushStats;
    private final MessageWriter writer;
    private final UserService users;
    private final AuthService auth;
    private final FriendService friends;
    private final ConversationService conversations;
    private final MessageService messages;
    private final ReceiptService receipts;
    private final ChangeService changes;
    private final ChangeLogCompactor compactor;
    private final PresenceService presence;
    private final NoticeService notices;
    private final DeviceService devices;
    private final AttachmentService attachments;
    private final ChatProtocol protocol;
    private final List<Transport> transports;
    private final List<dev.parley.api.spi.PushProvider> pushProviders;
    private final AuditLog audit;
    private final List<java.util.function.Consumer<ChatEngine>> startActions;
    private final EngineMetrics metrics;
    private volatile java.time.Instant startedAt;

    ChatEngine(ChatEngineBuilder builder, ChatStore store) {
        this.store = store;
        this.blobs = builder.blobStore;
        this.limits = builder.limits;
        this.clock = builder.clock;
        this.audit = builder.auditLog;
        this.metrics = new EngineMetrics(builder.meterRegistry != null ? builder.meterRegistry
                : new io.micrometer.core.instrument.composite.CompositeMeterRegistry(), clock);
        ConnectionLog connectionLog = new ConnectionLog(builder.monitoring, clock::millis);
        PasswordHasher hasher = builder.passwordHasher != null ? builder.passwordHasher : new Argon2idPasswordHasher();
        InputRules rules = new InputRules(limits);
        AccessPolicy policy = new AccessPolicy(store, builder.directMessagePolicy, builder.groupInvitePolicy);
        // Built first, so that its admin.tail listener joins the others; it only keeps the engine, and calls
        // it once a transport opens a connection, after start().
        this.protocol = new ChatProtocol(this, store, limits.maxFrameBytes(), limits.maxAttachmentBytes(),
                builder.workerThreads, builder.rateLimits.connectionsPerAddress(), metrics, connectionLog);
        List<ChatListener> allListeners = new ArrayList<>(builder.listeners);
        allListeners.add(protocol.tailListener());
        this.listeners = new ListenerDispatcher(allListeners);
        // The registry reports presence changes to the presence service, which needs the fan-out, which
        // needs the registry. The registry is given this engine's sessionsChanged, which reads the presence
        // field when a session opens or closes: after start(), long after the constructor has set it.
        this.sessions = new SessionRegistry(this::sessionsChanged, builder.rateLimits.sessionsPerUser(), metrics);
        this.fanOut = java.util.Objects.requireNonNull(builder.fanOut.create(sessions), "the fan-out factory returned null");
        EventDispatcher events = new EventDispatcher(fanOut, listeners);
        this.presence = new PresenceService(store, policy, events, fanOut, clock);
        java.util.Set<String> pushIds = new java.util.LinkedHashSet<>();
        builder.pushProviders.forEach(p -> pushIds.add(p.id()));
        dev.parley.core.internal.PushCounters pushCounters = new dev.parley.core.internal.PushCounters(pushIds);
        this.pushStats = new PushStats(pushCounters);
        bindPushMeters(metrics.registry(), pushStats);
        this.push = new PushDispatcher(store, builder.pushProviders, builder.pushSettings, pushCounters);
        CommitDispatcher committed = new CommitDispatcher(store.conversations(), fanOut, push, listeners);
        this.writer = new MessageWriter(store.messages(), limits.writerQueueCapacity(), limits.writerBatchSize(),
                builder.commitInterval, committed::committed, metrics, builder.monitoring.writerQueueWarnPercent());
        this.users = new UserService(store, rules, hasher, clock, listeners, fanOut);
        this.auth = new AuthService(store, rules, hasher, builder.authenticators, users, fanOut, clock, limits,
                builder.rateLimits, this::audit);
        this.friends = new FriendService(store, policy, events, presence, clock);
        this.conversations = new ConversationService(store, policy, rules, events, limits, clock);
        this.messages = new MessageService(store, policy, rules, events, writer, builder.interceptors, blobs, clock,
                builder.rateLimits, builder.attachmentTypes, metrics);
        this.receipts = new ReceiptService(store, policy, events);
        this.changes = new ChangeService(store, policy, rules, builder.changeLogRetention);
        this.compactor = new ChangeLogCompactor(changes);
        this.notices = new NoticeService(store, policy, messages, clock);
        this.devices = new DeviceService(store, policy, clock);
        this.attachments = new AttachmentService(blobs, policy, limits, builder.attachmentTypes, metrics);
        this.transports = List.copyOf(builder.transports);
        this.pushProviders = List.copyOf(builder.pushProviders);
        this.startActions = List.copyOf(builder.startActions);

        List<ChatExtension> all = new ArrayList<>();
        all.add(store);
        if (blobs != null) {
            all.add(blobs);
        }
        all.add(hasher);
        all.addAll(builder.authenticators.values());
        all.addAll(builder.pushProviders);
        all.addAll(builder.interceptors);
        all.addAll(builder.listeners);
        this.extensions = List.copyOf(all);
    }

    /**
     * A user's first session opened or last one closed: the registry reports it here, and the fan-out
     * says whether it changes the user's presence everywhere (in a cluster, the user may be online on
     * another node).
     */
    private void sessionsChanged(UserId user, boolean online) {
        presence.sessionsChanged(user, online, fanOut.localPresenceChanged(user, online));
    }

    /** Starts configuring an engine. */
    public static ChatEngineBuilder builder() {
        return new ChatEngineBuilder();
    }

    /**
     * Starts the engine, in this order: the store and every other extension, in the order they were
     * given; the engine's threads; the {@linkplain ChatEngineBuilder#onStarted start-up actions}, in the
     * order they were added, with every service available; and last the transports. So a listener
     * accepts its first connection only once the store is migrated, the extensions have started and
     * the start-up actions (such as creating the first admin) are done. If any step fails, what has
     * started is closed again and the failure is thrown.
     *
     * @return this engine, for chaining
     * @throws IllegalStateException if the engine was started before
     */
    public ChatEngine start() {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            throw new IllegalStateException("an engine starts once");
        }
        List<ChatExtension> started = new ArrayList<>();
        try {
            for (ChatExtension extension : extensions) {
                extension.start();
                started.add(extension);
            }
        } catch (RuntimeException e) {
            state.set(State.CLOSED);
            Collections.reverse(started);
            started.forEach(ChatEngine::closeQuietly);
            throw e;
        }
        try {
            fanOut.start();
        } catch (RuntimeException e) {
            state.set(State.CLOSED);
            Collections.reverse(started);
            started.forEach(ChatEngine::closeQuietly);
            throw e;
        }
        writer.start();
        compactor.start();
        try {
            startActions.forEach(action -> action.accept(this));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        for (Transport transport : transports) {
            try {
                transport.start(protocol);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }
        startedAt = clock.instant();
        LOG.info("Parley engine started on store '{}', fan-out '{}'", store.id(), fanOut.id());
        return this;
    }

    /**
     * Closes every live session, writes the messages already queued, and closes the extensions in
     * reverse order. Idempotent.
     */
    @Override
    public void close() {
        State was = state.getAndSet(State.CLOSED);
        if (was == State.CLOSED) {
            return;
        }
        // Tell every connection why before the transports stop, so that the goodbye can still be written.
        protocol.closeAll(CloseReason.SERVER_SHUTDOWN);
        for (int i = transports.size() - 1; i >= 0; i--) {
            closeQuietly(transports.get(i));
        }
        sessions.closeEverything(CloseReason.SERVER_SHUTDOWN);
        protocol.close();
        writer.close();
        compactor.close();
        push.close();
        presence.close();
        listeners.close();
        fanOut.close();
        if (was == State.RUNNING) {
            List<ChatExtension> reversed = new ArrayList<>(extensions);
            Collections.reverse(reversed);
            reversed.forEach(ChatEngine::closeQuietly);
        }
        LOG.info("Parley engine stopped");
    }

    private static void closeQuietly(ChatExtension extension) {
        try {
            extension.close();
        } catch (RuntimeException e) {
            LOG.warn("{} failed to close", extension.id(), e);
        }
    }

    /** Whether the engine has started and not yet closed. */
    public boolean isRunning() {
        return state.get() == State.RUNNING;
    }

    private <T> T running(T service) {
        if (state.get() != State.RUNNING) {
            throw new UnavailableException(state.get() == State.NEW ? "the engine has not started" : "the engine is closed");
        }
        return service;
    }

    /** Users: registration, lookup and account changes. */
    public UserService users() {
        return running(users);
    }

    /** Login and logout. */
    public AuthService auth() {
        return running(auth);
    }

    /** Friend requests, friendships and blocks. */
    public FriendService friends() {
        return running(friends);
    }

    /** The conversation list, and groups. */
    public ConversationService conversations() {
        return running(conversations);
    }

    /** Sending, history, sync, edits, deletes and reactions. */
    public MessageService messages() {
        return running(messages);
    }

    /** Delivered and read receipts, and unread counts. */
    public ReceiptService receipts() {
        return running(receipts);
    }

    /** Sync by change number, and change-log compaction. */
    public ChangeService changes() {
        return running(changes);
    }

    /** Typing and presence. */
    public PresenceService presence() {
        return running(presence);
    }

    /** System notices. */
    public NoticeService notices() {
        return running(notices);
    }

    /** Devices for push notifications. */
    public DeviceService devices() {
        return running(devices);
    }

    /** Attachment uploads and downloads. */
    public AttachmentService attachments() {
        return running(attachments);
    }

    /** The JSON protocol that the transports speak; also how a transport outside the builder attaches. */
    public ChatProtocol protocol() {
        return protocol;
    }

    /**
     * A console for the admin operations, run in this process with the host's rights and no login, for
     * tools that hold the engine, such as offline admin commands on a server's database.
     */
    public AdminConsole adminConsole() {
        running(protocol);
        return protocol.console();
    }

    /** The live sessions; transports open one per logged-in connection. */
    public SessionRegistry sessions() {
        return running(sessions);
    }

    /** The registry the engine's meters are in: the one given to the builder, or an empty composite. */
    public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
        return metrics.registry();
    }

    /**
     * Whether the engine serves clients: it has started (the store migrated, every transport listening)
     * and is not shutting down, and the store answers {@link ChatStore#ping()} now. For readiness checks
     * such as {@code /health/ready}; it talks to the store, so call it from a thread that may block.
     */
    public Readiness readiness() {
        Map<String, String> checks = new java.util.LinkedHashMap<>();
        State now = state.get();
        boolean started = now == State.RUNNING && startedAt != null;
        checks.put("engine", switch (now) {
            case NEW -> "starting";
            case RUNNING -> started ? "running" : "starting";
            case CLOSED -> "stopping";
        });
        boolean storeUp = false;
        if (started) {
            try {
                store.ping();
                storeUp = true;
                checks.put("store", "up");
            } catch (RuntimeException e) {
                checks.put("store", "down: " + e.getMessage());
            }
        } else {
            checks.put("store", "unchecked");
        }
        return new Readiness(started && storeUp && state.get() == State.RUNNING, checks);
    }

    /** When {@link #start()} finished, or null before. */
    public java.time.Instant startedAt() {
        return startedAt;
    }

    /** The engine's meters, for its own protocol and tools in this module. */
    EngineMetrics metrics() {
        return metrics;
    }

    /** Messages committed per second over the last minute. */
    public double messagesPerSecond() {
        return metrics.messagesPerSecond();
    }

    /** Logged-in sessions open now through the protocol, by transport. */
    public Map<String, Long> sessionsByTransport() {
        return metrics.sessionsByTransport();
    }

    /** Messages accepted and waiting for the store now. */
    public int writerQueueDepth() {
        return writer.queueDepth();
    }

    /**
     * The push counters as meters, read from {@link PushStats} when scraped: {@code parley.push.sent},
     * {@code parley.push.failed}, {@code parley.push.tokens.removed} and {@code parley.push.retries}
     * tagged by provider, and {@code parley.push.dropped}.
     */
    private static void bindPushMeters(io.micrometer.core.instrument.MeterRegistry registry, PushStats stats) {
        for (String provider : stats.providers()) {
            pushCounter(registry, "parley.push.sent", provider, stats, PushStats::sent, "notifications the provider took");
            pushCounter(registry, "parley.push.failed", provider, stats, PushStats::failed,
                    "notifications given up on, after their last attempt");
            pushCounter(registry, "parley.push.tokens.removed", provider, stats, PushStats::tokensRemoved,
                    "devices forgotten because the provider called their token invalid");
            pushCounter(registry, "parley.push.retries", provider, stats, PushStats::retries,
                    "attempts that will be made again after a backoff");
        }
        io.micrometer.core.instrument.FunctionCounter.builder("parley.push.dropped", stats, s -> s.dropped())
                .description("notifications dropped because the push queue was full").register(registry);
    }

    private static void pushCounter(io.micrometer.core.instrument.MeterRegistry registry, String name, String provider,
                                    PushStats stats, java.util.function.ToLongBiFunction<PushStats, String> count,
                                    String description) {
        io.micrometer.core.instrument.FunctionCounter.builder(name, stats, s -> count.applyAsLong(s, provider))
                .tag("provider", provider).description(description).register(registry);
    }

    /** What became of push notifications, per provider: sent, failed, tokens removed, retries. */
    public PushStats pushStats() {
        return pushStats;
    }

    /** The push providers this engine sends through, one per platform, in the order they were chosen. */
    public List<dev.parley.api.spi.PushProvider> pushProviders() {
        return pushProviders;
    }

    /** The store this engine runs on. */
    public ChatStore store() {
        return store;
    }

    /** The blob store for attachments, or null if none was configured. */
    public BlobStore blobStore() {
        return blobs;
    }

    /** The limits this engine enforces. */
    public ChatLimits limits() {
        return limits;
    }

    /**
     * Records a security event in the configured {@link AuditLog}; a failing audit log is reported and
     * never breaks the request.
     */
    public void audit(String type, dev.parley.api.UserId actor, String remote, Map<String, String> details) {
        try {
            audit.record(new AuditEvent(clock.instant(), type, actor, remote, details));
        } catch (RuntimeException e) {
            LOG.warn("the audit log failed", e);
        }
    }

    /** The clock the engine stamps everything with. */
    public Clock clock() {
        return clock;
    }

    /** The ids of every extension, in start order, for logs and the CLI. */
    public Map<String, String> extensionIds() {
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        for (ChatExtension extension : extensions) {
            ids.put(extension.getClass().getName(), extension.id());
        }
        return ids;
    }
}
