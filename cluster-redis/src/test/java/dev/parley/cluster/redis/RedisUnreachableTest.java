package dev.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.api.MessageDraft;
import dev.parley.api.User;
import dev.parley.api.event.MessageEvent;
import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.ChatEngine;
import dev.parley.store.memory.MemoryChatStore;
import dev.parley.testkit.engine.RecordingSink;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A node whose Redis cannot be reached starts, and serves its own users, without waiting on Redis. */
class RedisUnreachableTest {

    @Test
    @DisplayName("with no Redis listening, a node starts, delivers to its own sessions and counts what it dropped")
    void servesLocalUsersWithoutRedis() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AtomicReference<RedisFanOut> fanOut = new AtomicReference<>();
        RedisCluster cluster = RedisCluster.at("redis://127.0.0.1:" + closedPort).withMaxBackoff(Duration.ofMillis(200));
        try (ChatEngine engine = ChatEngine.builder()
                .store(new MemoryChatStore())
                .passwordHasher(new Argon2idPasswordHasher(1024, 1, 1))
                .fanOut(sessions -> {
                    fanOut.set((RedisFanOut) cluster.fanOut().create(sessions));
                    return fanOut.get();
                })
                .build().start()) {
            User alice = engine.users().register("alice", "Alice", "correct horse battery");
            User bob = engine.users().register("bob", "Bob", "correct horse battery");
            engine.friends().request(alice.id(), bob.id());
            engine.friends().accept(bob.id(), alice.id());
            RecordingSink bobSink = new RecordingSink();
            engine.sessions().open(bob.id(), bobSink);

            engine.messages().sendDirect(alice.id(), bob.id(), MessageDraft.text("still here"));

            bobSink.awaitEvent(MessageEvent.class, e -> e.message().text().equals("still here"));
            assertThat(engine.presence().presenceOf(bob.id()).online()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> fanOut.get().droppedMessages() > 0);
        }
    }

    @Test
    @DisplayName("a URI that is not a Redis URI is refused, naming it; bad settings are refused, naming the rule")
    void badSettings() {
        assertThatThrownBy(() -> RedisCluster.at("http://127.0.0.1:6379"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://127.0.0.1:6379");
        assertThatThrownBy(() -> RedisCluster.at("redis://h:1").withPresenceTtl(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one second");
        assertThatThrownBy(() -> RedisCluster.at("redis://h:1").withPrefix("has space"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
        assertThat(RedisCluster.at("redis://:secret@h:1").toString()).doesNotContain("secret");
    }
}
