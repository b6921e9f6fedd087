package dev.parley.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.api.ConversationId;
import dev.parley.api.MessageDraft;
import dev.parley.api.User;
import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.ChatEngine;
import dev.parley.core.ChatEngineBuilder;
import dev.parley.core.SendResult;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The writer's commit interval: a message that finds the writer idle is committed at once, and
 * messages that come within the interval after a commit began are committed together.
 */
class CommitIntervalTest {

    private static final Duration INTERVAL = Duration.ofSeconds(1);

    @Test
    @DisplayName("after an idle writer commits a message at once, the next two within the interval share one commit")
    void messagesWithinTheIntervalShareACommit() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ChatEngine engine = engine(registry, INTERVAL)) {
            User alice = engine.users().register("alice", "Alice", "correct horse battery");
            User bob = engine.users().register("bob", "Bob", "correct horse battery");
            engine.friends().request(alice.id(), bob.id());
            engine.friends().accept(bob.id(), alice.id());

            long begin = System.nanoTime();
            SendResult first = engine.messages().sendDirect(alice.id(), bob.id(), MessageDraft.text("one"));
            long firstTook = System.nanoTime() - begin;
            assertThat(Duration.ofNanos(firstTook)).as("the first message waited for no interval").isLessThan(INTERVAL);

            ConversationId conversation = first.message().conversationId();
            CompletableFuture<SendResult> second = engine.messages().sendAsync(alice.id(), conversation, MessageDraft.text("two"));
            CompletableFuture<SendResult> third = engine.messages().sendAsync(bob.id(), conversation, MessageDraft.text("three"));
            CompletableFuture.allOf(second, third).get(10, TimeUnit.SECONDS);

            DistributionSummary batches = registry.get("parley.writer.batch.size").summary();
            assertThat(batches.count()).as("commits").isEqualTo(2);
            assertThat(batches.max()).as("messages in the larger commit").isEqualTo(2.0);
            assertThat(engine.messages().history(alice.id(), conversation, Long.MAX_VALUE, 10))
                    .extracting(m -> m.text()).startsWith("one").containsExactlyInAnyOrder("one", "two", "three");
        }
    }

    @Test
    @DisplayName("the commit interval is refused below zero and above a second, and zero is allowed")
    void bounds() {
        assertThatThrownBy(() -> ChatEngine.builder().commitInterval(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("commit interval");
        assertThatThrownBy(() -> ChatEngine.builder().commitInterval(Duration.ofMillis(1001)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("commit interval");
        assertThat(ChatEngine.builder().commitInterval(Duration.ZERO)).isNotNull();
        assertThat(ChatEngineBuilder.DEFAULT_COMMIT_INTERVAL).isEqualTo(Duration.ofMillis(2));
    }

    private static ChatEngine engine(SimpleMeterRegistry registry, Duration interval) {
        return ChatEngine.builder()
                .store(new MemoryChatStore())
                .passwordHasher(new Argon2idPasswordHasher(1024, 1, 1))
                .meterRegistry(registry)
                .commitInterval(interval)
                .build().start();
    }
}
