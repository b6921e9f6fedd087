package dev.parley.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Conversation;
import dev.parley.api.Message;
import dev.parley.api.User;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
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
 * (retry a send with the same clientMsgId until it is answered, log in again and sync from the last
 * seq they hold after a reconnect), and in the end every message is stored once, seqs have no gaps,
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

        List<RetryingClient> clients = users.stream()
                .map(u -> new RetryingClient(proxy.port(), u.username(), group.id().value())).toList();
        Map<String, Long> acks = new ConcurrentHashMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (RetryingClient client : clients) {
                running.add(senders.submit(() -> IntStream.range(0, MESSAGES_EACH).forEach(i -> {
                    String clientMsgId = client.username + "-" + i;
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
        clients.forEach(RetryingClient::resync);

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
        for (RetryingClient client : clients) {
            assertThat(client.seen).as(client.username + " holds what the store holds").isEqualTo(truth);
            client.close();
        }
        assertThat(proxy.dropped.get()).as("lines dropped").isPositive();
        assertThat(proxy.delayed.get()).as("lines delayed").isPositive();
        assertThat(proxy.cuts.get()).as("connections cut").isPositive();
        System.out.printf("lossy network: %d lines passed, %d dropped, %d delayed, %d cuts; reconnects %s%n",
                proxy.passed.get(), proxy.dropped.get(), proxy.delayed.get(), proxy.cuts.get(),
                clients.stream().map(c -> c.username + "=" + c.reconnects).toList());
    }

    /**
     * A client written from docs/protocol.md for a bad network: every call is retried, on a new
     * connection if need be, until it is answered; after each login it syncs from the last seq it holds
     * without a gap. It remembers every message of the group it has seen, by seq.
     */
    private static final class RetryingClient implements AutoCloseable {

        private static final ObjectMapper JSON = new ObjectMapper();
        private static final Duration ANSWER_WITHIN = Duration.ofMillis(400);

        final String username;
        final Map<Long, String> seen = new ConcurrentSkipListMap<>();
        private final int port;
        private final long conversation;
        private final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        private LineClient line;
        private String token;
        private long nextId;
        int reconnects;

        RetryingClient(int port, String username, long conversation) {
            this.port = port;
            this.username = username;
            this.conversation = conversation;
        }

        JsonNode send(String clientMsgId) {
            ObjectNode data = JSON.createObjectNode().put("conversationId", conversation)
                    .put("text", "message " + clientMsgId).put("clientMsgId", clientMsgId);
            JsonNode answer = call("send", data);
            remember(answer.path("message"));
            return answer;
        }

        /** Syncs from the last seq held without a gap until nothing more is there. */
        void resync() {
            while (takeSync(call("sync", syncRequest()))) {
                // the next page
            }
        }

        private ObjectNode syncRequest() {
            ObjectNode data = JSON.createObjectNode();
            data.putObject("since").put(Long.toString(conversation), contiguous());
            return data;
        }

        /** Remembers a sync page's messages; whether there is more. */
        private boolean takeSync(JsonNode answer) {
            boolean more = false;
            for (JsonNode page : answer.path("conversations")) {
                page.path("messages").forEach(this::remember);
                more |= page.path("hasMore").asBoolean();
            }
            return more;
        }

        private long contiguous() {
            long seq = 0;
            while (seen.containsKey(seq + 1)) {
                seq++;
            }
            return seq;
        }

        /** Calls an op until it is answered, logging in again first whenever the connection was lost. */
        private JsonNode call(String op, ObjectNode data) {
            while (true) {
                assertThat(System.nanoTime()).as(username + " gave up on " + op).isLessThan(deadline);
                if (line == null || !line.isOpen()) {
                    connect();
                    continue;
                }
                JsonNode answer = attempt(op, data);
                if (answer != null) {
                    return answer;
                }
            }
        }

        /** One try: the answer's data, or null when it did not come (the request or the answer was lost). */
        private JsonNode attempt(String op, ObjectNode data) {
            String id = username + "-" + (++nextId);
            ObjectNode request = JSON.createObjectNode().put("id", id).put("op", op);
            request.set("data", data);
            try {
                line.send(request.toString());
            } catch (UncheckedIOException e) {
                line.close();
                return null;
            }
            long until = System.nanoTime() + ANSWER_WITHIN.toNanos();
            while (System.nanoTime() < until) {
                String frame = line.receive(Duration.ofMillis(50));
                if (frame == null) {
                    continue;
                }
                JsonNode node = read(frame);
                if ("message".equals(node.path("event").asText())) {
                    remember(node.path("data").path("message"));
                } else if (id.equals(node.path("id").asText())) {
                    if (node.path("ok").asBoolean()) {
                        return node.path("data");
                    }
                    String code = node.path("error").path("code").asText();
                    assertThat(code).as(op + " refused: " + frame).isEqualTo("rate_limited");
                    pause(node.path("error").path("retryAfterMs").asLong(100));
                    return null;
                }
            }
            return null;
        }

        /** A new connection through the proxy, logged in (by token after the first time) and synced. */
        private void connect() {
            if (line != null) {
                line.close();
                reconnects++;
            }
            try {
                line = new LineClient(port);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ObjectNode login = JSON.createObjectNode();
            if (token == null) {
                login.put("scheme", "password").put("username", username).put("password", TcpServer.PASSWORD);
            } else {
                login.put("scheme", "token").put("token", token);
            }
            JsonNode answer = attempt("login", login);
            if (answer == null) {
                line.close();
                return;
            }
            token = answer.path("token").asText();
            resyncOnThisConnection();
        }

        /** The sync after a login; a loss here just means connecting again, which syncs again. */
        private void resyncOnThisConnection() {
            while (line.isOpen()) {
                JsonNode answer = attempt("sync", syncRequest());
                if (answer == null) {
                    line.close();
                    return;
                }
                if (!takeSync(answer)) {
                    return;
                }
            }
        }

        private void remember(JsonNode message) {
            if (message.path("conversationId").asLong() == conversation) {
                String earlier = seen.putIfAbsent(message.path("seq").asLong(), message.path("clientMsgId").asText());
                assertThat(earlier == null || earlier.equals(message.path("clientMsgId").asText()))
                        .as("seq " + message.path("seq") + " names one message").isTrue();
            }
        }

        private static JsonNode read(String frame) {
            try {
                return JSON.readTree(frame);
            } catch (IOException e) {
                throw new AssertionError("the server sent a frame that is not JSON: " + frame, e);
            }
        }

        private static void pause(long millis) {
            try {
                Thread.sleep(Math.min(millis, 2_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            if (line != null) {
                line.close();
            }
        }
    }
}
