package dev.parley.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.api.MessageDraft;
import dev.parley.api.Role;
import dev.parley.api.UserId;
import dev.parley.core.ChatEngine;
import dev.parley.testkit.transport.KitClient;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A reconnect storm: 1,000 users who were offline while messages waited for them connect at once,
 * log in by token and sync, from ten client addresses under the default limits, while two users who
 * stayed online keep chatting. Nobody is refused, nobody misses a message or gets one twice, live
 * delivery works among the 1,000 afterwards, and when they leave the server holds no session, no
 * thread and no memory for them.
 */
class ReconnectStormTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAIRS = 500;
    private static final int WAITING = 3;
    private static final Duration ANSWER = Duration.ofSeconds(60);

    private final TcpServer server = new TcpServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("1,000 clients reconnect at once: every one logs in, syncs exactly what waited, and takes live messages; afterwards nothing is held for them")
    void thousandClientsAtOnce() throws Exception {
        ChatEngine engine = server.engine;
        List<String> tokens = new ArrayList<>();
        List<Long> conversations = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            UserId a = engine.users().create("storm" + i + "a", "A " + i, TcpServer.PASSWORD, Set.of(Role.USER)).id();
            UserId b = engine.users().create("storm" + i + "b", "B " + i, TcpServer.PASSWORD, Set.of(Role.USER)).id();
            engine.friends().request(a, b);
            engine.friends().accept(b, a);
            long conversation = 0;
            for (int k = 1; k <= WAITING; k++) {
                conversation = engine.messages().sendDirect(a, b, MessageDraft.text("waiting " + i + "/" + k)).message()
                        .conversationId().value();
            }
            conversations.add(conversation);
            tokens.add(engine.auth().loginWithPassword("storm" + i + "a", TcpServer.PASSWORD).token());
            tokens.add(engine.auth().loginWithPassword("storm" + i + "b", TcpServer.PASSWORD).token());
        }
        KitClient ann = server.user("ann");
        KitClient bea = server.user("bea");
        ann.ok("friends.request", Map.of("userId", bea.userId()));
        bea.ok("friends.accept", Map.of("userId", ann.userId()));
        long annAndBea = directOf(ann, bea);
        assertThat(bea.awaitEvent("message").path("message").path("text").asText()).isEqualTo("hi");
        long heapBefore = heapAfterGc();
        int threadsBefore = serverThreads();

        // The storm: every socket connects, then every login goes out before any answer is read.
        List<LineClient> clients = new ArrayList<>();
        for (int i = 0; i < 2 * PAIRS; i++) {
            clients.add(server.track(new LineClient(server.transport.port(), "127.0.0." + (2 + i % 10))));
        }
        for (int i = 0; i < clients.size(); i++) {
            clients.get(i).send("{\"id\":\"login\",\"op\":\"login\",\"data\":{\"scheme\":\"token\",\"token\":\""
                    + tokens.get(i) + "\"}}");
        }
        // The two who stayed online are served during the storm.
        JsonNode during = ann.ok("send", Map.of("conversationId", annAndBea, "text", "still here"));
        assertThat(during.path("message").path("seq").asLong()).isEqualTo(2);
        assertThat(bea.awaitEvent("message").path("message").path("text").asText()).isEqualTo("still here");

        for (int i = 0; i < clients.size(); i++) {
            JsonNode login = answer(clients.get(i), "login");
            assertThat(login.path("ok").asBoolean()).as("login of client %d: %s", i, login).isTrue();
            clients.get(i).send("{\"id\":\"sync\",\"op\":\"sync\",\"data\":{\"since\":{}}}");
        }
        int threadsDuring = serverThreads();
        for (int i = 0; i < clients.size(); i++) {
            JsonNode sync = answer(clients.get(i), "sync");
            assertThat(sync.path("ok").asBoolean()).as("sync of client %d: %s", i, sync).isTrue();
            JsonNode pages = sync.path("data").path("conversations");
            assertThat(pages).as("client %d", i).hasSize(1);
            JsonNode page = pages.get(0);
            assertThat(page.path("conversationId").asLong()).isEqualTo(conversations.get(i / 2));
            List<String> texts = new ArrayList<>();
            List<Long> seqs = new ArrayList<>();
            page.path("messages").forEach(m -> {
                texts.add(m.path("text").asText());
                seqs.add(m.path("seq").asLong());
            });
            assertThat(seqs).as("client %d", i).containsExactly(1L, 2L, 3L);
            assertThat(texts).containsExactly("waiting " + i / 2 + "/1", "waiting " + i / 2 + "/2", "waiting " + i / 2 + "/3");
            assertThat(page.path("hasMore").asBoolean()).isFalse();
        }

        // Live delivery among the 1,000: each first of a pair writes to the second.
        for (int i = 0; i < PAIRS; i++) {
            clients.get(2 * i).send("{\"id\":\"live\",\"op\":\"send\",\"data\":{\"conversationId\":" + conversations.get(i)
                    + ",\"text\":\"live " + i + "\",\"clientMsgId\":\"live-" + i + "\"}}");
        }
        for (int i = 0; i < PAIRS; i++) {
            JsonNode ack = answer(clients.get(2 * i), "live");
            assertThat(ack.path("ok").asBoolean()).as("%s", ack).isTrue();
            assertThat(ack.path("data").path("message").path("seq").asLong()).isEqualTo(WAITING + 1);
            JsonNode event = event(clients.get(2 * i + 1), "message");
            assertThat(event.path("data").path("message").path("text").asText()).isEqualTo("live " + i);
        }
        assertThat(engine.sessions().count()).isEqualTo(2 * PAIRS + 2);

        // They leave: no session, thread or memory stays behind for them.
        clients.forEach(LineClient::close);
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.sessions().count() == 2);
        long heapAfter = heapAfterGc();
        System.out.printf("reconnect storm: %d clients, server threads %d before, %d during; heap %d MiB before, %d MiB after%n",
                clients.size(), threadsBefore, threadsDuring, heapBefore >> 20, heapAfter >> 20);
        assertThat(threadsDuring - threadsBefore).as("no thread per connection").isLessThan(50);
        assertThat(heapAfter - heapBefore).as("heap held after the storm, bytes").isLessThan(32L << 20);
        assertThat(ann.ok("ping")).isNotNull();
    }

    private static long directOf(KitClient from, KitClient to) {
        JsonNode sent = from.ok("send", Map.of("toUserId", to.userId(), "text", "hi"));
        return sent.path("message").path("conversationId").asLong();
    }

    /** The next answer to the request with this id, skipping events. */
    private static JsonNode answer(LineClient client, String id) throws Exception {
        long deadline = System.nanoTime() + ANSWER.toNanos();
        while (System.nanoTime() < deadline) {
            String line = client.receive(Duration.ofSeconds(1));
            if (line != null) {
                JsonNode frame = JSON.readTree(line);
                if (id.equals(frame.path("id").asText(null))) {
                    return frame;
                }
            }
        }
        throw new AssertionError("no answer to " + id + " within " + ANSWER);
    }

    /** The next event of this type, skipping other frames. */
    private static JsonNode event(LineClient client, String type) throws Exception {
        long deadline = System.nanoTime() + ANSWER.toNanos();
        while (System.nanoTime() < deadline) {
            String line = client.receive(Duration.ofSeconds(1));
            if (line != null) {
                JsonNode frame = JSON.readTree(line);
                if (type.equals(frame.path("event").asText(null))) {
                    return frame;
                }
            }
        }
        throw new AssertionError("no " + type + " event within " + ANSWER);
    }

    private static int serverThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("parley-")).count();
    }

    /** The heap in use after two full collections (System.gc() on G1 returns once its collection is done). */
    private static long heapAfterGc() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
