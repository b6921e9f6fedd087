package dev.parley.cli;

import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.ChatEngineBuilder;
import dev.parley.core.ChatLimits;
import dev.parley.core.RateLimits;
import dev.parley.transport.mqtt.MqttTransport;
import dev.parley.transport.tcp.TcpTransport;
import dev.parley.transport.websocket.WebSocketTransport;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Every limit a server enforces, shared by {@code server} and {@code demo}. Each option is also a
 * {@code PARLEY_*} variable and a config-file key (see {@link ConfigDefaults}); its default is the
 * library's own ({@link ChatLimits#defaults()}, {@link RateLimits#defaults()}, the transport builders),
 * which {@code LimitOptionsTest} checks.
 *
 * <p>To add a limit: one {@code @Option} field here and one line in the {@code applyTo} method of the
 * builder it sets.
 */
final class LimitOptions {

    @Option(names = "--send-rate", defaultValue = "20", paramLabel = "N",
            description = "Messages one user may send per second, sustained (default: ${DEFAULT-VALUE}).")
    int sendRate;

    @Option(names = "--send-burst", defaultValue = "50", paramLabel = "N",
            description = "Messages one user may send at once before --send-rate applies (default: ${DEFAULT-VALUE}).")
    int sendBurst;

    @Option(names = "--login-attempts", defaultValue = "10", paramLabel = "N",
            description = "Password attempts one account may take in a burst (default: ${DEFAULT-VALUE}).")
    int loginAttempts;

    @Option(names = "--login-refill", defaultValue = "30s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Time until one more password attempt is available (default: ${DEFAULT-VALUE}).")
    Duration loginRefill;

    @Option(names = "--login-attempts-per-address", defaultValue = "50", paramLabel = "N",
            description = "Password attempts one client address may take in a burst, over all accounts "
                    + "(default: ${DEFAULT-VALUE}).")
    int loginAttemptsPerAddress;

    @Option(names = "--login-address-refill", defaultValue = "10s", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Time until one more password attempt is available to a client address "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration loginAddressRefill;

    @Option(names = "--reserved-usernames", split = ",", paramLabel = "NAME",
            description = "Usernames nobody may register, with their case and look-alike variants; an admin may "
                    + "still create them; '' for none (default: admin, administrator, root, system).")
    java.util.List<String> reservedUsernames;

    @Option(names = "--direct-messages", defaultValue = "friends", paramLabel = "POLICY",
            converter = PolicyConverter.DirectMessages.class,
            description = "Who may message whom one to one: friends or anyone; a block always forbids it "
                    + "(default: ${DEFAULT-VALUE}).")
    dev.parley.core.DirectMessagePolicy directMessages;

    @Option(names = "--group-invites", defaultValue = "friends-join-others-invited", paramLabel = "POLICY",
            converter = PolicyConverter.GroupInvites.class,
            description = "What adding someone to a group does: friends-join-others-invited, anyone-joins or "
                    + "friends-only (default: ${DEFAULT-VALUE}).")
    dev.parley.core.GroupInvitePolicy groupInvites;

    @Option(names = "--sessions-per-user", defaultValue = "20", paramLabel = "N",
            description = "Logged-in connections one user may hold at once (default: ${DEFAULT-VALUE}).")
    int sessionsPerUser;

    @Option(names = "--connections-per-address", defaultValue = "200", paramLabel = "N",
            description = "Open connections, logged in or not, from one IP address (default: ${DEFAULT-VALUE}).")
    int connectionsPerAddress;

    @Option(names = "--max-pending-requests", defaultValue = "256", paramLabel = "N",
            description = "Requests of one connection that may wait for their answers; more get rate_limited "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxPendingRequests;

    @Option(names = "--max-frame-bytes", defaultValue = "65536", paramLabel = "BYTES",
            description = "The largest request, in bytes of UTF-8; at least 1024 (default: ${DEFAULT-VALUE}).")
    int maxFrameBytes;

    @Option(names = "--max-text-length", defaultValue = "4000", paramLabel = "N",
            description = "The longest message text, in UTF-16 code units (default: ${DEFAULT-VALUE}).")
    int maxTextLength;

    @Option(names = "--max-attachment-bytes", defaultValue = "10485760", paramLabel = "BYTES",
            description = "The largest attachment upload (default: ${DEFAULT-VALUE}, 10 MiB).")
    long maxAttachmentBytes;

    @Option(names = "--image-types", split = ",", paramLabel = "TYPE",
            description = "Content types an image may have (default: image/png, image/jpeg, image/gif, image/webp, "
                    + "image/heic).")
    java.util.List<String> imageTypes;

    @Option(names = "--voice-types", split = ",", paramLabel = "TYPE",
            description = "Content types a voice note may have (default: audio/ogg, audio/mpeg, audio/mp4, audio/aac, "
                    + "audio/webm, audio/wav, audio/opus).")
    java.util.List<String> voiceTypes;

    @Option(names = "--file-types", split = ",", paramLabel = "TYPE",
            description = "Content types a file may have (default: the documents, archives, pictures, audio and video "
                    + "types docs/protocol.md lists).")
    java.util.List<String> fileTypes;

    @Option(names = "--max-group-size", defaultValue = "1000", paramLabel = "N",
            description = "The most members a group may have; at least 2 (default: ${DEFAULT-VALUE}).")
    int maxGroupSize;

    @Option(names = "--max-page-size", defaultValue = "200", paramLabel = "N",
            description = "The most messages one history page, or one conversation in a sync, returns, "
                    + "and the most ids one users.get takes (default: ${DEFAULT-VALUE}).")
    int maxPageSize;

    @Option(names = "--min-password-length", defaultValue = "8", paramLabel = "N",
            description = "The shortest password a user may register or be given (default: ${DEFAULT-VALUE}).")
    int minPasswordLength;

    @Option(names = "--max-password-length", defaultValue = "1024", paramLabel = "N",
            description = "The longest password accepted; longer ones are refused before hashing (default: ${DEFAULT-VALUE}).")
    int maxPasswordLength;

    @Option(names = "--token-ttl", defaultValue = "30d", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a login token stays valid (default: ${DEFAULT-VALUE}).")
    Duration tokenTtl;

    @Option(names = "--writer-batch-size", defaultValue = "512", paramLabel = "N",
            description = "The most messages one store commit takes (default: ${DEFAULT-VALUE}).")
    int writerBatchSize;

    @Option(names = "--writer-commit-interval", defaultValue = "2ms", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = {"The least time between the starts of two store commits while messages keep coming;",
                    "messages arriving within it share a commit. 0ms commits at once (default: ${DEFAULT-VALUE})."})
    Duration writerCommitInterval;

    @Option(names = "--writer-queue-capacity", defaultValue = "10000", paramLabel = "N",
            description = "Accepted messages that may wait for the store before senders wait (default: ${DEFAULT-VALUE}).")
    int writerQueueCapacity;

    @Option(names = "--worker-threads", paramLabel = "N",
            description = "Threads that run protocol requests (default: twice the processors, at least 4).")
    Integer workerThreads;

    @Option(names = "--argon2-memory-kib", defaultValue = "19456", paramLabel = "KIB",
            description = "Argon2id memory per password hash, in KiB (default: ${DEFAULT-VALUE}, OWASP's 19 MiB).")
    int argon2MemoryKib;

    @Option(names = "--argon2-iterations", defaultValue = "2", paramLabel = "N",
            description = "Argon2id passes over memory (default: ${DEFAULT-VALUE}).")
    int argon2Iterations;

    @Option(names = "--argon2-parallelism", defaultValue = "1", paramLabel = "N",
            description = "Argon2id lanes (default: ${DEFAULT-VALUE}).")
    int argon2Parallelism;

    @Option(names = "--ws-idle-timeout", defaultValue = "60s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a WebSocket connection may stay silent; it is pinged at half this "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration wsIdleTimeout;

    @Option(names = "--ws-max-queued-frames", defaultValue = "1024", paramLabel = "N",
            description = "Frames that may wait to be written to one WebSocket connection before it is closed as "
                    + "slow (default: ${DEFAULT-VALUE}).")
    int wsMaxQueuedFrames;

    @Option(names = "--upload-idle-timeout", defaultValue = "30s", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long an attachment upload may send nothing before it is answered 408 and cut "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration uploadIdleTimeout;

    @Option(names = "--max-uploads-per-address", defaultValue = "16", paramLabel = "N",
            description = "Attachment uploads one IP address may have in progress at once (default: ${DEFAULT-VALUE}).")
    int maxUploadsPerAddress;

    @Option(names = "--max-uploads-per-user", defaultValue = "4", paramLabel = "N",
            description = "Attachment uploads one user may have in progress at once (default: ${DEFAULT-VALUE}).")
    int maxUploadsPerUser;

    @Option(names = "--http-threads", defaultValue = "32", paramLabel = "N",
            description = "Jetty's thread pool for WebSocket and HTTP; at least 16 (default: ${DEFAULT-VALUE}).")
    int httpThreads;

    @Option(names = "--tcp-idle-timeout", defaultValue = "60s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a TCP connection may send nothing before it is closed (default: ${DEFAULT-VALUE}).")
    Duration tcpIdleTimeout;

    @Option(names = "--tcp-max-queued-bytes", defaultValue = "4194304", paramLabel = "BYTES",
            description = "Bytes that may wait to be written to one TCP connection before it is closed as slow; "
                    + "at least 1024 (default: ${DEFAULT-VALUE}, 4 MiB).")
    int tcpMaxQueuedBytes;

    @Option(names = "--tcp-io-threads", paramLabel = "N",
            description = "TCP event loop threads (default: one per processor).")
    Integer tcpIoThreads;

    @Option(names = "--mqtt-idle-timeout", defaultValue = "60s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a new MQTT connection may take to send CONNECT, and how long a client without a "
                    + "keep-alive may send nothing, before it is closed (default: ${DEFAULT-VALUE}).")
    Duration mqttIdleTimeout;

    @Option(names = "--mqtt-max-queued-bytes", defaultValue = "4194304", paramLabel = "BYTES",
            description = "Bytes that may wait to be written to one MQTT connection before it is closed as slow; "
                    + "at least 1024 (default: ${DEFAULT-VALUE}, 4 MiB).")
    int mqttMaxQueuedBytes;

    @Option(names = "--mqtt-io-threads", paramLabel = "N",
            description = "MQTT event loop threads (default: one per processor).")
    Integer mqttIoThreads;

    @Option(names = "--mqtt-session-expiry", defaultValue = "1d", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a persistent MQTT session outlives its connection, at most "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration mqttSessionExpiry;

    @Option(names = "--mqtt-max-sessions", defaultValue = "100000", paramLabel = "N",
            description = "Persistent MQTT sessions kept at once (default: ${DEFAULT-VALUE}).")
    int mqttMaxSessions;

    @Option(names = "--mqtt-max-inflight", defaultValue = "1000", paramLabel = "N",
            description = "QoS 1 messages the server may have published to one MQTT client without its PUBACK, "
                    + "1 to 65535; an MQTT 5 client's Receive Maximum lowers it (default: ${DEFAULT-VALUE}).")
    int mqttMaxInflight;

    @Option(names = "--change-log-keep", defaultValue = "10000", paramLabel = "N",
            description = "Latest changes of each conversation that change-log compaction never touches; a client "
                    + "further behind gets sync_expired and reloads from history (default: ${DEFAULT-VALUE}).")
    long changeLogKeep;

    @Option(names = "--change-log-compact-every", defaultValue = "1h", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How often the change log is compacted (default: ${DEFAULT-VALUE}).")
    Duration changeLogCompactEvery;

    /** When the change log is compacted, and how much of it stays whole. */
    dev.parley.core.ChangeLogRetention changeLogRetention() {
        return guarded(() -> new dev.parley.core.ChangeLogRetention(changeLogCompactEvery, changeLogKeep));
    }

    /** The engine's limits. */
    ChatLimits chatLimits() {
        return guarded(() -> ChatLimits.defaults()
                .withMaxTextLength(maxTextLength)
                .withMaxGroupSize(maxGroupSize)
                .withMaxPageSize(maxPageSize)
                .withPasswordLength(minPasswordLength, maxPasswordLength)
                .withTokenTtl(tokenTtl)
                .withMaxFrameBytes(maxFrameBytes)
                .withMaxAttachmentBytes(maxAttachmentBytes)
                .withWriterBatchSize(writerBatchSize)
                .withWriterQueueCapacity(writerQueueCapacity)
                .withMaxPendingRequests(maxPendingRequests)
                .withReservedUsernames(reservedUsernames()));
    }

    /** The reserved usernames: the library's unless given; one empty name given means none. */
    private java.util.Set<String> reservedUsernames() {
        if (reservedUsernames == null) {
            return ChatLimits.DEFAULT_RESERVED_USERNAMES;
        }
        return reservedUsernames.stream().map(String::trim).filter(name -> !name.isEmpty())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Which content types each kind of attachment may carry. */
    dev.parley.core.AttachmentTypes attachmentTypes() {
        return guarded(() -> {
            dev.parley.core.AttachmentTypes types = dev.parley.core.AttachmentTypes.defaults();
            if (imageTypes != null) {
                types = types.with(dev.parley.api.MessageKind.IMAGE, java.util.Set.copyOf(imageTypes));
            }
            if (voiceTypes != null) {
                types = types.with(dev.parley.api.MessageKind.VOICE, java.util.Set.copyOf(voiceTypes));
            }
            if (fileTypes != null) {
                types = types.with(dev.parley.api.MessageKind.FILE, java.util.Set.copyOf(fileTypes));
            }
            return types;
        });
    }

    /** The rate limits and connection caps. */
    RateLimits rateLimits() {
        return guarded(() -> RateLimits.defaults()
                .withSends(sendRate, sendBurst)
                .withLogins(loginAttempts, loginRefill)
                .withLoginsPerAddress(loginAttemptsPerAddress, loginAddressRefill)
                .withConnections(sessionsPerUser, connectionsPerAddress));
    }

    /** Sets the engine's limits, rate limits, password hashing and worker threads. */
    void applyTo(ChatEngineBuilder engine) {
        requirePositive();
        engine.limits(chatLimits());
        engine.rateLimits(rateLimits());
        engine.attachmentTypes(attachmentTypes());
        engine.directMessagePolicy(directMessages);
        engine.groupInvitePolicy(groupInvites);
        engine.changeLogRetention(changeLogRetention());
        engine.passwordHasher(guarded(() -> new Argon2idPasswordHasher(argon2MemoryKib, argon2Iterations,
                argon2Parallelism)));
        if (workerThreads != null) {
            guarded(() -> engine.workerThreads(workerThreads));
        }
        guarded(() -> engine.commitInterval(writerCommitInterval));
    }

    /** Sets the WebSocket listener's limits. */
    void applyTo(WebSocketTransport.Builder ws) {
        guarded(() -> ws.idleTimeout(wsIdleTimeout).maxQueuedFrames(wsMaxQueuedFrames)
                .uploadIdleTimeout(uploadIdleTimeout).maxUploadsPerAddress(maxUploadsPerAddress)
                .maxUploadsPerUser(maxUploadsPerUser).maxThreads(httpThreads));
    }

    /** Sets the TCP listener's limits. */
    void applyTo(TcpTransport.Builder tcp) {
        guarded(() -> tcp.idleTimeout(tcpIdleTimeout).maxQueuedBytes(tcpMaxQueuedBytes));
        if (tcpIoThreads != null) {
            guarded(() -> tcp.ioThreads(tcpIoThreads));
        }
    }

    /** Sets the MQTT listener's limits. */
    void applyTo(MqttTransport.Builder mqtt) {
        guarded(() -> mqtt.idleTimeout(mqttIdleTimeout).maxQueuedBytes(mqttMaxQueuedBytes)
                .sessionExpiry(mqttSessionExpiry).maxSessions(mqttMaxSessions).maxInflight(mqttMaxInflight));
        if (mqttIoThreads != null) {
            guarded(() -> mqtt.ioThreads(mqttIoThreads));
        }
    }

    /** Checks that every number and duration given is positive, naming the first option that is not. */
    /** Options for which 0 means "off" rather than a mistake; the engine's builder checks their bounds. */
    private static final java.util.Set<String> ZERO_ALLOWED = java.util.Set.of("--writer-commit-interval");

    void requirePositive() {
        for (java.lang.reflect.Field field : LimitOptions.class.getDeclaredFields()) {
            Option option = field.getAnnotation(Option.class);
            if (option == null) {
                continue;
            }
            Object value;
            try {
                value = field.get(this);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            boolean zeroAllowed = ZERO_ALLOWED.contains(option.names()[0]);
            boolean positive = !(value instanceof Number n && n.longValue() < 1)
                    && !(value instanceof Duration d && (d.isNegative() || (d.isZero() && !zeroAllowed)));
            if (!positive) {
                throw new CliException(option.names()[0] + " must be positive, not " + value, 2, null);
            }
        }
    }

    /** Turns a builder's refusal of a value into a one-line error that says where to look. */
    private static <T> T guarded(java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new CliException("invalid limit: " + e.getMessage() + " (see 'parley server --help')", 2, e);
        }
    }
}
