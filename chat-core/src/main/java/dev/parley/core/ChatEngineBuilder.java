package dev.parley.core;

import dev.parley.api.spi.Authenticator;
import dev.parley.api.spi.BlobStore;
import dev.parley.api.spi.ChatListener;
import dev.parley.api.spi.ChatStore;
import dev.parley.api.spi.ChatStoreProvider;
import dev.parley.api.spi.MessageInterceptor;
import dev.parley.api.spi.PasswordHasher;
import dev.parley.api.spi.PushProvider;
import dev.parley.api.spi.PushProviderFactory;
import dev.parley.api.spi.Transport;
import dev.parley.core.fanout.FanOutFactory;
import dev.parley.core.fanout.LocalFanOut;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures a {@link ChatEngine}. Setters may be called in any order; {@link #build()} checks the
 * whole configuration and fails with a message that names the conflict.
 *
 * <p>The store is chosen in this order: one given to {@link #store(ChatStore)}; else the
 * {@link ChatStoreProvider} named by {@link #storeId(String, Map)}; else the {@code memory} store if
 * its provider is on the class path, with a warning that nothing will survive a restart.
 *
 * <p>Not thread-safe; use one builder from one thread.
 */
public final class ChatEngineBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(ChatEngineBuilder.class);
    private static final Set<String> BUILT_IN_SCHEMES = Set.of("password", "token");

    /**
     * The default {@link #commitInterval}: 2 ms, which on an H2 file about doubled the 1:1 rate
     * that a two-core machine carries with a p99 under 20 ms (docs/benchmarks.md).
     */
    public static final java.time.Duration DEFAULT_COMMIT_INTERVAL = java.time.Duration.ofMillis(2);

    ChatStore store;
    private String storeId;
    private Map<String, String> storeConfig = Map.of();
    BlobStore blobStore;
    PasswordHasher passwordHasher;
    final Map<String, Authenticator> authenticators = new LinkedHashMap<>();
    private final List<Authenticator> authenticatorList = new ArrayList<>();
    final List<PushProvider> pushProviders = new ArrayList<>();
    private final List<PushProvider> explicitPushProviders = new ArrayList<>();
    private final Map<String, Map<String, String>> configuredPushProviders = new LinkedHashMap<>();
    private final List<PushProviderFactory> pushProviderFactories = new ArrayList<>();
    private final List<PushProvider> discoveredPushProviders = new ArrayList<>();
    PushSettings pushSettings = PushSettings.defaults();
    final List<MessageInterceptor> interceptors = new ArrayList<>();
    final List<ChatListener> listeners = new ArrayList<>();
    ChatLimits limits = ChatLimits.defaults();
    Clock clock = Clock.systemUTC();
    DirectMessagePolicy directMessagePolicy = DirectMessagePolicy.FRIENDS;
    GroupInvitePolicy groupInvitePolicy = GroupInvitePolicy.FRIENDS_JOIN_OTHERS_INVITED;
    final List<Transport> transports = new ArrayList<>();
    int workerThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    java.time.Duration commitInterval = DEFAULT_COMMIT_INTERVAL;
    RateLimits rateLimits = RateLimits.defaults();
    AttachmentTypes attachmentTypes = AttachmentTypes.defaults();
    AuditLog auditLog = AuditLog.slf4j();
    FanOutFactory fanOut = LocalFanOut::new;
    final List<java.util.function.Consumer<ChatEngine>> startActions = new ArrayList<>();
    ChangeLogRetention changeLogRetention = ChangeLogRetention.DEFAULT;
    io.micrometer.core.instrument.MeterRegistry meterRegistry;
    MonitoringSettings monitoring = MonitoringSettings.defaults();

    ChatEngineBuilder() {
    }

    /** Uses this store. Wins over {@link #storeId}. */
    public ChatEngineBuilder store(ChatStore store) {
        this.store = Objects.requireNonNull(store, "store");
        return this;
    }

    /** Creates the store with the {@link ChatStoreProvider} of this id, found by {@link ServiceLoader}. */
    public ChatEngineBuilder storeId(String id, Map<String, String> config) {
        this.storeId = Objects.requireNonNull(id, "id");
        this.storeConfig = Map.copyOf(config);
        return this;
    }

    /** Keeps attachments here. Without one, messages may reference attachments the engine does not check. */
    public ChatEngineBuilder blobStore(BlobStore blobStore) {
        this.blobStore = Objects.requireNonNull(blobStore, "blobStore");
        return this;
    }

    /** Hashes passwords with this instead of the default {@link Argon2idPasswordHasher}. */
    public ChatEngineBuilder passwordHasher(PasswordHasher hasher) {
        this.passwordHasher = Objects.requireNonNull(hasher, "hasher");
        return this;
    }

    /** Adds a login scheme. Each scheme may be handled by one authenticator only. */
    public ChatEngineBuilder authenticator(Authenticator authenticator) {
        authenticatorList.add(Objects.requireNonNull(authenticator, "authenticator"));
        return this;
    }

    /**
     * Adds a push provider. Each platform may be served by one provider only; one given here wins over
     * one {@linkplain #pushProvider(String, Map) configured by id} for the same platform.
     */
    public ChatEngineBuilder pushProvider(PushProvider provider) {
        explicitPushProviders.add(Objects.requireNonNull(provider, "provider"));
        return this;
    }

    /**
     * Creates a push provider in {@link #build()} with the {@link PushProviderFactory} of this id: one
     * {@linkplain #pushProviderFactory added} here, else one found by {@link ServiceLoader}. If a provider
     * given to {@link #pushProvider(PushProvider)} already serves its platform, this one is skipped with a
     * log line.
     *
     * @param settings the provider's settings, without the {@code push.<id>.} prefix
     */
    public ChatEngineBuilder pushProvider(String id, Map<String, String> settings) {
        configuredPushProviders.put(Objects.requireNonNull(id, "id"), Map.copyOf(settings));
        return this;
    }

    /**
     * Adds a push provider that was discovered rather than chosen, such as one a plugin brings ready-made:
     * it is used only if neither {@link #pushProvider(PushProvider)} nor {@link #pushProvider(String, Map)}
     * gives a provider for its platform, nor an earlier discovered one; otherwise it is skipped with a log line.
     */
    public ChatEngineBuilder discoveredPushProvider(PushProvider provider) {
        discoveredPushProviders.add(Objects.requireNonNull(provider, "provider"));
        return this;
    }

    /** Makes a factory known to {@link #pushProvider(String, Map)}, for one not on the class path (a plugin's). */
    public ChatEngineBuilder pushProviderFactory(PushProviderFactory factory) {
        pushProviderFactories.add(Objects.requireNonNull(factory, "factory"));
        return this;
    }

    /** Sends push notifications with these privacy, queue and retry settings instead of {@link PushSettings#defaults()}. */
    public ChatEngineBuilder push(PushSettings settings) {
        this.pushSettings = Objects.requireNonNull(settings, "settings");
        return this;
    }

    /** Adds a message interceptor; interceptors run in the order they are added. */
    public ChatEngineBuilder interceptor(MessageInterceptor interceptor) {
        interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
        return this;
    }

    /** Adds a listener. */
    public ChatEngineBuilder listener(ChatListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Adds a transport; the engine starts it last and closes it first. */
    public ChatEngineBuilder transport(Transport transport) {
        transports.add(Objects.requireNonNull(transport, "transport"));
        return this;
    }

    /**
     * Runs this action during {@link ChatEngine#start()}, after the store and the other extensions have
     * started and before any transport starts: the place for start-up work that clients must not race,
     * such as creating the first admin or seeding data. The engine's services are all available to it.
     * Actions run in the order they are added, on the thread that calls {@code start()}; one that throws
     * fails the start, and the engine is closed again.
     */
    public ChatEngineBuilder onStarted(java.util.function.Consumer<ChatEngine> action) {
        startActions.add(Objects.requireNonNull(action, "action"));
        return this;
    }

    /** How many threads run protocol requests; by default twice the processors, at least 4. */
    public ChatEngineBuilder workerThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("at least one worker thread");
        }
        this.workerThreads = threads;
        return this;
    }

    /**
     * The least time from the start of one store commit to the next while messages keep coming; by
     * default {@link #DEFAULT_COMMIT_INTERVAL}. Messages that arrive within it are committed
     * together, so under load a commit carries more messages and each costs the store less, for at
     * most this much more time before a sender's ack. A message that finds the writer idle is
     * committed at once. Zero commits each batch as soon as the previous one is done.
     *
     * @throws IllegalArgumentException if negative or longer than a second
     */
    public ChatEngineBuilder commitInterval(java.time.Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.compareTo(java.time.Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("the commit interval is between 0 and 1s, not " + interval);
        }
        this.commitInterval = interval;
        return this;
    }

    /** Sends security events here instead of to the {@code parley.audit} logger. */
    public ChatEngineBuilder auditLog(AuditLog log) {
        this.auditLog = Objects.requireNonNull(log, "log");
        return this;
    }

    /** Enforces these rate limits and connection caps instead of {@link RateLimits#defaults()}. */
    public ChatEngineBuilder rateLimits(RateLimits limits) {
        this.rateLimits = Objects.requireNonNull(limits, "limits");
        return this;
    }

    /** Lets attachments of each kind carry these content types instead of {@link AttachmentTypes#defaults()}. */
    public ChatEngineBuilder attachmentTypes(AttachmentTypes types) {
        this.attachmentTypes = Objects.requireNonNull(types, "types");
        return this;
    }

    /**
     * Reaches live sessions through the fan-out this factory creates instead of a {@link LocalFanOut},
     * which reaches this process only: a cluster module's factory makes several engines, sharing one
     * store, deliver to each other's sessions. The factory is called once, in {@link #build()}.
     */
    public ChatEngineBuilder fanOut(FanOutFactory factory) {
        this.fanOut = Objects.requireNonNull(factory, "factory");
        return this;
    }

    /**
     * Reports the engine's meters ({@code parley.*}, listed in docs/operations.md) to this registry, the
     * host's own or a Prometheus one. Without one the engine meters into an empty
     * {@link io.micrometer.core.instrument.composite.CompositeMeterRegistry}, which records nothing.
     * The engine binds no JVM or process meters: a host binds those once for the whole process.
     */
    public ChatEngineBuilder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
        this.meterRegistry = Objects.requireNonNull(registry, "registry");
        return this;
    }

    /** Writes the operator's log lines under these thresholds instead of {@link MonitoringSettings#defaults()}. */
    public ChatEngineBuilder monitoring(MonitoringSettings settings) {
        this.monitoring = Objects.requireNonNull(settings, "settings");
        return this;
    }

    /** Enforces these limits instead of {@link ChatLimits#defaults()}. */
    public ChatEngineBuilder limits(ChatLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        return this;
    }

    /** Stamps everything with this clock: useful in tests. */
    public ChatEngineBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Who may message whom directly; {@link DirectMessagePolicy#FRIENDS} by default. */
    public ChatEngineBuilder directMessagePolicy(DirectMessagePolicy policy) {
        this.directMessagePolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * What happens to the people a user adds to a group: join at once or get an invitation;
     * {@link GroupInvitePolicy#FRIENDS_JOIN_OTHERS_INVITED} by default.
     */
    public ChatEngineBuilder groupInvitePolicy(GroupInvitePolicy policy) {
        this.groupInvitePolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * When the change log is compacted and how many of each conversation's latest changes stay whole;
     * {@link ChangeLogRetention#DEFAULT} (every hour, keeping 10,000) unless set.
     */
    public ChatEngineBuilder changeLogRetention(ChangeLogRetention retention) {
        this.changeLogRetention = java.util.Objects.requireNonNull(retention, "retention");
        return this;
    }

    /**
     * Checks the configuration and builds the engine, not yet started.
     *
     * @throws IllegalStateException naming the problem: two authenticators for one scheme, two push
     *                               providers for one platform, an unknown push provider id or a bad
     *                               setting of one, an unknown store id, or no store at all
     */
    public ChatEngine build() {
        authenticators.clear();
        for (Authenticator authenticator : authenticatorList) {
            String scheme = authenticator.scheme();
            if (BUILT_IN_SCHEMES.contains(scheme)) {
                throw new IllegalStateException("authenticator " + authenticator.id() + " claims the built-in scheme '"
                        + scheme + "'");
            }
            Authenticator clash = authenticators.putIfAbsent(scheme, authenticator);
            if (clash != null) {
                throw new IllegalStateException("authenticators " + clash.id() + " and " + authenticator.id()
                        + " both handle the scheme '" + scheme + "'");
            }
        }
        Map<String, PushProvider> platforms = new LinkedHashMap<>();
        for (PushProvider provider : explicitPushProviders) {
            PushProvider clash = platforms.putIfAbsent(provider.platform(), provider);
            if (clash != null) {
                throw new IllegalStateException("push providers " + clash.id() + " and " + provider.id()
                        + " both serve the platform '" + provider.platform() + "'");
            }
        }
        if (!configuredPushProviders.isEmpty()) {
            Map<String, PushProviderFactory> factories = pushProviderFactories();
            Map<String, PushProvider> configured = new LinkedHashMap<>();
            configuredPushProviders.forEach((id, settings) -> {
                PushProviderFactory factory = factories.get(id);
                if (factory == null) {
                    throw new IllegalStateException("no push provider with id '" + id + "'; found "
                            + new TreeSet<>(factories.keySet()));
                }
                PushProvider provider;
                try {
                    provider = factory.create(settings);
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("push provider " + id + ": " + e.getMessage(), e);
                }
                PushProvider clash = platforms.get(provider.platform());
                if (clash == null) {
                    clash = configured.putIfAbsent(provider.platform(), provider);
                    if (clash != null) {
                        throw new IllegalStateException("push providers " + clash.id() + " and " + provider.id()
                                + " both serve the platform '" + provider.platform() + "'");
                    }
                } else {
                    LOG.info("push provider {} is not used: {} was given for the platform '{}'", id, clash.id(),
                            provider.platform());
                    provider.close();
                }
            });
            platforms.putAll(configured);
        }
        for (PushProvider provider : discoveredPushProviders) {
            PushProvider chosen = platforms.putIfAbsent(provider.platform(), provider);
            if (chosen != null) {
                LOG.info("push provider {} is not used: {} serves the platform '{}'", provider.id(), chosen.id(),
                        provider.platform());
            }
        }
        pushProviders.clear();
        pushProviders.addAll(platforms.values());
        return new ChatEngine(this, store != null ? store : discoverStore());
    }

    /** The factories added explicitly, then those on the class path; the first of an id wins. */
    private Map<String, PushProviderFactory> pushProviderFactories() {
        Map<String, PushProviderFactory> factories = new LinkedHashMap<>();
        pushProviderFactories.forEach(f -> factories.putIfAbsent(f.id(), f));
        for (var iterator = ServiceLoader.load(PushProviderFactory.class).iterator(); ; ) {
            try {
                if (!iterator.hasNext()) {
                    break;
                }
                PushProviderFactory factory = iterator.next();
                factories.putIfAbsent(factory.id(), factory);
            } catch (ServiceConfigurationError broken) {
                LOG.warn("skipping a push provider factory that could not be loaded: {}", broken.getMessage());
            }
        }
        return factories;
    }

    private ChatStore discoverStore() {
        Map<String, ChatStoreProvider> providers = new LinkedHashMap<>();
        ServiceLoader<ChatStoreProvider> loader = ServiceLoader.load(ChatStoreProvider.class);
        for (var iterator = loader.iterator(); ; ) {
            try {
                if (!iterator.hasNext()) {
                    break;
                }
                ChatStoreProvider provider = iterator.next();
                providers.putIfAbsent(provider.id(), provider);
            } catch (ServiceConfigurationError broken) {
                LOG.warn("skipping a store provider that could not be loaded: {}", broken.getMessage());
            }
        }
        if (storeId != null) {
            ChatStoreProvider provider = providers.get(storeId);
            if (provider == null) {
                throw new IllegalStateException("no store provider with id '" + storeId + "'; found "
                        + new TreeSet<>(providers.keySet()));
            }
            return provider.create(storeConfig);
        }
        ChatStoreProvider memory = providers.get("memory");
        if (memory == null) {
            throw new IllegalStateException("no store: call store(...) or storeId(...), or put store-memory on the "
                    + "class path; found " + new TreeSet<>(providers.keySet()));
        }
        LOG.warn("no store configured; using the in-memory store, which keeps nothing across restarts");
        return memory.create(Map.of());
    }
}
