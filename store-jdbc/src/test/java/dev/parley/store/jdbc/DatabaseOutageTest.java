package dev.parley.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.ChatException;
import dev.parley.api.ErrorCode;
import dev.parley.api.Message;
import dev.parley.api.MessageDraft;
import dev.parley.api.User;
import dev.parley.api.event.MessageEvent;
import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.ChatEngine;
import dev.parley.core.SendResult;
import dev.parley.testkit.engine.RecordingSink;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The database goes away during sends and comes back: the sender gets an error, no seq is used up,
 * nobody is sent the message, and the engine serves again once the database is back, without a restart.
 */
class DatabaseOutageTest {

    private static final String PASSWORD = "correct horse battery";

    private final FaultyDataSource database = new FaultyDataSource(h2());
    private final ChatEngine engine = ChatEngine.builder()
            .store(JdbcChatStore.builder().dataSource(database).build())
            .passwordHasher(new Argon2idPasswordHasher(1024, 1, 1)).build().start();

    private static JdbcDataSource h2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:outage-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }

    @AfterEach
    void stop() {
        database.up();
        engine.close();
    }

    @Test
    @DisplayName("while the database is down a send is refused as unavailable; once it is back, sends work without a restart")
    void downBeforeTheSend() {
        Fixture chat = new Fixture();
        database.down();
        assertThat(failure(() -> chat.send("during", "c-2"))).isInstanceOf(ChatException.class)
                .extracting(e -> ((ChatException) e).errorCode()).isEqualTo(ErrorCode.UNAVAILABLE);
        database.up();
        chat.recovers();
    }

    @Test
    @DisplayName("when the database dies between a send's checks and its commit, the send fails, uses no seq and reaches nobody")
    void diesAtTheCommit() {
        Fixture chat = new Fixture();
        database.refuseInsertsInto("messages");
        assertThat(failure(() -> chat.send("during", "c-2"))).isInstanceOf(ChatException.class)
                .extracting(e -> ((ChatException) e).errorCode()).isEqualTo(ErrorCode.UNAVAILABLE);
        database.up();
        chat.recovers();
    }

    /** Alice and Bob, friends, Bob on a live session, and one message between them before the outage. */
    private final class Fixture {
        final User alice = engine.users().register("alice", "Alice", PASSWORD);
        final User bob = engine.users().register("bob", "Bob", PASSWORD);
        final RecordingSink bobPhone = new RecordingSink();
        final SendResult before;

        Fixture() {
            engine.friends().befriend(alice.id(), bob.id());
            engine.sessions().open(bob.id(), bobPhone);
            before = engine.messages().sendDirectAsync(alice.id(), bob.id(), draft("before", "c-1")).join();
            bobPhone.awaitEvent(MessageEvent.class, e -> e.message().text().equals("before"));
        }

        CompletableFuture<SendResult> send(String text, String clientMsgId) {
            return engine.messages().sendAsync(alice.id(), before.message().conversationId(), draft(text, clientMsgId));
        }

        /** The next send takes the next seq, Bob gets only what was stored, and the failed send can be retried. */
        void recovers() {
            SendResult after = send("after", "c-3").join();
            assertThat(after.message().seq()).as("the failed send used no seq").isEqualTo(before.message().seq() + 1);
            bobPhone.awaitEvent(MessageEvent.class, e -> e.message().text().equals("after"));
            assertThat(bobPhone.events(MessageEvent.class)).extracting(e -> e.message().text())
                    .containsExactly("before", "after");
            SendResult retried = send("during", "c-2").join();
            assertThat(retried.duplicate()).as("the failed send was not stored").isFalse();
            List<Message> history = engine.messages().history(alice.id(), before.message().conversationId(),
                    Long.MAX_VALUE, 10);
            assertThat(history).extracting(Message::text).containsExactlyInAnyOrder("before", "after", "during");
            assertThat(history).extracting(Message::seq).containsExactlyInAnyOrder(1L, 2L, 3L);
        }
    }

    /** What a send failed with, whether it threw at once (a check that read the store) or its future failed. */
    private static Throwable failure(Supplier<CompletableFuture<SendResult>> send) {
        try {
            send.get().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (RuntimeException e) {
            return e;
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the send neither failed nor succeeded", e);
        }
        throw new AssertionError("the send succeeded while the database was down");
    }

    private static MessageDraft draft(String text, String clientMsgId) {
        return new MessageDraft(dev.parley.api.MessageKind.TEXT, text, null, null, clientMsgId);
    }
}
