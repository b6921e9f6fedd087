package dev.parley.core.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's meters, in one place so that their names and tags are written once (docs/operations.md
 * lists them). Tags are few and bounded: a transport, a close or refusal reason, a protocol operation
 * or an error code, never a user or a conversation. Meters with a tag are created on first use and
 * kept, so the message path does a map lookup and no allocation.
 *
 * <p>Thread-safe.
 */
public final class EngineMetrics {

    /** The op tag of a request whose op is not in the table, so that a client cannot mint tag values. */
    public static final String UNKNOWN_OP = "unknown";

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> connectionsOpen = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sessionsOpen = new ConcurrentHashMap<>();
    private final Map<String, Counter> accepted = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Counter>> refused = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Counter>> closed = new ConcurrentHashMap<>();
    private final Map<String, Counter> logins = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Counter>> requests = new ConcurrentHashMap<>();
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    private final AtomicLong waiting = new AtomicLong();
    private final Counter messagesSent;
    private final Counter duplicates;
    private final DistributionSummary batchSize;
    private final Timer commitLatency;
    private final Counter deliveries;
    private final Counter dropped;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final RecentRate messageRate;

    /** Meters in this registry; the clock times the last minute's message rate. */
    public EngineMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.messageRate = new RecentRate(() -> clock.millis() / 1000);
        Gauge.builder("parley.requests.waiting", waiting, AtomicLong::get)
                .description("Requests received and not yet run, over every connection").register(registry);
        this.messagesSent = Counter.builder("parley.messages.sent")
                .description("Messages committed to the store as new").register(registry);
        this.duplicates = Counter.builder("parley.messages.duplicates")
                .description("Sends that were retries of a message already stored, answered with the original")
                .register(registry);
        this.batchSize = DistributionSummary.builder("parley.writer.batch.size").baseUnit("messages")
                .description("Messages per store commit of the message writer")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.commitLatency = Timer.builder("parley.writer.commit.latency")
                .description("Time of one store commit of the message writer")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        this.deliveries = Counter.builder("parley.fanout.deliveries")
                .description("Events handed to a live session's queue").register(registry);
        this.dropped = Counter.builder("parley.events.dropped")
                .description("Events a live session's full queue refused; the session is closed as slow_consumer")
                .register(registry);
        this.bytesIn = Counter.builder("parley.attachments.bytes").baseUnit("bytes").tag("direction", "in")
                .description("Bytes of attachments stored").register(registry);
        this.bytesOut = Counter.builder("parley.attachments.bytes").baseUnit("bytes").tag("direction", "out")
                .description("Bytes of attachments opened for download").register(registry);
    }

    /** The registry the meters are in. */
    public MeterRegistry registry() {
        return registry;
    }

    /** A connection was accepted and is open. */
    public void connectionOpened(String transport) {
        accepted.computeIfAbsent(transport, t -> Counter.builder("parley.connections.accepted").tag("transport", t)
                .description("Connections accepted").register(registry)).increment();
        open(connectionsOpen, "parley.connections.open", "Connections open, logged in or not", transport)
                .incrementAndGet();
    }

    /** A connection was turned away at once, for a reason such as {@code too_many_connections}. */
    public void connectionRefused(String transport, String reason) {
        tagged(refused, "parley.connections.refused", "Connections turned away as they opened", transport, reason)
                .increment();
    }

    /** An accepted connection ended, for this reason ({@code disconnected} if the peer went away). */
    public void connectionClosed(String transport, String reason) {
        tagged(closed, "parley.connections.closed", "Connections ended, by the reason", transport, reason).increment();
        open(connectionsOpen, "parley.connections.open", "Connections open, logged in or not", transport)
                .decrementAndGet();
    }

    /** A connection logged in and is a live session. */
    public void sessionOpened(String transport) {
        open(sessionsOpen, "parley.sessions.open", "Logged-in sessions open", transport).incrementAndGet();
    }

    /** A logged-in connection ended. */
    public void sessionClosed(String transport) {
        open(sessionsOpen, "parley.sessions.open", "Logged-in sessions open", transport).decrementAndGet();
    }

    /** Logged-in sessions open now, by transport. */
    public Map<String, Long> sessionsByTransport() {
        Map<String, Long> counts = new TreeMap<>();
        sessionsOpen.forEach((transport, count) -> counts.put(transport, count.get()));
        return counts;
    }

    /** A login finished: {@code ok}, {@code refused} or {@code throttled}. */
    public void login(String outcome) {
        logins.computeIfAbsent(outcome, o -> Counter.builder("parley.logins").tag("outcome", o)
                .description("Logins, by their outcome").register(registry)).increment();
    }

    /**
     * A request was answered.
     *
     * @param op      the operation, one of the table's or {@link #UNKNOWN_OP}
     * @param outcome {@code ok} or the error code
     * @param nanos   from receipt to answer
     */
    public void request(String op, String outcome, long nanos) {
        tagged(requests, "parley.requests", "Requests answered, by operation and outcome", op, outcome, "op", "outcome")
                .increment();
        latency.computeIfAbsent(op, o -> Timer.builder("parley.request.latency").tag("op", o)
                        .description("Time from a request's receipt to its answer")
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A request was queued to run. */
    public void requestQueued() {
        waiting.incrementAndGet();
    }

    /** A queued request started running. */
    public void requestStarted() {
        waiting.decrementAndGet();
    }

    /** One store commit of the message writer. */
    public void committed(int batch, int fresh, int duplicate, long nanos) {
        batchSize.record(batch);
        commitLatency.record(nanos, TimeUnit.NANOSECONDS);
        messagesSent.increment(fresh);
        duplicates.increment(duplicate);
        messageRate.add(fresh);
    }

    /** A send was a retry that the engine answered with the original, before the writer. */
    public void duplicate() {
        duplicates.increment();
    }

    /** Messages committed per second over the last minute. */
    public double messagesPerSecond() {
        return messageRate.perSecond();
    }

    /** An event was queued for a live session. */
    public void delivered() {
        deliveries.increment();
    }

    /** A live session's queue refused an event. */
    public void dropped() {
        dropped.increment();
    }

    /** An attachment of this size was stored. */
    public void attachmentIn(long bytes) {
        bytesIn.increment(bytes);
    }

    /** An attachment of this size was opened for download. */
    public void attachmentOut(long bytes) {
        bytesOut.increment(bytes);
    }

    private AtomicLong open(Map<String, AtomicLong> byTransport, String name, String description, String transport) {
        return byTransport.computeIfAbsent(transport, t -> {
            AtomicLong count = new AtomicLong();
            Gauge.builder(name, count, AtomicLong::get).tag("transport", t).description(description)
                    .strongReference(true).register(registry);
            return count;
        });
    }

    private Counter tagged(Map<String, Map<String, Counter>> counters, String name, String description,
                           String transport, String reason) {
        return tagged(counters, name, description, transport, reason, "transport", "reason");
    }

    private Counter tagged(Map<String, Map<String, Counter>> counters, String name, String description,
                           String first, String second, String firstKey, String secondKey) {
        return counters.computeIfAbsent(first, f -> new ConcurrentHashMap<>())
                .computeIfAbsent(second, s -> Counter.builder(name).tag(firstKey, first).tag(secondKey, s)
                        .description(description).register(registry));
    }
}
