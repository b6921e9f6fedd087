package dev.parley.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Conversation;
import dev.parley.api.Message;
import dev.parley.api.User;
import dev.parley.testkit.transport.RetryingLineClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Clients behind a proxy that drops, delays and cuts lines in both directions: requests and acks go
 * missing, events are lost, connections break mid-send. Clients do what docs/protocol.md tells them
 * ({@link RetryingLineClient}: retry a send with the same clientMsgId until it is answered, log in
 * again and sync from the last seq they hold after a reconnect), and in the end every message is stored once, seqs have no gaps,
 * every ack names the stored message, and every client holds exactly what the store holds.
 */
class LossyNetworkTest {

    private static final int SENDERS = 3;
    private static final int MESSAGES_EACH = 40;
    private static final long SEED = 20261201L;

    private final TcpServer server = new TcpServer();
    private LossyLineProxy proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        server.close();
    }

    @Test
    @DisplayName("through dropped, delayed and cut frames, nothing is lost or doubled, and every client converges")
    void convergesThroughALossyNetwork() throws Exception {
        List<User> users = new ArrayList<>();
        for (String name : List.of("alice", "bob", "carol")) {
            users.add(server.engine.users().register(name, name, TcpServer.PASSWORD));
        }
        Conversation group = server.engine.conversations().createGroupAsAdmin(users.get(0).id(), "lossy",
                users.stream().skip(1).map(User::id).toList());
        proxy = new LossyLineProxy(server.transport.port(), new LossyLineProxy.Faults(0.05, 0.05, 20, 0.01), SEED);

        List<RetryingLineClient> clients = users.stream().map(u -> new RetryingLineClient("127.0.0.1", proxy.port(),
                u.username(), TcpServer.PASSWORD, group.id().value(), Duration.ofMillis(400), Duration.ofMinutes(3)))
                .toList();
        Map<String, Long> acks = new ConcurrentHashMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (RetryingLineClient client : clients) {
                running.add(senders.submit(() -> IntStream.range(0, MESSAGES_EACH).forEach(i -> {
                    String clientMsgId = client.username() + "-" + i;
                    JsonNode message = client.send(clientMsgId).path("message");
                    assertThat(message.path("clientMsgId").asText()).isEqualTo(clientMsgId);
                    Long earlier = acks.putIfAbsent(clientMsgId, message.path("id").asLong());
                    assertThat(earlier).as("one ack per send").isNull();
                })));
            }
            for (Future<?> sender : running) {
                sender.get(3, TimeUnit.MINUTES);
            }
        } finally {
            senders.shutdownNow();
        }
        clients.forEach(RetryingLineClient::resync);

        List<Message> stored = server.engine.store().messages().after(group.id(), 0, 10_000);
        Map<Long, String> truth = new TreeMap<>();
        stored.forEach(m -> truth.put(m.seq(), m.clientMsgId()));
        assertThat(stored).hasSize(SENDERS * MESSAGES_EACH);
        assertThat(truth.keySet()).as("gapless seqs").containsExactlyElementsOf(
                IntStream.rangeClosed(1, SENDERS * MESSAGES_EACH).mapToObj(Long::valueOf).toList());
        assertThat(stored).extracting(Message::clientMsgId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(acks.keySet());
        stored.forEach(m -> assertThat(acks.get(m.clientMsgId())).as("the ack names the stored message")
                .isEqualTo(m.id().value()));
        for (RetryingLineClient client : clients) {
            assertThat(client.seen()).as(client.username() + " holds what the store holds").isEqualTo(truth);
            client.close();
        }
        assertThat(proxy.dropped.get()).as("lines dropped").isPositive();
        assertThat(proxy.delayed.get()).as("lines delayed").isPositive();
        assertThat(proxy.cuts.get()).as("connections cut").isPositive();
        System.out.printf("lossy network: %d lines passed, %d dropped, %d delayed, %d cuts; reconnects %s%n",
                proxy.passed.get(), proxy.dropped.get(), proxy.delayed.get(), proxy.cuts.get(),
                clients.stream().map(c -> c.username() + "=" + c.reconnects()).toList());
    }
}
