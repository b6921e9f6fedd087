package dev.parley.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.api.CloseReason;
import dev.parley.api.MessageDraft;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.event.ChatEvent;
import dev.parley.api.event.MessageEvent;
import dev.parley.api.event.PresenceEvent;
import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.ChatEngine;
import dev.parley.core.ChatSession;
import dev.parley.core.SessionRegistry;
import dev.parley.core.fanout.FanOut;
import dev.parley.core.fanout.LocalFanOut;
import dev.parley.testkit.engine.RecordingSink;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The engine reaches sessions, and revokes them, only through the fan-out its builder was given. */
class FanOutPlugTest {

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Set<UserId> onlineElsewhere = ConcurrentHashMap.newKeySet();
    private SessionRegistry given;
    private ChatEngine engine;

    @BeforeEach
    void start() {
        engine = ChatEngine.builder()
                .store(new MemoryChatStore())
                .passwordHasher(new Argon2idPasswordHasher(1024, 1, 1))
                .fanOut(sessions -> {
                    given = sessions;
                    return new Recording(new LocalFanOut(sessions));
                })
                .build().start();
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    @Test
    @DisplayName("the factory gets the engine's own session registry, and events go through the fan-out it made")
    void factoryGetsTheRegistry() {
        assertThat(given).isSameAs(engine.sessions());
        User alice = engine.users().register("alice", "Alice", "correct horse battery");
        User bob = engine.users().register("bob", "Bob", "correct horse battery");
        befriend(alice, bob);
        RecordingSink bobSink = connect(bob);
        engine.messages().sendDirect(alice.id(), bob.id(), MessageDraft.text("hi"));
        bobSink.awaitEvent(MessageEvent.class, e -> e.message().text().equals("hi"));
        assertThat(calls).contains("deliver MessageEvent");
        assertThat(calls).contains("start");
    }

    @Test
    @DisplayName("a logout everywhere, a disable and a logout of one token close sessions through the fan-out")
    void revocationsGoThroughTheFanOut() {
        User alice = engine.users().register("alice", "Alice", "correct horse battery");
        RecordingSink first = connect(alice);
        engine.auth().logoutEverywhere(alice.id());
        assertThat(calls).contains("closeAll " + alice.id() + " " + CloseReason.LOGGED_OUT);
        assertThat(first.closeReason()).isEqualTo(CloseReason.LOGGED_OUT);

        RecordingSink second = connect(alice);
        engine.users().setEnabled(alice.id(), false);
        assertThat(calls).contains("closeAll " + alice.id() + " " + CloseReason.ACCOUNT_DISABLED);
        assertThat(second.closeReason()).isEqualTo(CloseReason.ACCOUNT_DISABLED);

        engine.auth().logout("some-token");
        assertThat(calls).anyMatch(c -> c.startsWith("closeWithToken "));
    }

    @Test
    @DisplayName("the fan-out hears each local presence change, and friends hear only those it calls global")
    void presenceChangesGoThroughTheFanOut() {
        User alice = engine.users().register("alice", "Alice", "correct horse battery");
        User bob = engine.users().register("bob", "Bob", "correct horse battery");
        User carol = engine.users().register("carol", "Carol", "correct horse battery");
        befriend(alice, bob);
        befriend(carol, bob);
        RecordingSink bobSink = connect(bob);

        onlineElsewhere.add(carol.id());
        ChatSession carolSession = engine.sessions().open(carol.id(), new RecordingSink());
        ChatSession aliceSession = engine.sessions().open(alice.id(), new RecordingSink());
        bobSink.awaitEvent(PresenceEvent.class, e -> e.userId().equals(alice.id()) && e.presence().online());
        carolSession.close("bye");
        aliceSession.close("bye");
        bobSink.awaitEvent(PresenceEvent.class, e -> e.userId().equals(alice.id()) && !e.presence().online());

        assertThat(calls).contains("presence " + carol.id() + " true", "presence " + carol.id() + " false",
                "presence " + alice.id() + " true", "presence " + alice.id() + " false");
        // Carol opened and closed before Alice, and presence is announced in order on one thread.
        assertThat(bobSink.events(PresenceEvent.class)).noneMatch(e -> e.userId().equals(carol.id()));
    }

    private void befriend(User a, User b) {
        engine.friends().request(a.id(), b.id());
        engine.friends().accept(b.id(), a.id());
    }

    private RecordingSink connect(User user) {
        RecordingSink sink = new RecordingSink();
        engine.sessions().open(user.id(), sink);
        await().atMost(Duration.ofSeconds(5)).until(() -> engine.sessions().isOnline(user.id()));
        return sink;
    }

    /** Records what the engine asks of it, and reports some users as online on another node. */
    private final class Recording implements FanOut {
        private final FanOut local;

        Recording(FanOut local) {
            this.local = local;
        }

        @Override
        public String id() {
            return "recording";
        }

        @Override
        public void start() {
            calls.add("start");
        }

        @Override
        public void deliver(Collection<UserId> recipients, ChatEvent event) {
            calls.add("deliver " + event.getClass().getSimpleName());
            local.deliver(recipients, event);
        }

        @Override
        public void deliver(Collection<UserId> recipients, ChatEvent event, ChatSession except) {
            calls.add("deliver " + event.getClass().getSimpleName());
            local.deliver(recipients, event, except);
        }

        @Override
        public boolean isOnline(UserId user) {
            return local.isOnline(user) || onlineElsewhere.contains(user);
        }

        @Override
        public boolean localPresenceChanged(UserId user, boolean online) {
            calls.add("presence " + user + " " + online);
            return !onlineElsewhere.contains(user);
        }

        @Override
        public void closeAll(UserId user, String reason) {
            calls.add("closeAll " + user + " " + reason);
            local.closeAll(user, reason);
        }

        @Override
        public void closeWithToken(String tokenHash, String reason) {
            calls.add("closeWithToken " + tokenHash);
            local.closeWithToken(tokenHash, reason);
        }
    }
}
