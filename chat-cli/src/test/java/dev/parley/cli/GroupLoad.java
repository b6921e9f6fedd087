package dev.parley.cli;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testkit.transport.RetryingLineClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Clients sending distinct messages into one conversation, each on a thread of its own, each send
 * retried on its clientMsgId until it is acked; what was acked, by clientMsgId, with the seq of its ack.
 */
final class GroupLoad implements AutoCloseable {

    private final List<RetryingLineClient> clients;
    private final int each;
    private final Map<String, Long> acked = new ConcurrentHashMap<>();
    private final ExecutorService senders;
    private final List<Future<?>> running = new ArrayList<>();

    /** Starts every client sending {@code each} messages, {@code pauseMillis} apart. */
    GroupLoad(List<RetryingLineClient> clients, int each, long pauseMillis) {
        this.clients = List.copyOf(clients);
        this.each = each;
        this.senders = Executors.newFixedThreadPool(clients.size());
        for (RetryingLineClient client : clients) {
            running.add(senders.submit(() -> IntStream.range(0, each).forEach(i -> {
                String clientMsgId = client.username() + "-" + i;
                JsonNode ack = client.send(clientMsgId).path("message");
                acked.put(clientMsgId, ack.path("seq").asLong());
                pause(pauseMillis);
            })));
        }
    }

    /** How many messages were meant to be sent in all. */
    int total() {
        return clients.size() * each;
    }

    /** How many are acked so far. */
    int ackedSoFar() {
        return acked.size();
    }

    /** Waits until at least {@code count} messages are acked (or every sender is done). */
    void awaitAcked(int count) {
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(5))
                .until(() -> acked.size() >= count || running.stream().allMatch(Future::isDone));
    }

    /** Whether every sender is done. */
    boolean done() {
        return running.stream().allMatch(Future::isDone);
    }

    /** Waits for every sender, then resyncs every client; the verdict against what the database holds. */
    DeliveryClassification finish(StoredMessages stored) throws Exception {
        for (Future<?> sender : running) {
            sender.get(2, TimeUnit.MINUTES);
        }
        clients.forEach(RetryingLineClient::resync);
        return new DeliveryClassification(total(), Map.copyOf(acked), stored.read());
    }

    /** What the database holds after the run. */
    interface StoredMessages {
        Map<Long, String> read() throws Exception;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // the load's pacing between one client's sends, not a wait for a condition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        senders.shutdownNow();
        clients.forEach(RetryingLineClient::close);
    }
}
