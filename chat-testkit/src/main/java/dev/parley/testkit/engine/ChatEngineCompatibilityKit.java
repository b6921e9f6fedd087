package dev.parley.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.api.Attachment;
import dev.parley.api.AttachmentId;
import dev.parley.api.ChangeKind;
import dev.parley.api.ChatException;
import dev.parley.api.Conversation;
import dev.parley.api.ConversationId;
import dev.parley.api.ConversationType;
import dev.parley.api.Cursor;
import dev.parley.api.DeviceId;
import dev.parley.api.ErrorCode;
import dev.parley.api.FriendView;
import dev.parley.api.FriendshipState;
import dev.parley.api.MemberRole;
import dev.parley.api.Message;
import dev.parley.api.StoreException;
import dev.parley.api.MessageDraft;
import dev.parley.api.MessageKind;
import dev.parley.api.MessageRejectedException;
import dev.parley.api.Presence;
import dev.parley.api.PushPreferences;
import dev.parley.api.Relationship;
import dev.parley.api.Role;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.event.ConversationEvent;
import dev.parley.api.event.FriendEvent;
import dev.parley.api.event.InvitationEvent;
import dev.parley.api.event.MemberEvent;
import dev.parley.api.event.MessageEvent;
import dev.parley.api.event.MessageUpdatedEvent;
import dev.parley.api.event.PresenceEvent;
import dev.parley.api.event.ReceiptEvent;
import dev.parley.api.event.TypingEvent;
import dev.parley.api.spi.AuthRequest;
import dev.parley.api.spi.ChatListener;
import dev.parley.api.spi.ChatStore;
import dev.parley.api.spi.PushNotification;
import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.ChangeBatch;
import dev.parley.core.ChangeEntry;
import dev.parley.core.ChangeLogRetention;
import dev.parley.core.ChangeService;
import dev.parley.core.ChatEngine;
import dev.parley.core.ChatEngineBuilder;
import dev.parley.core.ChatLimits;
import dev.parley.core.ChatSession;
import dev.parley.core.ConversationView;
import dev.parley.core.DirectMessagePolicy;
import dev.parley.core.GroupInvitePolicy;
import dev.parley.core.HistoryPage;
import dev.parley.core.InviteOutcome;
import dev.parley.core.LoginResult;
import dev.parley.core.PushSettings;
import dev.parley.core.PushStats;
import dev.parley.core.RateLimits;
import dev.parley.core.SendResult;
import dev.parley.core.SyncBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Engine scenarios that must hold on any store: the same friends, conversations, sends, syncs,
 * receipts, notices and pushes, whatever keeps the data. A store proves it works under the engine by
 * extending this class:
 *
 * <pre>{@code
 * class MyStoreEngineTest extends ChatEngineCompatibilityKit {
 *     @Override
 *     protected ChatStore createStore() {
 *         return new MyChatStore(...);
 *     }
 * }
 * }</pre>
 *
 * <p>Each test gets a new store from {@link #createStore()} and a new engine over it. Usernames carry
 * a random suffix, so a store that keeps data between tests (a shared database) needs no cleaning.
 * Passwords are hashed with real Argon2id at low cost, to keep the kit fast. Live sessions are
 * {@link RecordingSink}s, pushes go to a {@link RecordingPushProvider}, and time comes from a
 * {@link MutableClock}.
 */
public abstract class ChatEngineCompatibilityKit {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String PASSWORD = "correct horse battery";

    /** The store to test, new for each test and not yet started. */
    protected abstract ChatStore createStore();

    /**
     * Returns a started store that reads what the given store, closed by its engine, stored. By default
     * that is a new store from {@link #createStore()}, started, which suits a store over a database that
     * outlives it; the kit closes it. A store that keeps its data in itself, as an in-memory store does,
     * returns the closed store, if it can still be read once closed.
     */
    protected ChatStore reopen(ChatStore closed) {
        ChatStore store = createStore();
        store.start();
        return store;
    }

    /** The clock of {@link #engine}; moves only when a test moves it. */
    protected MutableClock clock;
    /** Receives the pushes of {@link #engine} for the {@code test} platform. */
    protected RecordingPushProvider push;
    /** The engine under test, started. */
    protected ChatEngine engine;
    private final List<ChatEngine> engines = new ArrayList<>();

    @BeforeEach
    void startEngine() {
        engine = newEngine(builder -> {
        });
    }

    @AfterEach
    void closeEngines() {
        engines.forEach(ChatEngine::close);
    }

    /** Builds and starts another engine over a new store, customised by the test. */
    protected ChatEngine newEngine(Consumer<ChatEngineBuilder> customize) {
        return newEngine(createStore(), customize);
    }

    /** Builds and starts an engine over the given store, customised by the test. */
    protected ChatEngine newEngine(ChatStore store, Consumer<ChatEngineBuilder> customize) {
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        push = new RecordingPushProvider("test");
        ChatEngineBuilder builder = ChatEngine.builder()
                .store(store)
                .clock(clock)
                .passwordHasher(new Argon2idPasswordHasher(1024, 1, 1))
                // The scenarios send as fast as they can; rate limits have tests of their own.
                .rateLimits(RateLimits.defaults().withSends(1_000_000, 1_000_000))
                .pushProvider(push);
        customize.accept(builder);
        ChatEngine built = builder.build().start();
        engines.add(built);
        return built;
    }

    /** A unique username starting with the given name. */
    protected static String unique(String name) {
        return name + "-" + RUN + "-" + COUNTER.incrementAndGet();
    }

    /** Registers a user with a unique username. */
    protected User user(String name) {
        return user(engine, name);
    }

    private static User user(ChatEngine engine, String name) {
        return engine.users().register(unique(name), name.substring(0, 1).toUpperCase() + name.substring(1), PASSWORD);
    }

    /** Makes two users friends. */
    protected void befriend(User a, User b) {
        befriend(engine, a, b);
    }

    private static void befriend(ChatEngine engine, User a, User b) {
        engine.friends().request(a.id(), b.id());
        engine.friends().accept(b.id(), a.id());
    }

    /** Opens a live session for the user and returns its sink. */
    protected RecordingSink connect(User user) {
        RecordingSink sink = new RecordingSink();
        engine.sessions().open(user.id(), sink);
        return sink;
    }

    /** Asserts that the call throws a {@link ChatException} with the given code. */
    protected static void assertCode(ErrorCode code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ChatException.class,
                e -> assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(code));
    }

    private static MessageDraft text(String text) {
        return MessageDraft.text(text);
    }

    @Nested
    @DisplayName("Registration and login")
    class Accounts {

        @Test
        @DisplayName("a registered user logs in with the password and then with the token it got")
        void passwordThenToken() {
            User alice = user("alice");
            LoginResult login = engine.auth().loginWithPassword(alice.username(), PASSWORD);
            assertThat(login.user().id()).isEqualTo(alice.id());
            assertThat(login.token()).hasSizeGreaterThanOrEqualTo(22);
            LoginResult again = engine.auth().login(new AuthRequest("token", Map.of("token", login.token()), null));
            assertThat(again.user().id()).isEqualTo(alice.id());
        }

        @Test
        @DisplayName("a wrong password and an unknown user get the same refusal")
        void sameRefusal() {
            User alice = user("alice");
            Throwable wrong = org.assertj.core.api.Assertions.catchThrowable(
                    () -> engine.auth().loginWithPassword(alice.username(), "not the password"));
            Throwable unknown = org.assertj.core.api.Assertions.catchThrowable(
                    () -> engine.auth().loginWithPassword(unique("nobody"), "not the password"));
            assertThat(wrong).isInstanceOf(ChatException.class).hasMessage(unknown.getMessage());
            assertThat(((ChatException) wrong).errorCode()).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThat(((ChatException) unknown).errorCode()).isEqualTo(ErrorCode.UNAUTHORIZED);
        }

        @Test
        @DisplayName("usernames are case-insensitive and unique")
        void usernames() {
            String name = unique("carol");
            User carol = engine.users().register(name.toUpperCase(), "Carol", PASSWORD);
            assertThat(carol.username()).isEqualTo(name);
            assertCode(ErrorCode.CONFLICT, () -> engine.users().register(name, "Other Carol", PASSWORD));
            assertThat(engine.auth().loginWithPassword(name.toUpperCase(), PASSWORD).user().id()).isEqualTo(carol.id());
        }

        @Test
        @DisplayName("the reserved names cannot be registered, in any case or with look-alike characters")
        void reservedNames() {
            for (String name : List.of("admin", "ADMIN", "Admin", "adm1n", "ad.min", "root", "System")) {
                assertCode(ErrorCode.CONFLICT, () -> engine.users().register(name, "Impostor", PASSWORD));
            }
            assertThat(engine.users().findByUsername("adm1n")).isEmpty();
        }

        @Test
        @DisplayName("failed logins from one address do not lock the owner out at another, and throttle that address")
        void loginThrottlePerAddress() {
            User alice = user("alice");
            String attacker = "198.51.100.7:40000";
            for (int i = 0; i < RateLimits.defaults().loginAttempts(); i++) {
                assertCode(ErrorCode.UNAUTHORIZED,
                        () -> engine.auth().loginWithPassword(alice.username(), "not the password", attacker));
            }
            assertCode(ErrorCode.RATE_LIMITED, () -> engine.auth().loginWithPassword(alice.username(), PASSWORD, attacker));
            assertThat(engine.auth().loginWithPassword(alice.username(), PASSWORD, "203.0.113.9:50000").user().id())
                    .isEqualTo(alice.id());
        }

        @Test
        @DisplayName("bad usernames, display names and passwords are refused with a clear code")
        void badInput() {
            assertCode(ErrorCode.BAD_REQUEST, () -> engine.users().register("a b", "A", PASSWORD));
            assertCode(ErrorCode.BAD_REQUEST, () -> engine.users().register(unique("x"), " ", PASSWORD));
            assertCode(ErrorCode.BAD_REQUEST, () -> engine.users().register(unique("x"), "X", "short"));
            assertCode(ErrorCode.TOO_LARGE, () -> engine.users().register(unique("x"), "X", "p".repeat(5000)));
            assertCode(ErrorCode.TOO_LARGE, () -> engine.auth().loginWithPassword(unique("x"), "p".repeat(5000)));
        }

        @Test
        @DisplayName("the store keeps only a hash of the password and of the token")
        void onlyHashes() {
            User alice = user("alice");
            String hash = engine.store().users().passwordHash(alice.id()).orElseThrow();
            assertThat(hash).startsWith("$argon2id$").doesNotContain(PASSWORD);
            LoginResult login = engine.auth().loginWithPassword(alice.username(), PASSWORD);
            assertThat(engine.store().tokens().find(login.token())).isEmpty();
        }

        @Test
        @DisplayName("a token stops working when it expires, and after logout")
        void tokenExpiryAndLogout() {
            User alice = user("alice");
            LoginResult first = engine.auth().loginWithPassword(alice.username(), PASSWORD);
            clock.advance(engine.limits().tokenTtl().plusSeconds(1));
            assertCode(ErrorCode.UNAUTHORIZED, () -> engine.auth().loginWithToken(first.token()));
            LoginResult second = engine.auth().loginWithPassword(alice.username(), PASSWORD);
            engine.auth().logout(second.token());
            assertCode(ErrorCode.UNAUTHORIZED, () -> engine.auth().loginWithToken(second.token()));
        }

        @Test
        @DisplayName("disabling a user refuses their login and closes every live session at once")
        void disable() {
            User alice = user("alice");
            LoginResult login = engine.auth().loginWithPassword(alice.username(), PASSWORD);
            RecordingSink phone = connect(alice);
            RecordingSink laptop = connect(alice);
            engine.users().setEnabled(alice.id(), false);
            assertThat(phone.closeReason()).isEqualTo("account_disabled");
            assertThat(laptop.closeReason()).isEqualTo("account_disabled");
            assertThat(engine.sessions().isOnline(alice.id())).isFalse();
            assertCode(ErrorCode.UNAUTHORIZED, () -> engine.auth().loginWithPassword(alice.username(), PASSWORD));
            assertCode(ErrorCode.UNAUTHORIZED, () -> engine.auth().loginWithToken(login.token()));
        }

        @Test
        @DisplayName("logging out everywhere revokes every token and closes every session")
        void logoutEverywhere() {
            User alice = user("alice");
            LoginResult login = engine.auth().loginWithPassword(alice.username(), PASSWORD);
            RecordingSink session = connect(alice);
            engine.auth().logoutEverywhere(alice.id());
            assertThat(session.closeReason()).isEqualTo("logged_out");
            assertCode(ErrorCode.UNAUTHORIZED, () -> engine.auth().loginWithToken(login.token()));
        }

        @Test
        @DisplayName("an unknown login scheme is a bad request")
        void unknownScheme() {
            assertCode(ErrorCode.BAD_REQUEST, () -> engine.auth().login(new AuthRequest("kerberos", Map.of(), null)));
        }

        @Test
        @DisplayName("listeners hear about new users")
        void listenerHearsRegistration() {
            List<User> heard = new CopyOnWriteArrayList<>();
            ChatEngine other = newEngine(b -> b.listener(new ChatListener() {
                @Override
                public void onUserRegistered(User user) {
                    heard.add(user);
                }
            }));
            User dave = user(other, "dave");
            await().atMost(Duration.ofSeconds(5)).until(() -> heard.contains(dave));
        }
    }

    @Nested
    @DisplayName("Friends")
    class Friends {

        @Test
        @DisplayName("a request, once accepted, makes both friends, and both hear about it")
        void requestAndAccept() {
            User alice = user("alice");
            User bob = user("bob");
            RecordingSink bobSession = connect(bob);
            RecordingSink aliceSession = connect(alice);
            engine.friends().request(alice.id(), bob.id());
            bobSession.awaitEvent(FriendEvent.class, e -> e.action() == FriendEvent.Action.REQUESTED);
            assertThat(relationOf(bob, alice)).isEqualTo(Relationship.REQUEST_RECEIVED);
            assertThat(relationOf(alice, bob)).isEqualTo(Relationship.REQUEST_SENT);
            engine.friends().accept(bob.id(), alice.id());
            aliceSession.awaitEvent(FriendEvent.class, e -> e.action() == FriendEvent.Action.ACCEPTED);
            assertThat(relationOf(alice, bob)).isEqualTo(Relationship.FRIEND);
            assertThat(relationOf(bob, alice)).isEqualTo(Relationship.FRIEND);
        }

        @Test
        @DisplayName("asking someone who already asked you accepts their request")
        void crossedRequests() {
            User alice = user("alice");
            User bob = user("bob");
            engine.friends().request(alice.id(), bob.id());
            engine.friends().request(bob.id(), alice.id());
            assertThat(relationOf(alice, bob)).isEqualTo(Relationship.FRIEND);
        }

        @Test
        @DisplayName("a declined request still shows as sent to its sender, and can be sent again")
        void decline() {
            User alice = user("alice");
            User bob = user("bob");
            engine.friends().request(alice.id(), bob.id());
            engine.friends().decline(bob.id(), alice.id());
            assertThat(relationOf(alice, bob)).isEqualTo(Relationship.REQUEST_SENT);
            assertThat(relationOf(bob, alice)).isNull();
            engine.friends().request(alice.id(), bob.id());
            assertThat(relationOf(bob, alice)).isEqualTo(Relationship.REQUEST_RECEIVED);
        }

        @Test
        @DisplayName("friends who are already friends get a conflict; accepting nothing is not found")
        void conflicts() {
            User alice = user("alice");
            User bob = user("bob");
            befriend(alice, bob);
            assertCode(ErrorCode.CONFLICT, () -> engine.friends().request(alice.id(), bob.id()));
            User carol = user("carol");
            assertCode(ErrorCode.NOT_FOUND, () -> engine.friends().accept(alice.id(), carol.id()));
            assertCode(ErrorCode.NOT_FOUND, () -> engine.friends().request(alice.id(), UserId.of(Long.MAX_VALUE)));
        }

        @Test
        @DisplayName("removing a friend ends the friendship for both")
        void remove() {
            User alice = user("alice");
            User bob = user("bob");
            befriend(alice, bob);
            engine.friends().remove(bob.id(), alice.id());
            assertThat(relationOf(alice, bob)).isNull();
            assertCode(ErrorCode.NOT_FOUND, () -> engine.friends().remove(bob.id(), alice.id()));
        }

        @Test
        @DisplayName("a block ends the friendship and stops requests and messages both ways until lifted, unseen by the blocked")
        void block() {
            User alice = user("alice");
            User bob = user("bob");
            befriend(alice, bob);
            engine.friends().block(alice.id(), bob.id());
            assertThat(relationOf(alice, bob)).isEqualTo(Relationship.BLOCKED);
            assertThat(relationOf(bob, alice)).isNull();
            // Bob's request looks sent to him, as any request would, but never reaches Alice.
            assertThat(engine.friends().request(bob.id(), alice.id()).state()).isEqualTo(FriendshipState.PENDING);
            assertThat(relationOf(bob, alice)).isEqualTo(Relationship.REQUEST_SENT);
            assertThat(relationOf(alice, bob)).isEqualTo(Relationship.BLOCKED);
            assertThat(engine.friends().request(bob.id(), alice.id()).state()).isEqualTo(FriendshipState.PENDING);
            assertCode(ErrorCode.FORBIDDEN, () -> engine.friends().request(alice.id(), bob.id()));
            assertCode(ErrorCode.FORBIDDEN, () -> engine.messages().sendDirect(bob.id(), alice.id(), text("hi")));
            engine.friends().unblock(alice.id(), bob.id());
            engine.friends().request(bob.id(), alice.id());
            assertThat(relationOf(alice, bob)).isEqualTo(Relationship.REQUEST_RECEIVED);
        }

        @Test
        @DisplayName("the friend list shows whether each friend is online, and when they were last seen")
        void presenceInList() {
            User alice = user("alice");
            User bob = user("bob");
            befriend(alice, bob);
            RecordingSink bobSession = connect(bob);
            assertThat(friendOf(alice, bob).presence()).isEqualTo(Presence.ONLINE);
            ChatSession session = engine.sessions().sessionsOf(bob.id()).iterator().next();
            clock.advance(Duration.ofMinutes(5));
            session.close("bye");
            assertThat(bobSession.closeReason()).isEqualTo("bye");
            Presence after = friendOf(alice, bob).presence();
            assertThat(after.online()).isFalse();
            assertThat(after.lastSeen()).isEqualTo(clock.instant());
        }

        private FriendView friendOf(User owner, User other) {
            return engine.friends().list(owner.id()).stream()
                    .filter(v -> v.user().id().equals(other.id())).findFirst().orElse(null);
        }

        private Relationship relationOf(User owner, User other) {
            FriendView view = friendOf(owner, other);
            return view == null ? null : view.relationship();
        }
    }

    @Nested
    @DisplayName("Direct messages")
    class DirectMessages {

        @Test
        @DisplayName("the first message between friends creates their conversation; later ones reuse it")
        void firstMessageCreatesConversation() {
            User alice = user("alice");
            User bob = user("bob");
            befriend(alice, bob);
            assertThat(engine.conversations().directWith(alice.id(), bob.id())).isEmpty();
            SendResult first = engine.messages().sendDirect(alice.id(), bob.id(), text("hi Bob"));
            SendResult second = engine.messages().sendDirect(bob.id(), alice.id(), text("hi Alice"));
            assertThat(second.message().conversationId()).isEqualTo(first.message().conversationId());
            assertThat(first.message().seq()).isEqualTo(1);
            assertThat(second.message().seq()).isEqualTo(2);
            Conversation direct = engine.conversations().directWith(bob.id(), alice.id()).orElseThrow();
            assertThat(direct.type()).isEqualTo(ConversationType.DIRECT);
            assertThat(engine.conversations().members(alice.id(), direct.id())).hasSize(2);
        }

        @Test
        @DisplayName("strangers may not message each other unless the policy is ANYONE")
        void policy() {
            User alice = user("alice");
            User bob = user("bob");
            assertCode(ErrorCode.FORBIDDEN, () -> engine.messages().sendDirect(alice.id(), bob.id(), text("hi")));
            ChatEngine open = newEngine(b -> b.directMessagePolicy(DirectMessagePolicy.ANYONE));
            User carol = user(open, "carol");
            User dave = user(open, "dave");
            assertThat(open.messages().sendDirect(carol.id(), dave.id(), text("hi")).message().seq()).isEqualTo(1);
        }

        @Test
        @DisplayName("a message reaches every session of the recipient and the sender's other sessions, not the sending one")
        void fanOut() {
            User alice = user("alice");
            User bob = user("bob");
            befriend(alice, bob);
            RecordingSink alicePhone = new RecordingSink();
            ChatSession sending = engine.sessions().open(alice.id(), alicePhone);
            RecordingSink aliceLaptop = connect(alice);
            RecordingSink bobPhone = connect(bob);
            RecordingSink bobLaptop = connect(bob);
            SendResult ack = engine.messages()
                    .sendDirectAsync(sending, bob.id(), text("hello")).join();
            for (RecordingSink sink : List.of(aliceLaptop, bobPhone, bobLaptop)) {
                MessageEvent event = sink.awaitEvent(MessageEvent.class, e -> true);
                assertThat(event.message()).isEqualTo(ack.message());
            }
            assertThat(alicePhone.events(MessageEvent.class)).isEmpty();
        }

        @Test
        @DisplayName("members who are offline are asked about by push, with a preview and their unread count")
        void pushToOffline() {
            User alice = user("alice");
            User bob = user("bob");
            befriend(alice, bob);
            engine.devices().register(bob.id(), DeviceId.of("bob-phone"), "test", "token-bob");
            engine.devices().register(alice.id(), DeviceId.of("alice-phone"), "test", "token-alice");
            connect(alice);
            engine.messages().sendDirect(alice.id(), bob.id(), text("are you there?"));
            await().atMost(Duration.ofSeconds(5)).until(() -> push.sent().size() == 1);
            PushNotification notification = push.sent().get(0);
            assertThat(notification.device().pushToken()).isEqualTo("token-bob");
            assertThat(notification.title()).isEqualTo("Alice");
            assertThat(notification.body()).isEqualTo("are you there?");
            assertThat(notification.badge()).isEqualTo(1);
            assertThat(notification.collapseKey()).isEqualTo("c" + notification.conversationId().value());
            assertThat(notification.urgent()).isFalse();
        }

        @Test
        @DisplayName("a device whose token the push service rejects is forgotten")
        void invalidTokenRemoved() {
            User alice = user("alice");
            User bob = user("bob");
            befriend(alice, bob);
            engine.devices().register(bob.id(), DeviceId.of("old-phone"), "test", "stale");
            push.invalidate("stale");
            engine.messages().sendDirect(alice.id(), bob.id(), text("ping"));
            await().atMost(Duration.ofSeconds(5)).until(() -> engine.devices().list(bob.id()).isEmpty());
            // The device goes first, then the counter counts it.
            await().atMost(Duration.ofSeconds(5)).until(() -> engine.pushStats().tokensRemoved(push.id()) == 1);
        }

        @Test
        @DisplayName("a muted conversation or sender gets no push; the others still do")
        void mutedSkipped() {
            User alice = user("alice");
            User bob = user("bob");
            User carol = user("carol");
            befriend(alice, bob);
            befriend(carol, bob);
            engine.devices().register(bob.id(), DeviceId.of("bob-phone"), "test", "token-bob");
            ConversationId withAlice = engine.messages().sendDirect(alice.id(), bob.id(), text("one")).message().conversationId();
            await().atMost(Duration.ofSeconds(5)).until(() -> push.sent().size() == 1);

            engine.devices().setPreferences(bob.id(), new PushPreferences(PushPreferences.Preview.DEFAULT,
                    Set.of(withAlice), Set.of()));
            engine.messages().sendDirect(alice.id(), bob.id(), text("muted conversation"));
            engine.devices().setPreferences(bob.id(), new PushPreferences(PushPreferences.Preview.DEFAULT,
                    Set.of(), Set.of(alice.id())));
            engine.messages().sendDirect(alice.id(), bob.id(), text("muted sender"));
            engine.messages().sendDirect(carol.id(), bob.id(), text("from carol"));

            await().atMost(Duration.ofSeconds(5)).until(() -> push.sent().size() == 2);
            assertThat(push.sent()).extracting(PushNotification::body).containsExactly("one", "from carol");
            await().atMost(Duration.ofSeconds(5)).until(() -> engine.pushStats().sent(push.id()) == 2);
        }

        @Test
        @DisplayName("with previews hidden, by the user or the server, the body is the generic text")
        void previewsHidden() {
            ChatEngine hidden = newEngine(b -> b.push(PushSettings.defaults().withPreviews(false).withGenericText("Neue Nachricht")));
            RecordingPushProvider hiddenPush = push;
            User alice = user(hidden, "alice");
            User bob = user(hidden, "bob");
            befriend(hidden, alice, bob);
            hidden.devices().register(bob.id(), DeviceId.of("bob-phone"), "test", "token-bob");
            hidden.messages().sendDirect(alice.id(), bob.id(), text("secret plans"));
            await().atMost(Duration.ofSeconds(5)).until(() -> hiddenPush.sent().size() == 1);
            assertThat(hiddenPush.sent().get(0).body()).isEqualTo("Neue Nachricht");
            assertThat(hiddenPush.sent().get(0).title()).isEqualTo("Alice");

            hidden.devices().setPreferences(bob.id(), new PushPreferences(PushPreferences.Preview.SHOW, Set.of(), Set.of()));
            hidden.messages().sendDirect(alice.id(), bob.id(), text("shown to bob"));
            await().atMost(Duration.ofSeconds(5)).until(() -> hiddenPush.sent().size() == 2);
            assertThat(hiddenPush.sent().get(1).body()).isEqualTo("shown to bob");
        }

        @Test
        @DisplayName("the badge counts unread messages over all conversations; notices and mentions are urgent")
        void badgeAndUrgency() {
            User alice = user("alice");
            User bob = user("bob");
            User carol = user("carol");
            befriend(alice, bob);
            befriend(carol, bob);
            befriend(alice, carol);
            engine.devices().register(bob.id(), DeviceId.of("bob-phone"), "test", "token-bob");
            // One at a time: the badge is counted when the push goes out, from what is stored by then.
            engine.messages().sendDirect(alice.id(), bob.id(), text("one"));
            await().atMost(Duration.ofSeconds(5)).until(() -> push.sent().size() == 1);
            engine.messages().sendDirect(carol.id(), bob.id(), text("two"));
            await().atMost(Duration.ofSeconds(5)).until(() -> push.sent().size() == 2);
            Conversation group = engine.conversations().createGroup(alice.id(), "Trip", List.of(bob.id(), carol.id()));
            engine.messages().send(alice.id(), group.id(), text("hey @" + bob.username() + ", are you in?"));
            await().atMost(Duration.ofSeconds(5)).until(() -> push.sent().size() == 3);
            engine.notices().sendAsSystem(bob.id(), "maintenance tonight");
            await().atMost(Duration.ofSeconds(5)).until(() -> push.sent().size() == 4);
            List<PushNotification> sent = push.sent();
            assertThat(sent).extracting(PushNotification::badge).containsExactly(1L, 2L, 3L, 4L);
            assertThat(sent).extracting(PushNotification::urgent).containsExactly(false, false, true, true);
            assertThat(sent.get(2).title()).isEqualTo("Trip");
            assertThat(sent.get(2).body()).startsWith("Alice: hey @");
        }

        @Test
        @DisplayName("a service that says retry later is tried again with backoff until it takes the push")
        void retriedWithBackoff() {
            ChatEngine retrying = newEngine(b -> b.push(PushSettings.defaults()
                    .withRetries(10, Duration.ofMillis(20), Duration.ofMillis(100))));
            RecordingPushProvider flaky = push;
            flaky.down(true);
            User alice = user(retrying, "alice");
            User bob = user(retrying, "bob");
            befriend(retrying, alice, bob);
            retrying.devices().register(bob.id(), DeviceId.of("bob-phone"), "test", "token-bob");
            retrying.messages().sendDirect(alice.id(), bob.id(), text("eventually"));
            await().atMost(Duration.ofSeconds(5)).until(() -> flaky.sent().size() >= 3);
            assertThat(retrying.pushStats().sent(flaky.id())).isZero();
            flaky.down(false);
            await().atMost(Duration.ofSeconds(5)).until(() -> retrying.pushStats().sent(flaky.id()) == 1);
            assertThat(retrying.pushStats().retries(flaky.id())).isEqualTo(flaky.sent().size() - 1);
            assertThat(retrying.pushStats().failed(flaky.id())).isZero();
            assertThat(flaky.sent()).extracting(PushNotification::body).containsOnly("eventually");
        }

        @Test
        @DisplayName("a discovered push provider serves only a platform that nothing chosen serves")
        void discoveredProvidersComeLast() {
            RecordingPushProvider second = new RecordingPushProvider("test");
            RecordingPushProvider other = new RecordingPushProvider("other");
            ChatEngine built = newEngine(b -> b.discoveredPushProvider(second).discoveredPushProvider(other));
            assertThat(built.pushProviders()).containsExactly(push, other);
            assertThat(built.pushStats().providers()).containsExactly("recording-other", "recording-test");
        }

        @Test
        @DisplayName("after the last attempt a push counts as failed")
        void givesUp() {
            ChatEngine retrying = newEngine(b -> b.push(PushSettings.defaults()
                    .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(10))));
            RecordingPushProvider dead = push;
            dead.down(true);
            User alice = user(retrying, "alice");
            User bob = user(retrying, "bob");
            befriend(retrying, alice, bob);
            retrying.devices().register(bob.id(), DeviceId.of("bob-phone"), "test", "token-bob");
            retrying.messages().sendDirect(alice.id(), bob.id(), text("lost"));
            await().atMost(Duration.ofSeconds(5)).until(() -> retrying.pushStats().failed(dead.id()) == 1);
            assertThat(dead.sent()).hasSize(3);
            assertThat(retrying.pushStats().counts(dead.id())).isEqualTo(new PushStats.Counts(0, 1, 0, 2));
        }
    }

    @Nested
    @DisplayName("Groups")
    class Groups {

        @Test
        @DisplayName("a group's creator owns it; its members hear every message")
        void createAndChat() {
            User owner = user("olivia");
            User member = user("mia");
            User other = user("max");
            befriend(owner, member);
            befriend(owner, other);
            Conversation group = engine.conversations().createGroup(owner.id(), "Climbing 🧗", List.of(member.id(), other.id()));
            RecordingSink miaSession = connect(member);
            assertThat(engine.conversations().members(owner.id(), group.id()))
                    .extracting(m -> m.role()).containsExactly(MemberRole.OWNER, MemberRole.MEMBER, MemberRole.MEMBER);
            engine.messages().send(other.id(), group.id(), text("who's in on Saturday?"));
            assertThat(miaSession.awaitEvent(MessageEvent.class, e -> true).message().text())
                    .isEqualTo("who's in on Saturday?");
        }

        @Test
        @DisplayName("members cannot invite, kick, rename or change roles; owners and admins can")
        void roles() {
            User owner = user("olivia");
            User member = user("mia");
            User newcomer = user("nina");
            befriend(owner, member);
            befriend(member, newcomer);
            Conversation group = engine.conversations().createGroup(owner.id(), "Team", List.of(member.id()));
            assertCode(ErrorCode.FORBIDDEN, () -> engine.conversations().invite(member.id(), group.id(), newcomer.id()));
            assertCode(ErrorCode.FORBIDDEN, () -> engine.conversations().rename(member.id(), group.id(), "Mine"));
            assertCode(ErrorCode.FORBIDDEN, () -> engine.conversations().kick(member.id(), group.id(), owner.id()));
            assertCode(ErrorCode.FORBIDDEN,
                    () -> engine.conversations().setRole(member.id(), group.id(), newcomer.id(), MemberRole.ADMIN));
            engine.conversations().setRole(owner.id(), group.id(), member.id(), MemberRole.ADMIN);
            engine.conversations().invite(member.id(), group.id(), newcomer.id());
            assertThat(engine.conversations().rename(member.id(), group.id(), "Our team").name()).isEqualTo("Our team");
            assertCode(ErrorCode.FORBIDDEN, () -> engine.conversations().kick(member.id(), group.id(), owner.id()));
            assertCode(ErrorCode.CONFLICT, () -> engine.conversations().invite(owner.id(), group.id(), newcomer.id()));
        }

        @Test
        @DisplayName("a kicked member stops receiving at once and can neither send nor read")
        void kick() {
            User owner = user("olivia");
            User member = user("mia");
            befriend(owner, member);
            Conversation group = engine.conversations().createGroup(owner.id(), "Team", List.of(member.id()));
            RecordingSink miaSession = connect(member);
            engine.conversations().kick(owner.id(), group.id(), member.id());
            miaSession.awaitEvent(MemberEvent.class, e -> e.action() == MemberEvent.Action.KICKED);
            engine.messages().send(owner.id(), group.id(), text("after the kick"));
            assertCode(ErrorCode.NOT_FOUND, () -> engine.messages().send(member.id(), group.id(), text("let me in")));
            assertCode(ErrorCode.NOT_FOUND, () -> engine.messages().history(member.id(), group.id(), Long.MAX_VALUE, 10));
            assertThat(miaSession.events(MessageEvent.class)).isEmpty();
        }

        @Test
        @DisplayName("a muted member may read but not send, until unmuted")
        void mute() {
            User owner = user("olivia");
            User member = user("mia");
            befriend(owner, member);
            Conversation group = engine.conversations().createGroup(owner.id(), "Team", List.of(member.id()));
            engine.conversations().mute(owner.id(), group.id(), member.id(), true);
            assertCode(ErrorCode.FORBIDDEN, () -> engine.messages().send(member.id(), group.id(), text("hello?")));
            engine.conversations().mute(owner.id(), group.id(), member.id(), false);
            assertThat(engine.messages().send(member.id(), group.id(), text("hello!")).message().seq()).isEqualTo(1);
        }

        @Test
        @DisplayName("when the owner leaves, the longest-standing admin becomes owner")
        void ownerLeaves() {
            User owner = user("olivia");
            User member = user("mia");
            User admin = user("ada");
            befriend(owner, member);
            befriend(owner, admin);
            Conversation group = engine.conversations().createGroup(owner.id(), "Team", List.of(member.id(), admin.id()));
            engine.conversations().setRole(owner.id(), group.id(), admin.id(), MemberRole.ADMIN);
            engine.conversations().leave(owner.id(), group.id());
            assertThat(engine.conversations().members(admin.id(), group.id()))
                    .filteredOn(m -> m.userId().equals(admin.id())).singleElement()
                    .extracting(m -> m.role()).isEqualTo(MemberRole.OWNER);
        }

        @Test
        @DisplayName("a group cannot grow past the maximum size, pending invitations included")
        void maxSize() {
            ChatEngine small = newEngine(b -> b.limits(ChatLimits.defaults().withMaxGroupSize(3)));
            User owner = user(small, "olivia");
            User a = user(small, "anna");
            User b = user(small, "ben");
            User c = user(small, "cleo");
            befriend(small, owner, a);
            // Anna joins, Ben is only invited; his invitation holds the last place.
            Conversation group = small.conversations().createGroup(owner.id(), "Small", List.of(a.id(), b.id()));
            assertThat(small.conversations().members(owner.id(), group.id())).hasSize(2);
            assertCode(ErrorCode.TOO_LARGE, () -> small.conversations().invite(owner.id(), group.id(), c.id()));
            small.conversations().decline(b.id(), group.id());
            assertThat(small.conversations().invite(owner.id(), group.id(), c.id()).joined()).isFalse();
            assertCode(ErrorCode.TOO_LARGE,
                    () -> small.conversations().createGroup(owner.id(), "Big", List.of(a.id(), b.id(), c.id())));
        }

        @Test
        @DisplayName("someone else's conversation looks exactly like one that does not exist")
        void notFoundLooksTheSame() {
            User owner = user("olivia");
            User stranger = user("sam");
            Conversation group = engine.conversations().createGroup(owner.id(), "Private", List.of());
            Throwable forbidden = org.assertj.core.api.Assertions.catchThrowable(
                    () -> engine.messages().send(stranger.id(), group.id(), text("hi")));
            Throwable missing = org.assertj.core.api.Assertions.catchThrowable(
                    () -> engine.messages().send(stranger.id(), ConversationId.of(Long.MAX_VALUE), text("hi")));
            assertThat(forbidden).isInstanceOf(ChatException.class).hasMessage(missing.getMessage());
            assertThat(((ChatException) forbidden).errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
        }
    }

    @Nested
    @DisplayName("Group invitations")
    class Invitations {

        @Test
        @DisplayName("a non-friend put into a new group is only invited: they hear of it, see nothing of the group, and join on accepting")
        void nonFriendIsInvitedThenAccepts() {
            User owner = user("olivia");
            User stranger = user("sam");
            RecordingSink ownerSession = connect(owner);
            RecordingSink samSession = connect(stranger);
            Conversation group = engine.conversations().createGroup(owner.id(), "Crag 🧗", List.of(stranger.id()));

            InvitationEvent invited = samSession.awaitEvent(InvitationEvent.class,
                    e -> e.action() == InvitationEvent.Action.INVITED);
            assertThat(invited.invitation().conversationId()).isEqualTo(group.id());
            assertThat(invited.groupName()).isEqualTo("Crag 🧗");
            assertThat(invited.inviter().id()).isEqualTo(owner.id());
            assertThat(engine.conversations().members(owner.id(), group.id())).extracting(m -> m.userId())
                    .containsExactly(owner.id());
            assertThat(engine.conversations().invitations(stranger.id())).singleElement()
                    .satisfies(v -> assertThat(v.group().id()).isEqualTo(group.id()));
            engine.messages().send(owner.id(), group.id(), text("before you joined"));
            assertCode(ErrorCode.NOT_FOUND, () -> engine.messages().send(stranger.id(), group.id(), text("hi?")));
            assertCode(ErrorCode.NOT_FOUND, () -> engine.messages().history(stranger.id(), group.id(), Long.MAX_VALUE, 10));
            assertCode(ErrorCode.NOT_FOUND, () -> engine.conversations().members(stranger.id(), group.id()));
            assertThat(engine.conversations().list(stranger.id())).isEmpty();
            assertThat(samSession.events(MessageEvent.class)).isEmpty();

            engine.conversations().accept(stranger.id(), group.id());

            MemberEvent joined = ownerSession.awaitEvent(MemberEvent.class, e -> e.action() == MemberEvent.Action.JOINED);
            assertThat(joined.member()).isEqualTo(stranger.id());
            assertThat(joined.actor()).isEqualTo(owner.id());
            samSession.awaitEvent(MemberEvent.class, e -> e.member().equals(stranger.id()));
            assertThat(engine.conversations().invitations(stranger.id())).isEmpty();
            assertThat(engine.messages().history(stranger.id(), group.id(), Long.MAX_VALUE, 10))
                    .extracting(Message::text).containsExactly("before you joined");
            assertThat(engine.messages().send(stranger.id(), group.id(), text("thanks!")).message().seq()).isEqualTo(2);
            assertCode(ErrorCode.NOT_FOUND, () -> engine.conversations().accept(stranger.id(), group.id()));
        }

        @Test
        @DisplayName("a friend joins at once, a non-friend invited to an existing group waits, and an offline invitee finds the invitation")
        void friendJoinsStrangerWaits() {
            User owner = user("olivia");
            User friend = user("fay");
            User stranger = user("sam");
            befriend(owner, friend);
            Conversation group = engine.conversations().createGroup(owner.id(), "Team", List.of());

            InviteOutcome fay = engine.conversations().invite(owner.id(), group.id(), friend.id());
            InviteOutcome sam = engine.conversations().invite(owner.id(), group.id(), stranger.id());

            assertThat(fay.joined()).isTrue();
            assertThat(sam.joined()).isFalse();
            assertThat(sam.invitation().inviter()).isEqualTo(owner.id());
            assertThat(engine.conversations().members(friend.id(), group.id())).hasSize(2);
            assertCode(ErrorCode.CONFLICT, () -> engine.conversations().invite(owner.id(), group.id(), stranger.id()));
            assertCode(ErrorCode.CONFLICT, () -> engine.conversations().invite(owner.id(), group.id(), friend.id()));
            // Sam was offline throughout: the store kept the invitation for him.
            assertThat(engine.conversations().invitations(stranger.id())).singleElement().satisfies(v -> {
                assertThat(v.group().name()).isEqualTo("Team");
                assertThat(v.inviter().username()).isEqualTo(owner.username());
            });
            assertThat(engine.conversations().groupInvitations(owner.id(), group.id()))
                    .extracting(v -> v.invitation().invitee()).containsExactly(stranger.id());
            assertCode(ErrorCode.FORBIDDEN, () -> engine.conversations().groupInvitations(friend.id(), group.id()));
        }

        @Test
        @DisplayName("once the two are friends, inviting again lets a pending invitee join at once")
        void friendshipTurnsInvitationIntoJoin() {
            User owner = user("olivia");
            User stranger = user("sam");
            Conversation group = engine.conversations().createGroup(owner.id(), "Team", List.of(stranger.id()));
            befriend(owner, stranger);

            assertThat(engine.conversations().invite(owner.id(), group.id(), stranger.id()).joined()).isTrue();

            assertThat(engine.conversations().invitations(stranger.id())).isEmpty();
            assertThat(engine.conversations().groupInvitations(owner.id(), group.id())).isEmpty();
        }

        @Test
        @DisplayName("declining removes the invitation; only the invitee's sessions hear of it, and they may be invited again")
        void decline() {
            User owner = user("olivia");
            User stranger = user("sam");
            RecordingSink ownerSession = connect(owner);
            RecordingSink samSession = connect(stranger);
            Conversation group = engine.conversations().createGroup(owner.id(), "Team", List.of(stranger.id()));

            engine.conversations().decline(stranger.id(), group.id());

            samSession.awaitEvent(InvitationEvent.class, e -> e.action() == InvitationEvent.Action.DECLINED);
            assertThat(engine.conversations().invitations(stranger.id())).isEmpty();
            assertThat(engine.conversations().groupInvitations(owner.id(), group.id())).isEmpty();
            assertCode(ErrorCode.NOT_FOUND, () -> engine.conversations().accept(stranger.id(), group.id()));
            assertCode(ErrorCode.NOT_FOUND, () -> engine.conversations().decline(stranger.id(), group.id()));
            // A rename reaches the owner after anything published before it.
            engine.conversations().rename(owner.id(), group.id(), "Team 2");
            ownerSession.awaitEvent(ConversationEvent.class, e -> e.change() == ConversationEvent.Change.RENAMED);
            assertThat(ownerSession.events(InvitationEvent.class)).extracting(InvitationEvent::action)
                    .containsExactly(InvitationEvent.Action.INVITED);
            assertThat(engine.conversations().invite(owner.id(), group.id(), stranger.id()).joined()).isFalse();
        }

        @Test
        @DisplayName("the inviter or an owner or admin may withdraw an invitation, a plain member may not")
        void uninvite() {
            User owner = user("olivia");
            User admin = user("ada");
            User member = user("mia");
            User stranger = user("sam");
            befriend(owner, admin);
            befriend(owner, member);
            Conversation group = engine.conversations().createGroup(owner.id(), "Team", List.of(admin.id(), member.id()));
            engine.conversations().setRole(owner.id(), group.id(), admin.id(), MemberRole.ADMIN);
            RecordingSink samSession = connect(stranger);
            engine.conversations().invite(owner.id(), group.id(), stranger.id());

            assertCode(ErrorCode.FORBIDDEN, () -> engine.conversations().uninvite(member.id(), group.id(), stranger.id()));
            engine.conversations().uninvite(admin.id(), group.id(), stranger.id());

            InvitationEvent withdrawn = samSession.awaitEvent(InvitationEvent.class,
                    e -> e.action() == InvitationEvent.Action.WITHDRAWN);
            assertThat(withdrawn.actor()).isEqualTo(admin.id());
            assertThat(engine.conversations().invitations(stranger.id())).isEmpty();
            assertCode(ErrorCode.NOT_FOUND, () -> engine.conversations().accept(stranger.id(), group.id()));
            assertCode(ErrorCode.NOT_FOUND, () -> engine.conversations().uninvite(owner.id(), group.id(), stranger.id()));
        }

        @Test
        @DisplayName("a user who blocks the inviter never sees the invitation and cannot accept it; the inviter cannot tell")
        void blockHidesTheInvitation() {
            User owner = user("olivia");
            User blocker = user("bea");
            User stranger = user("sam");
            engine.friends().block(blocker.id(), owner.id());
            RecordingSink beaSession = connect(blocker);
            RecordingSink samSession = connect(stranger);

            Conversation group = engine.conversations().createGroup(owner.id(), "Team", List.of(blocker.id(), stranger.id()));

            samSession.awaitEvent(InvitationEvent.class, e -> e.action() == InvitationEvent.Action.INVITED);
            assertThat(engine.conversations().groupInvitations(owner.id(), group.id()))
                    .extracting(v -> v.invitation().invitee()).containsExactlyInAnyOrder(blocker.id(), stranger.id());
            assertThat(engine.conversations().invitations(blocker.id())).isEmpty();
            Throwable hidden = org.assertj.core.api.Assertions.catchThrowable(
                    () -> engine.conversations().accept(blocker.id(), group.id()));
            Throwable none = org.assertj.core.api.Assertions.catchThrowable(
                    () -> engine.conversations().accept(blocker.id(), ConversationId.of(Long.MAX_VALUE)));
            assertThat(hidden).isInstanceOf(ChatException.class).hasMessage(none.getMessage());
            assertThat(((ChatException) hidden).errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
            assertCode(ErrorCode.CONFLICT, () -> engine.conversations().invite(owner.id(), group.id(), blocker.id()));
            // Bea's own rename of a group of hers reaches her after anything published before it.
            Conversation own = engine.conversations().createGroup(blocker.id(), "Mine", List.of());
            engine.conversations().rename(blocker.id(), own.id(), "Still mine");
            beaSession.awaitEvent(ConversationEvent.class, e -> e.change() == ConversationEvent.Change.RENAMED);
            assertThat(beaSession.events(InvitationEvent.class)).isEmpty();
            assertThat(engine.conversations().members(owner.id(), group.id())).hasSize(1);
        }

        @Test
        @DisplayName("a user who blocks someone can add them neither to a new group nor to an existing one")
        void blockerCannotAdd() {
            User owner = user("olivia");
            User blocked = user("bo");
            befriend(owner, blocked);
            engine.friends().block(owner.id(), blocked.id());
            Conversation group = engine.conversations().createGroup(owner.id(), "Team", List.of());
            assertCode(ErrorCode.FORBIDDEN, () -> engine.conversations().invite(owner.id(), group.id(), blocked.id()));
            assertCode(ErrorCode.FORBIDDEN,
                    () -> engine.conversations().createGroup(owner.id(), "Other", List.of(blocked.id())));
            assertThat(engine.conversations().list(owner.id())).hasSize(1);
            assertCode(ErrorCode.FORBIDDEN, () -> engine.conversations().addMember(owner.id(), group.id(), blocked.id()));
        }

        @Test
        @DisplayName("FRIENDS_ONLY refuses non-friends, whether or not they block the inviter; ANYONE_JOINS adds them at once")
        void otherPolicies() {
            ChatEngine strict = newEngine(b -> b.groupInvitePolicy(GroupInvitePolicy.FRIENDS_ONLY));
            User owner = user(strict, "olivia");
            User friend = user(strict, "fay");
            User stranger = user(strict, "sam");
            User blocker = user(strict, "bea");
            befriend(strict, owner, friend);
            strict.friends().block(blocker.id(), owner.id());
            Conversation group = strict.conversations().createGroup(owner.id(), "Team", List.of(friend.id()));
            assertThat(strict.conversations().members(owner.id(), group.id())).hasSize(2);
            Throwable toStranger = org.assertj.core.api.Assertions.catchThrowable(
                    () -> strict.conversations().invite(owner.id(), group.id(), stranger.id()));
            Throwable toBlocker = org.assertj.core.api.Assertions.catchThrowable(
                    () -> strict.conversations().invite(owner.id(), group.id(), blocker.id()));
            assertThat(toStranger).isInstanceOfSatisfying(ChatException.class,
                    e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FORBIDDEN));
            assertThat(toBlocker).isInstanceOf(ChatException.class).hasMessage(toStranger.getMessage());
            assertCode(ErrorCode.FORBIDDEN,
                    () -> strict.conversations().createGroup(owner.id(), "Other", List.of(stranger.id())));

            ChatEngine open = newEngine(b -> b.groupInvitePolicy(GroupInvitePolicy.ANYONE_JOINS));
            User host = user(open, "hal");
            User guest = user(open, "gus");
            Conversation party = open.conversations().createGroup(host.id(), "Party", List.of(guest.id()));
            assertThat(open.conversations().members(guest.id(), party.id())).hasSize(2);
            assertThat(open.conversations().invitations(guest.id())).isEmpty();
        }

        @Test
        @DisplayName("an admin's add ignores the policy: a non-friend joins at once, and a pending invitation is used up")
        void adminAddsJoinAtOnce() {
            User owner = user("olivia");
            User stranger = user("sam");
            User other = user("oscar");
            Conversation group = engine.conversations().createGroupAsAdmin(owner.id(), "Staff", List.of(stranger.id()));
            assertThat(engine.conversations().members(stranger.id(), group.id())).hasSize(2);
            engine.conversations().invite(owner.id(), group.id(), other.id());

            engine.conversations().addMember(owner.id(), group.id(), other.id());

            assertThat(engine.conversations().members(other.id(), group.id())).hasSize(3);
            assertThat(engine.conversations().invitations(other.id())).isEmpty();
            assertThat(engine.conversations().groupInvitations(owner.id(), group.id())).isEmpty();
        }
    }

    @Nested
    @DisplayName("Delivery invariants")
    class Invariants {

        @Test
        @DisplayName("8 threads sending 10,000 messages into one conversation get seq 1..10000, each exactly once")
        void gaplessUnderConcurrentSenders() throws Exception {
            User owner = user("olivia");
            List<User> senders = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                senders.add(user("sender" + i));
            }
            senders.add(owner);
            Conversation group = engine.conversations().createGroupAsAdmin(owner.id(), "Load",
                    senders.stream().map(User::id).toList());
            ExecutorService threads = Executors.newFixedThreadPool(8);
            List<Future<List<Long>>> results = new ArrayList<>();
            for (User sender : senders) {
                results.add(threads.submit(() -> {
                    List<Long> seqs = new ArrayList<>();
                    for (int i = 0; i < 1250; i++) {
                        seqs.add(engine.messages().send(sender.id(), group.id(), text("m" + i)).message().seq());
                    }
                    return seqs;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> result : results) {
                all.addAll(result.get(120, TimeUnit.SECONDS));
            }
            threads.shutdown();
            assertThat(all).hasSize(10_000).doesNotHaveDuplicates();
            assertThat(all.stream().mapToLong(Long::longValue).min().orElseThrow()).isEqualTo(1);
            assertThat(all.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(10_000);
            assertThat(engine.store().messages().lastSeq(group.id())).isEqualTo(10_000);
        }

        @Test
        @DisplayName("a retried send with the same clientMsgId returns the same seq and stores nothing new")
        void idempotentRetry() {
            User alice = user("alice");
            User bob = user("bob");
            befriend(alice, bob);
            RecordingSink bobSession = connect(bob);
            MessageDraft draft = text("only once").withClientMsgId("c-1");
            SendResult first = engine.messages().sendDirect(alice.id(), bob.id(), draft);
            SendResult retry = engine.messages().sendDirect(alice.id(), bob.id(), draft);
            assertThat(first.duplicate()).isFalse();
            assertThat(retry.duplicate()).isTrue();
            assertThat(retry.message().seq()).isEqualTo(first.message().seq());
            assertThat(retry.message().id()).isEqualTo(first.message().id());
            assertThat(engine.store().messages().lastSeq(first.message().conversationId())).isEqualTo(1);
            bobSession.awaitEvents(MessageEvent.class, 1);
            engine.messages().sendDirect(alice.id(), bob.id(), text("next"));
            assertThat(bobSession.awaitEvents(MessageEvent.class, 2)).extracting(e -> e.message().text())
                    .containsExactly("only once", "next");
        }

        @Test
        @DisplayName("concurrent retries of one clientMsgId store the message once")
        void concurrentRetries() throws Exception {
            User alice = user("alice");
            User bob = user("bob");
            befriend(alice, bob);
            engine.messages().sendDirect(alice.id(), bob.id(), text("first"));
            Conversation direct = engine.conversations().directWith(alice.id(), bob.id()).orElseThrow();
            MessageDraft draft = text("retried").withClientMsgId("same");
            List<CompletableFuture<SendResult>> acks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                acks.add(engine.messages().sendAsync(alice.id(), direct.id(), draft));
            }
            Set<Long> seqs = new java.util.HashSet<>();
            for (CompletableFuture<SendResult> ack : acks) {
                seqs.add(ack.get(10, TimeUnit.SECONDS).message().seq());
            }
            assertThat(seqs).containsExactly(2L);
            assertThat(engine.store().messages().lastSeq(direct.id())).isEqualTo(2);
        }

        @Test
        @DisplayName("the ack waits for the store's commit")
        void ackAfterCommit() throws Exception {
            GatedChatStore gated = new GatedChatStore(createStore());
            ChatEngine slow = newEngine(gated, b -> b.directMessagePolicy(DirectMessagePolicy.ANYONE));
            User alice = user(slow, "alice");
            User bob = user(slow, "bob");
            gated.shut();
            CompletableFuture<SendResult> ack = slow.messages().sendDirectAsync(alice.id(), bob.id(), text("wait"));
            assertThat(gated.awaitAppendWaiting(5)).isTrue();
            assertThat(ack).isNotDone();
            gated.open();
            SendResult result = ack.get(5, TimeUnit.SECONDS);
            assertThat(slow.store().messages().find(result.message().id())).contains(result.message());
        }

        @Test
        @DisplayName("one message the store refuses in a batch fails alone, and the rest of the batch commits")
        void badMessageFailsAlone() throws Exception {
            GatedChatStore gated = new GatedChatStore(createStore());
            FailingChatStore failing = new FailingChatStore(gated, m -> "refused".equals(m.text()));
            ChatEngine batching = newEngine(failing, b -> b.directMessagePolicy(DirectMessagePolicy.ANYONE));
            User alice = user(batching, "alice");
            User bob = user(batching, "bob");
            ConversationId direct = batching.messages().sendDirect(alice.id(), bob.id(), text("first"))
                    .message().conversationId();
            // The shut gate holds the writer at the first of the three, so the other two queue behind it
            // and reach the store together once the gate opens, in a batch that holds the refused one.
            gated.shut();
            CompletableFuture<SendResult> before = batching.messages().sendAsync(alice.id(), direct, text("before"));
            CompletableFuture<SendResult> refused = batching.messages().sendAsync(alice.id(), direct, text("refused"));
            CompletableFuture<SendResult> after = batching.messages().sendAsync(alice.id(), direct, text("after"));
            gated.open();

            assertThat(before.get(5, TimeUnit.SECONDS).message().text()).isEqualTo("before");
            assertThat(after.get(5, TimeUnit.SECONDS).message().text()).isEqualTo("after");
            assertThatThrownBy(() -> refused.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(StoreException.class);
            assertThat(failing.failedBatches()).isEqualTo(1);
            assertThat(batching.messages().history(alice.id(), direct, Long.MAX_VALUE, 10).stream().map(Message::text))
                    .containsExactly("first", "before", "after");
        }

        @Test
        @DisplayName("closing the engine writes the messages already queued")
        void closeDrains() throws Exception {
            ChatEngine other = newEngine(b -> b.directMessagePolicy(DirectMessagePolicy.ANYONE));
            User alice = user(other, "alice");
            User bob = user(other, "bob");
            ConversationId direct = other.messages().sendDirect(alice.id(), bob.id(), text("first"))
                    .message().conversationId();
            List<CompletableFuture<SendResult>> acks = new ArrayList<>();
            for (int i = 0; i < 499; i++) {
                acks.add(other.messages().sendAsync(alice.id(), direct, text("m" + i)));
            }
            ChatStore store = other.store();
            other.close();
            for (CompletableFuture<SendResult> ack : acks) {
                assertThat(ack).isCompleted();
                assertThat(ack.get().message().seq()).isPositive();
            }
            ChatStore reopened = reopen(store);
            try {
                assertThat(reopened.messages().lastSeq(direct)).isEqualTo(500);
            } finally {
                if (reopened != store) {
                    reopened.close();
                }
            }
            assertCode(ErrorCode.UNAVAILABLE, () -> other.messages());
        }

        @Test
        @DisplayName("a session that cannot keep up is closed as a slow consumer; the others go on")
        void slowConsumer() {
            User alice = user("alice");
            User bob = user("bob");
            befriend(alice, bob);
            RecordingSink slow = new RecordingSink(2);
            engine.sessions().open(bob.id(), slow);
            RecordingSink fast = connect(bob);
            for (int i = 0; i < 5; i++) {
                engine.messages().sendDirect(alice.id(), bob.id(), text("m" + i));
            }
            fast.awaitEvents(MessageEvent.class, 5);
            assertThat(slow.closeReason()).isEqualTo("slow_consumer");
            assertThat(slow.events(MessageEvent.class)).hasSize(2);
            assertThat(engine.sessions().sessionsOf(bob.id())).hasSize(1);
        }
    }

    @Nested
    @DisplayName("Sync and history")
    class SyncAndHistory {

        @Test
        @DisplayName("a user who was offline syncs exactly the messages they missed")
        void offlineUserSyncs() {
            User alice = user("alice");
            User bob = user("bob");
            befriend(alice, bob);
            SendResult seen = engine.messages().sendDirect(alice.id(), bob.id(), text("one"));
            ConversationId direct = seen.message().conversationId();
            engine.messages().sendDirect(alice.id(), bob.id(), text("two"));
            engine.messages().sendDirect(alice.id(), bob.id(), text("three"));
            List<SyncBatch> batches = engine.messages().sync(bob.id(), Map.of(direct, 1L), 100);
            assertThat(batches).singleElement().satisfies(batch -> {
                assertThat(batch.conversationId()).isEqualTo(direct);
                assertThat(batch.messages()).extracting(Message::text).containsExactly("two", "three");
                assertThat(batch.hasMore()).isFalse();
            });
            assertThat(engine.messages().sync(bob.id(), Map.of(direct, 3L), 100)).isEmpty();
        }

        @Test
        @DisplayName("a sync that hits the limit says there is more, and continuing from its last seq finishes it")
        void syncPages() {
            User alice = user("alice");
            User bob = user("bob");
            befriend(alice, bob);
            for (int i = 1; i <= 7; i++) {
                engine.messages().sendDirect(alice.id(), bob.id(), text("m" + i));
            }
            ConversationId direct = engine.conversations().directWith(alice.id(), bob.id()).orElseThrow().id();
            List<String> seen = new ArrayList<>();
            long last = 0;
            while (true) {
                List<SyncBatch> batches = engine.messages().sync(bob.id(), Map.of(direct, last), 3);
                if (batches.isEmpty()) {
                    break;
                }
                SyncBatch batch = batches.get(0);
                batch.messages().forEach(m -> seen.add(m.text()));
                last = batch.messages().get(batch.messages().size() - 1).seq();
                if (!batch.hasMore()) {
                    break;
                }
            }
            assertThat(seen).containsExactly("m1", "m2", "m3", "m4", "m5", "m6", "m7");
        }

        @Test
        @DisplayName("syncing while others send neither skips nor repeats a message")
        void syncDuringSends() throws Exception {
            User alice = user("alice");
            User bob = user("bob");
            befriend(alice, bob);
            ConversationId direct = engine.messages().sendDirect(alice.id(), bob.id(), text("start"))
                    .message().conversationId();
            AtomicBoolean done = new AtomicBoolean();
            ExecutorService sender = Executors.newSingleThreadExecutor();
            Future<?> sending = sender.submit(() -> {
                for (int i = 0; i < 2000; i++) {
                    engine.messages().sendDirect(alice.id(), bob.id(), text("m" + i));
                }
                done.set(true);
            });
            List<Long> seen = new ArrayList<>();
            long last = 0;
            while (true) {
                boolean finished = done.get();
                for (SyncBatch batch : engine.messages().sync(bob.id(), Map.of(direct, last), 50)) {
                    for (Message message : batch.messages()) {
                        seen.add(message.seq());
                        last = message.seq();
                    }
                }
                if (finished && last == 2001) {
                    break;
                }
                if (sending.isDone()) {
                    sending.get(); // rethrows what stopped the sender, instead of waiting for it forever
                }
            }
            sender.shutdown();
            List<Long> expected = new ArrayList<>();
            for (long s = 1; s <= 2001; s++) {
                expected.add(s);
            }
            assertThat(seen).containsExactlyElementsOf(expected);
        }

        @Test
        @DisplayName("history pages backwards from the latest message, each page lowest seq first")
        void history() {
            User owner = user("olivia");
            Conversation group = engine.conversations().createGroup(owner.id(), "Diary", List.of());
            for (int i = 1; i <= 25; i++) {
                engine.messages().send(owner.id(), group.id(), text("entry " + i));
            }
            List<Message> latest = engine.messages().history(owner.id(), group.id(), Long.MAX_VALUE, 10);
            assertThat(latest).extracting(Message::seq).containsExactly(16L, 17L, 18L, 19L, 20L, 21L, 22L, 23L, 24L, 25L);
            List<Message> older = engine.messages().history(owner.id(), group.id(), 16, 10);
            assertThat(older).extracting(Message::seq).containsExactly(6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L);
            List<Message> oldest = engine.messages().history(owner.id(), group.id(), 6, 10);
            assertThat(oldest).extracting(Message::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertCode(ErrorCode.BAD_REQUEST, () -> engine.messages().history(owner.id(), group.id(), 6, 0));
        }

        @Test
        @DisplayName("a page never holds more than the configured maximum")
        void pageLimit() {
            ChatEngine small = newEngine(b -> b.limits(ChatLimits.defaults().withMaxPageSize(5)));
            User owner = user(small, "olivia");
            Conversation group = small.conversations().createGroup(owner.id(), "Diary", List.of());
            for (int i = 1; i <= 8; i++) {
                small.messages().send(owner.id(), group.id(), text("entry " + i));
            }
            assertThat(small.messages().history(owner.id(), group.id(), Long.MAX_VALUE, 1000)).hasSize(5);
        }
    }

    @Nested
    @DisplayName("Receipts and unread counts")
    class Receipts {

        @Test
        @DisplayName("in a group of three, reading clears the reader's unread count and the sender sees the receipt")
        void groupReceipts() {
            User ann = user("ann");
            User ben = user("ben");
            User cat = user("cat");
            Conversation group = engine.conversations().createGroupAsAdmin(ann.id(), "Three", List.of(ben.id(), cat.id()));
            RecordingSink annSession = connect(ann);
            engine.messages().send(ann.id(), group.id(), text("one"));
            engine.messages().send(ann.id(), group.id(), text("two"));
            engine.messages().send(ben.id(), group.id(), text("three"));
            assertThat(unread(ann, group)).isEqualTo(1);
            assertThat(unread(ben, group)).isEqualTo(2);
            assertThat(unread(cat, group)).isEqualTo(3);
            engine.receipts().markRead(cat.id(), group.id(), 2);
            assertThat(unread(cat, group)).isEqualTo(1);
            ReceiptEvent receipt = annSession.awaitEvent(ReceiptEvent.class, e -> e.cursor().userId().equals(cat.id()));
            assertThat(receipt.cursor().readSeq()).isEqualTo(2);
            assertThat(receipt.cursor().deliveredSeq()).isEqualTo(2);
            assertThat(engine.receipts().cursors(ann.id(), group.id()))
                    .extracting(Cursor::userId).contains(cat.id());
        }

        @Test
        @DisplayName("cursors never move back, and cannot pass the last message")
        void monotonic() {
            User ann = user("ann");
            Conversation group = engine.conversations().createGroup(ann.id(), "Solo", List.of());
            engine.messages().send(ann.id(), group.id(), text("one"));
            engine.messages().send(ann.id(), group.id(), text("two"));
            engine.receipts().markDelivered(ann.id(), group.id(), 2);
            assertThat(engine.receipts().markRead(ann.id(), group.id(), 1).deliveredSeq()).isEqualTo(2);
            assertThat(engine.receipts().markRead(ann.id(), group.id(), 0).readSeq()).isEqualTo(1);
            assertCode(ErrorCode.BAD_REQUEST, () -> engine.receipts().markRead(ann.id(), group.id(), 3));
        }

        @Test
        @DisplayName("the conversation list carries unread counts and last seqs")
        void conversationList() {
            User alice = user("alice");
            User bob = user("bob");
            befriend(alice, bob);
            engine.messages().sendDirect(alice.id(), bob.id(), text("one"));
            engine.messages().sendDirect(alice.id(), bob.id(), text("two"));
            ConversationView view = engine.conversations().list(bob.id()).stream()
                    .filter(v -> v.conversation().type() == ConversationType.DIRECT).findFirst().orElseThrow();
            assertThat(view.unread()).isEqualTo(2);
            assertThat(view.lastSeq()).isEqualTo(2);
            assertThat(view.members()).hasSize(2);
        }

        private long unread(User user, Conversation conversation) {
            return engine.receipts().unread(user.id(), conversation.id());
        }
    }

    @Nested
    @DisplayName("Sync by change number")
    class ChangeSync {

        private Map<ConversationId, Long> token(ConversationId conversation, long change) {
            return Map.of(conversation, change);
        }

        /** Syncs from the token until nothing more comes, and returns every entry in the order it came. */
        private List<ChangeEntry> syncAll(User user, ConversationId conversation, long[] token, int limit) {
            List<ChangeEntry> seen = new ArrayList<>();
            while (true) {
                List<ChangeBatch> batches = engine.changes().sync(user.id(), token(conversation, token[0]), limit);
                List<ChangeBatch> mine = batches.stream().filter(b -> b.conversationId().equals(conversation)).toList();
                if (mine.isEmpty()) {
                    return seen;
                }
                ChangeBatch batch = mine.get(0);
                seen.addAll(batch.changes());
                assertThat(batch.lastChange()).isGreaterThan(token[0]);
                token[0] = batch.lastChange();
                if (!batch.hasMore()) {
                    return seen;
                }
            }
        }

        @Test
        @DisplayName("bob, offline, syncs from his token and sees every change he missed, in order, once; again, nothing")
        void offlineMemberSeesEveryChange() {
            User alice = user("alice");
            User bob = user("bob");
            User carol = user("carol");
            User dave = user("dave");
            befriend(alice, carol);
            Conversation group = engine.conversations().createGroupAsAdmin(alice.id(), "Trip", List.of(bob.id(), dave.id()));
            Message fromBob = engine.messages().send(bob.id(), group.id(), text("where to?")).message();
            Message toEdit = engine.messages().send(alice.id(), group.id(), text("Lisbn")).message();
            Message toDelete = engine.messages().send(alice.id(), group.id(), text("wrong chat")).message();
            long[] bobToken = {0};
            assertThat(syncAll(bob, group.id(), bobToken, 100)).isNotEmpty();
            long[] daveToken = {bobToken[0]};
            assertThat(engine.changes().sync(bob.id(), token(group.id(), bobToken[0]), 100)).isEmpty();

            Message fresh = engine.messages().send(alice.id(), group.id(), text("tickets booked")).message();
            engine.messages().edit(alice.id(), toEdit.id(), "Lisbon");
            engine.messages().delete(alice.id(), toDelete.id());
            engine.messages().react(alice.id(), fromBob.id(), "\uD83D\uDC4D");
            engine.receipts().markRead(alice.id(), group.id(), fromBob.seq());
            engine.conversations().rename(alice.id(), group.id(), "Lisbon trip");
            engine.conversations().addMember(alice.id(), group.id(), carol.id());
            engine.conversations().kick(alice.id(), group.id(), dave.id());

            List<ChangeEntry> seen = syncAll(bob, group.id(), bobToken, 3);
            assertThat(seen).extracting(e -> e.change().kind()).containsExactly(ChangeKind.SENT, ChangeKind.EDITED,
                    ChangeKind.DELETED, ChangeKind.REACTED, ChangeKind.READ, ChangeKind.RENAMED, ChangeKind.JOINED,
                    ChangeKind.KICKED);
            assertThat(seen).extracting(e -> e.change().number()).isSorted().doesNotHaveDuplicates();
            assertThat(seen.get(0).message().id()).isEqualTo(fresh.id());
            assertThat(seen.get(1).message().text()).isEqualTo("Lisbon");
            assertThat(seen.get(2).message()).satisfies(m -> {
                assertThat(m.id()).isEqualTo(toDelete.id());
                assertThat(m.seq()).isEqualTo(toDelete.seq());
                assertThat(m.deleted()).isTrue();
                assertThat(m.text()).isNull();
            });
            assertThat(seen.get(3).message().reactions()).extracting(r -> r.emoji()).containsExactly("\uD83D\uDC4D");
            assertThat(seen.get(4).cursor().userId()).isEqualTo(alice.id());
            assertThat(seen.get(4).cursor().readSeq()).isEqualTo(fromBob.seq());
            assertThat(seen.get(5).conversation().name()).isEqualTo("Lisbon trip");
            assertThat(seen.get(6).member().userId()).isEqualTo(carol.id());
            assertThat(seen.get(7).member()).isNull();
            assertThat(seen.get(7).change().userId()).isEqualTo(dave.id());
            assertThat(engine.changes().sync(bob.id(), token(group.id(), bobToken[0]), 100)).isEmpty();

            // Dave gets the change that removed him, and nothing after it.
            List<ChangeBatch> forDave = engine.changes().sync(dave.id(), token(group.id(), daveToken[0]), 100);
            assertThat(forDave).singleElement().satisfies(batch -> {
                assertThat(batch.removed()).isTrue();
                assertThat(batch.changes()).singleElement().satisfies(e -> {
                    assertThat(e.change().kind()).isEqualTo(ChangeKind.KICKED);
                    assertThat(e.change().userId()).isEqualTo(dave.id());
                });
                daveToken[0] = batch.lastChange();
            });
            engine.messages().send(alice.id(), group.id(), text("after dave"));
            assertThat(engine.changes().sync(dave.id(), token(group.id(), daveToken[0]), 100)).isEmpty();
        }

        @Test
        @DisplayName("8 threads sending into one conversation get change numbers 1..N, and a concurrent sync neither skips nor repeats")
        void concurrentSends() throws Exception {
            User alice = user("alice");
            User bob = user("bob");
            Conversation group = engine.conversations().createGroupAsAdmin(alice.id(), "Busy", List.of(bob.id()));
            long start = engine.conversations().get(bob.id(), group.id()).lastChange();
            int threads = 8;
            int perThread = 25;
            ConcurrentLinkedQueue<Long> numbers = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Long> sentIds = new ConcurrentLinkedQueue<>();
            List<Long> synced = new CopyOnWriteArrayList<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
            try {
                Future<?> reader = pool.submit(() -> {
                    long[] token = {start};
                    boolean last = false;
                    while (!last) {
                        last = !writing.get();
                        syncAll(bob, group.id(), token, 10).forEach(e -> synced.add(e.message().id().value()));
                    }
                    return null;
                });
                List<Future<?>> writers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    writers.add(pool.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            Message sent = engine.messages().send(alice.id(), group.id(), text(thread + "/" + i)).message();
                            numbers.add(sent.change());
                            sentIds.add(sent.id().value());
                        }
                        return null;
                    }));
                }
                for (Future<?> writer : writers) {
                    writer.get(2, TimeUnit.MINUTES);
                }
                writing.set(false);
                reader.get(2, TimeUnit.MINUTES);
            } finally {
                pool.shutdownNow();
            }
            int n = threads * perThread;
            List<Long> expected = new ArrayList<>();
            for (long i = start + 1; i <= start + n; i++) {
                expected.add(i);
            }
            assertThat(new java.util.TreeSet<>(numbers)).containsExactlyElementsOf(expected);
            assertThat(numbers).hasSize(n);
            assertThat(synced).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sentIds);
        }

        @Test
        @DisplayName("after compaction, a token below the horizon gets sync_expired; history gives a token that works")
        void compactionExpiresOldTokens() {
            ChatEngine compacting = newEngine(b -> b.changeLogRetention(new ChangeLogRetention(Duration.ZERO, 2)));
            User alice = user(compacting, "alice");
            User bob = user(compacting, "bob");
            Conversation group = compacting.conversations().createGroupAsAdmin(alice.id(), "Drafts", List.of(bob.id()));
            Message draft = compacting.messages().send(alice.id(), group.id(), text("v1")).message();
            long old = draft.change();
            for (int i = 2; i <= 6; i++) {
                compacting.messages().edit(alice.id(), draft.id(), "v" + i);
            }
            assertThat(compacting.changes().compact()).isGreaterThan(0);

            assertCode(ErrorCode.SYNC_EXPIRED, () -> compacting.changes().sync(bob.id(), token(group.id(), old), 100));
            // A client that has nothing loses nothing: from 0 it gets the latest state of everything.
            List<ChangeBatch> fromScratch = compacting.changes().sync(bob.id(), Map.of(), 100);
            assertThat(fromScratch).singleElement().satisfies(b -> assertThat(b.changes())
                    .filteredOn(e -> e.message() != null).singleElement()
                    .satisfies(e -> assertThat(e.message().text()).isEqualTo("v6")));
            HistoryPage reload = compacting.messages().historyPage(bob.id(), group.id(), Long.MAX_VALUE, 50);
            assertThat(reload.messages()).extracting(Message::text).containsExactly("v6");
            assertThat(reload.hasMore()).isFalse();
            compacting.messages().edit(alice.id(), draft.id(), "v7");
            assertThat(compacting.changes().sync(bob.id(), token(group.id(), reload.lastChange()), 100))
                    .singleElement().satisfies(b -> assertThat(b.changes()).singleElement()
                            .satisfies(e -> assertThat(e.message().text()).isEqualTo("v7")));
        }

        @Test
        @DisplayName("the engine compacts on the interval it is given")
        void scheduledCompaction() {
            ChatEngine compacting = newEngine(b -> b.changeLogRetention(new ChangeLogRetention(Duration.ofMillis(50), 0)));
            User alice = user(compacting, "alice");
            Conversation group = compacting.conversations().createGroupAsAdmin(alice.id(), "Notes", List.of());
            Message note = compacting.messages().send(alice.id(), group.id(), text("a")).message();
            Message edited = compacting.messages().edit(alice.id(), note.id(), "b");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertCode(ErrorCode.SYNC_EXPIRED,
                    () -> compacting.changes().sync(alice.id(), token(group.id(), edited.change() - 1), 100)));
        }

        @Test
        @DisplayName("history says whether older messages exist")
        void historyHasMore() {
            User alice = user("alice");
            Conversation group = engine.conversations().createGroupAsAdmin(alice.id(), "Log", List.of());
            for (int i = 1; i <= 5; i++) {
                engine.messages().send(alice.id(), group.id(), text("m" + i));
            }
            HistoryPage latest = engine.messages().historyPage(alice.id(), group.id(), Long.MAX_VALUE, 3);
            assertThat(latest.messages()).extracting(Message::text).containsExactly("m3", "m4", "m5");
            assertThat(latest.hasMore()).isTrue();
            HistoryPage older = engine.messages().historyPage(alice.id(), group.id(), 3, 3);
            assertThat(older.messages()).extracting(Message::text).containsExactly("m1", "m2");
            assertThat(older.hasMore()).isFalse();
        }

        @Test
        @DisplayName("live events carry the change number, so a sync from it after the events returns nothing twice")
        void liveEventsCarryChangeNumbers() {
            User alice = user("alice");
            User bob = user("bob");
            Conversation group = engine.conversations().createGroupAsAdmin(alice.id(), "Live", List.of(bob.id()));
            long token = engine.conversations().get(bob.id(), group.id()).lastChange();
            RecordingSink bobSession = connect(bob);
            Message sent = engine.messages().send(alice.id(), group.id(), text("hi")).message();
            Message edited = engine.messages().edit(alice.id(), sent.id(), "hello");
            engine.receipts().markRead(alice.id(), group.id(), sent.seq());
            engine.conversations().rename(alice.id(), group.id(), "Live 2");

            assertThat(bobSession.awaitEvent(MessageEvent.class, e -> true).message().change()).isEqualTo(token + 1);
            assertThat(bobSession.awaitEvent(MessageUpdatedEvent.class, e -> true).message().change())
                    .isEqualTo(edited.change()).isEqualTo(token + 2);
            assertThat(bobSession.awaitEvent(ReceiptEvent.class, e -> true).cursor().change()).isEqualTo(token + 3);
            assertThat(bobSession.awaitEvent(ConversationEvent.class, e -> true).changeNumber()).isEqualTo(token + 4);
            assertThat(engine.changes().sync(bob.id(), token(group.id(), token + 4), 100)).isEmpty();
        }

        @Test
        @DisplayName("the conversation list since a token names only what changed, with the latest message, unread count and cursors")
        void changedConversations() {
            User alice = user("alice");
            User bob = user("bob");
            Conversation quiet = engine.conversations().createGroupAsAdmin(alice.id(), "Quiet", List.of(bob.id()));
            Conversation busy = engine.conversations().createGroupAsAdmin(alice.id(), "Busy", List.of(bob.id()));
            Conversation gone = engine.conversations().createGroupAsAdmin(alice.id(), "Gone", List.of(bob.id()));
            Map<ConversationId, Long> since = new java.util.HashMap<>();
            for (ConversationView view : engine.conversations().list(bob.id())) {
                since.put(view.conversation().id(), view.lastChange());
            }
            engine.messages().send(alice.id(), busy.id(), text("one"));
            engine.messages().send(alice.id(), busy.id(), text("two"));
            engine.receipts().markDelivered(bob.id(), busy.id(), 1);
            engine.conversations().kick(alice.id(), gone.id(), bob.id());

            List<ChangeService.ChangedConversation> changed =
                    engine.changes().changedConversations(bob.id(), since, engine.conversations());
            assertThat(changed).extracting(ChangeService.ChangedConversation::conversationId)
                    .containsExactly(busy.id(), gone.id());
            assertThat(changed.get(0).latestMessage().text()).isEqualTo("two");
            assertThat(changed.get(0).view().unread()).isEqualTo(2);
            assertThat(changed.get(0).view().cursor().deliveredSeq()).isEqualTo(1);
            assertThat(changed.get(1).view()).isNull();
            assertThat(changed.get(1).removal().kind()).isEqualTo(ChangeKind.KICKED);
            assertThat(since).containsKey(quiet.id());
        }
    }

    @Nested
    @DisplayName("Edits, deletes and reactions")
    class Changes {

        @Test
        @DisplayName("a sender edits their message and every member hears of it; nobody else may")
        void edit() {
            User ann = user("ann");
            User ben = user("ben");
            Conversation group = engine.conversations().createGroupAsAdmin(ann.id(), "Edits", List.of(ben.id()));
            RecordingSink benSession = connect(ben);
            Message message = engine.messages().send(ann.id(), group.id(), text("helo")).message();
            clock.advance(Duration.ofSeconds(30));
            Message edited = engine.messages().edit(ann.id(), message.id(), "hello");
            assertThat(edited.text()).isEqualTo("hello");
            assertThat(edited.editedAt()).isEqualTo(clock.instant());
            assertThat(edited.seq()).isEqualTo(message.seq());
            MessageUpdatedEvent event = benSession.awaitEvent(MessageUpdatedEvent.class,
                    e -> e.change() == MessageUpdatedEvent.Change.EDITED);
            assertThat(event.message().text()).isEqualTo("hello");
            assertCode(ErrorCode.FORBIDDEN, () -> engine.messages().edit(ben.id(), message.id(), "mine now"));
        }

        @Test
        @DisplayName("a deleted message stays as a tombstone with its seq, and leaves the unread count")
        void delete() {
            User ann = user("ann");
            User ben = user("ben");
            Conversation group = engine.conversations().createGroupAsAdmin(ann.id(), "Deletes", List.of(ben.id()));
            Message message = engine.messages().send(ben.id(), group.id(), text("oops")).message();
            assertThat(engine.receipts().unread(ann.id(), group.id())).isEqualTo(1);
            Message tombstone = engine.messages().delete(ben.id(), message.id());
            assertThat(tombstone.deleted()).isTrue();
            assertThat(tombstone.text()).isNull();
            assertThat(engine.receipts().unread(ann.id(), group.id())).isZero();
            assertThat(engine.messages().history(ann.id(), group.id(), Long.MAX_VALUE, 10))
                    .singleElement().satisfies(m -> assertThat(m.deleted()).isTrue());
            assertCode(ErrorCode.FORBIDDEN, () -> engine.messages().edit(ben.id(), message.id(), "back"));
        }

        @Test
        @DisplayName("a group's owner may delete anyone's message; a member may not")
        void moderatorDelete() {
            User ann = user("ann");
            User ben = user("ben");
            User cat = user("cat");
            Conversation group = engine.conversations().createGroupAsAdmin(ann.id(), "Moderated", List.of(ben.id(), cat.id()));
            Message message = engine.messages().send(ben.id(), group.id(), text("spam")).message();
            assertCode(ErrorCode.FORBIDDEN, () -> engine.messages().delete(cat.id(), message.id()));
            assertThat(engine.messages().delete(ann.id(), message.id()).deleted()).isTrue();
        }

        @Test
        @DisplayName("reactions are added once per user and emoji, removed, and announced")
        void reactions() {
            User ann = user("ann");
            User ben = user("ben");
            Conversation group = engine.conversations().createGroupAsAdmin(ann.id(), "Reactions", List.of(ben.id()));
            RecordingSink annSession = connect(ann);
            Message message = engine.messages().send(ann.id(), group.id(), text("party tonight")).message();
            engine.messages().react(ben.id(), message.id(), "🎉");
            Message twice = engine.messages().react(ben.id(), message.id(), "🎉");
            Message both = engine.messages().react(ann.id(), message.id(), "👍🏽");
            assertThat(twice.reactions()).hasSize(1);
            assertThat(both.reactions()).extracting(r -> r.emoji()).containsExactly("🎉", "👍🏽");
            annSession.awaitEvent(MessageUpdatedEvent.class, e -> e.change() == MessageUpdatedEvent.Change.REACTIONS);
            Message after = engine.messages().unreact(ben.id(), message.id(), "🎉");
            assertThat(after.reactions()).extracting(r -> r.emoji()).containsExactly("👍🏽");
        }

        @Test
        @DisplayName("a stranger cannot see, react to, edit or delete a message, and learns nothing from trying")
        void strangers() {
            User ann = user("ann");
            User stranger = user("sam");
            Conversation group = engine.conversations().createGroup(ann.id(), "Closed", List.of());
            Message message = engine.messages().send(ann.id(), group.id(), text("secret")).message();
            assertCode(ErrorCode.NOT_FOUND, () -> engine.messages().get(stranger.id(), message.id()));
            assertCode(ErrorCode.NOT_FOUND, () -> engine.messages().react(stranger.id(), message.id(), "👀"));
            assertCode(ErrorCode.NOT_FOUND, () -> engine.messages().edit(stranger.id(), message.id(), "x"));
            assertCode(ErrorCode.NOT_FOUND, () -> engine.messages().delete(stranger.id(), message.id()));
        }
    }

    @Nested
    @DisplayName("Typing and presence")
    class TypingAndPresence {

        @Test
        @DisplayName("typing reaches the other members, not the typist, and is never stored")
        void typing() {
            User ann = user("ann");
            User ben = user("ben");
            Conversation group = engine.conversations().createGroupAsAdmin(ann.id(), "Typing", List.of(ben.id()));
            RecordingSink annSession = connect(ann);
            RecordingSink benSession = connect(ben);
            engine.presence().typing(ann.id(), group.id(), true);
            TypingEvent typing = benSession.awaitEvent(TypingEvent.class, e -> true);
            assertThat(typing.userId()).isEqualTo(ann.id());
            assertThat(typing.typing()).isTrue();
            assertThat(annSession.events(TypingEvent.class)).isEmpty();
            assertThat(engine.store().messages().lastSeq(group.id())).isZero();
            User stranger = user("sam");
            assertCode(ErrorCode.NOT_FOUND, () -> engine.presence().typing(stranger.id(), group.id(), true));
        }

        @Test
        @DisplayName("friends hear when a user comes online and goes offline; strangers do not")
        void presence() {
            User ann = user("ann");
            User ben = user("ben");
            User stranger = user("sam");
            befriend(ann, ben);
            RecordingSink annSession = connect(ann);
            RecordingSink strangerSession = connect(stranger);
            RecordingSink benSession = connect(ben);
            annSession.awaitEvent(PresenceEvent.class, e -> e.userId().equals(ben.id()) && e.presence().online());
            engine.sessions().closeAll(ben.id(), "bye");
            assertThat(benSession.closeReason()).isEqualTo("bye");
            PresenceEvent offline = annSession.awaitEvent(PresenceEvent.class,
                    e -> e.userId().equals(ben.id()) && !e.presence().online());
            assertThat(offline.presence().lastSeen()).isEqualTo(clock.instant());
            assertThat(strangerSession.events(PresenceEvent.class)).isEmpty();
        }
    }

    @Nested
    @DisplayName("System notices")
    class Notices {

        @Test
        @DisplayName("an admin's notice lands in the user's notices conversation as a system message")
        void adminNotice() {
            User admin = engine.users().create(unique("root"), "Root", PASSWORD, Set.of(Role.ADMIN));
            User ann = user("ann");
            RecordingSink annSession = connect(ann);
            SendResult sent = engine.notices().send(admin.id(), ann.id(), "Maintenance at 22:00 🛠️");
            assertThat(sent.message().kind()).isEqualTo(MessageKind.SYSTEM);
            assertThat(sent.message().senderId()).isEqualTo(UserId.SYSTEM);
            MessageEvent event = annSession.awaitEvent(MessageEvent.class, e -> true);
            assertThat(event.message().text()).isEqualTo("Maintenance at 22:00 🛠️");
            Conversation notices = engine.conversations().get(ann.id(), sent.message().conversationId()).conversation();
            assertThat(notices.type()).isEqualTo(ConversationType.NOTICES);
            assertCode(ErrorCode.FORBIDDEN, () -> engine.messages().send(ann.id(), notices.id(), text("reply")));
        }

        @Test
        @DisplayName("only admins send notices")
        void onlyAdmins() {
            User ann = user("ann");
            User ben = user("ben");
            assertCode(ErrorCode.FORBIDDEN, () -> engine.notices().send(ann.id(), ben.id(), "I am root"));
            assertCode(ErrorCode.FORBIDDEN, () -> engine.notices().broadcast(ann.id(), "I am root"));
            assertCode(ErrorCode.BAD_REQUEST, () -> engine.messages().sendDirect(ann.id(), ben.id(),
                    new MessageDraft(MessageKind.SYSTEM, "fake", null, null, null)));
        }

        @Test
        @DisplayName("a broadcast reaches every enabled user, online or not, but not disabled ones")
        void broadcast() {
            User admin = engine.users().create(unique("root"), "Root", PASSWORD, Set.of(Role.ADMIN));
            User ann = user("ann");
            User ben = user("ben");
            User gone = user("gone");
            engine.users().setEnabled(gone.id(), false);
            RecordingSink annSession = connect(ann);
            int reached = engine.notices().broadcast(admin.id(), "Welcome to Parley");
            assertThat(reached).isGreaterThanOrEqualTo(3);
            annSession.awaitEvent(MessageEvent.class, e -> e.message().text().equals("Welcome to Parley"));
            List<SyncBatch> missed = engine.messages().sync(ben.id(), Map.of(), 10);
            assertThat(missed).flatExtracting(SyncBatch::messages).extracting(Message::text)
                    .contains("Welcome to Parley");
            assertThat(engine.store().conversations().listFor(gone.id())).isEmpty();
        }

        @Test
        @DisplayName("the host application sends as the system without any admin")
        void hostSends() {
            User ann = user("ann");
            SendResult sent = engine.notices().sendAsSystem(ann.id(), "Your export is ready");
            assertThat(engine.messages().get(ann.id(), sent.message().id()).text()).isEqualTo("Your export is ready");
        }
    }

    @Nested
    @DisplayName("Input limits")
    class Limits {

        @Test
        @DisplayName("over-long, empty and broken text is refused, and nothing is stored")
        void textLimits() {
            ChatEngine small = newEngine(b -> b.limits(ChatLimits.defaults().withMaxTextLength(10))
                    .directMessagePolicy(DirectMessagePolicy.ANYONE));
            User ann = user(small, "ann");
            User ben = user(small, "ben");
            assertCode(ErrorCode.TOO_LARGE, () -> small.messages().sendDirect(ann.id(), ben.id(), text("x".repeat(11))));
            assertCode(ErrorCode.BAD_REQUEST, () -> small.messages().sendDirect(ann.id(), ben.id(), text("   ")));
            assertCode(ErrorCode.BAD_REQUEST, () -> small.messages().sendDirect(ann.id(), ben.id(), text("a\uD800b")));
            assertCode(ErrorCode.BAD_REQUEST, () -> small.messages().sendDirect(ann.id(), ben.id(),
                    new MessageDraft(MessageKind.IMAGE, null, null, null, null)));
            assertCode(ErrorCode.BAD_REQUEST, () -> small.messages().sendDirect(ann.id(), ben.id(),
                    text("ok").withClientMsgId("c".repeat(65))));
            assertThat(small.messages().sendDirect(ann.id(), ben.id(), text("x".repeat(10))).message().seq()).isEqualTo(1);
        }

        @Test
        @DisplayName("emoji with ZWJ sequences and skin tones, CJK and 4-byte characters round-trip exactly")
        void unicode() {
            User ann = user("ann");
            User ben = user("ben");
            befriend(ann, ben);
            String text = "👩‍👩‍👧‍👦 👍🏿 🏳️‍🌈 你好，世界 𝄞 𠜎";
            SendResult sent = engine.messages().sendDirect(ann.id(), ben.id(),
                    new MessageDraft(MessageKind.EMOJI, text, null, null, null));
            Message stored = engine.messages().history(ben.id(), sent.message().conversationId(), Long.MAX_VALUE, 1).get(0);
            assertThat(stored.text().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        @Test
        @DisplayName("attachment messages carry their reference through the store")
        void attachments() {
            User ann = user("ann");
            User ben = user("ben");
            befriend(ann, ben);
            Attachment voice = new Attachment(AttachmentId.of("voice-note-000000001"), "audio/ogg", 48_000, null,
                    null, null, 3_200);
            Message sent = engine.messages().sendDirect(ann.id(), ben.id(),
                    MessageDraft.attachment(MessageKind.VOICE, voice, null)).message();
            assertThat(engine.messages().get(ben.id(), sent.id()).attachment()).isEqualTo(voice);
        }
    }

    @Nested
    @DisplayName("Host application hooks")
    class Hooks {

        @Test
        @DisplayName("an interceptor can veto a message, which is then not stored")
        void veto() {
            ChatEngine moderated = newEngine(b -> b.directMessagePolicy(DirectMessagePolicy.ANYONE)
                    .interceptor(new dev.parley.api.spi.MessageInterceptor() {
                        @Override
                        public String id() {
                            return "no-spam";
                        }

                        @Override
                        public MessageDraft intercept(MessageDraft draft, dev.parley.api.spi.InterceptContext context) {
                            if (draft.text() != null && draft.text().contains("buy now")) {
                                throw new MessageRejectedException("looks like spam");
                            }
                            return draft;
                        }
                    }));
            User ann = user(moderated, "ann");
            User ben = user(moderated, "ben");
            assertCode(ErrorCode.REJECTED, () -> moderated.messages().sendDirect(ann.id(), ben.id(), text("buy now!")));
            SendResult fine = moderated.messages().sendDirect(ann.id(), ben.id(), text("hello"));
            assertThat(fine.message().seq()).isEqualTo(1);
        }

        @Test
        @DisplayName("an interceptor can rewrite a message before it is stored")
        void rewrite() {
            ChatEngine moderated = newEngine(b -> b.directMessagePolicy(DirectMessagePolicy.ANYONE)
                    .interceptor(new dev.parley.api.spi.MessageInterceptor() {
                        @Override
                        public String id() {
                            return "polite";
                        }

                        @Override
                        public MessageDraft intercept(MessageDraft draft, dev.parley.api.spi.InterceptContext context) {
                            return draft.withText(draft.text().replace("darn", "d**n"));
                        }
                    }));
            User ann = user(moderated, "ann");
            User ben = user(moderated, "ben");
            SendResult sent = moderated.messages().sendDirect(ann.id(), ben.id(), text("darn it").withClientMsgId("k"));
            assertThat(sent.message().text()).isEqualTo("d**n it");
            assertThat(sent.message().clientMsgId()).isEqualTo("k");
        }

        @Test
        @DisplayName("listeners hear every message in seq order, and one failing listener does not stop the others")
        void listeners() {
            ConcurrentLinkedQueue<Long> heard = new ConcurrentLinkedQueue<>();
            ChatEngine listened = newEngine(b -> b.directMessagePolicy(DirectMessagePolicy.ANYONE)
                    .listener(new ChatListener() {
                        @Override
                        public void onMessage(Message message) {
                            throw new IllegalStateException("this listener is broken");
                        }
                    })
                    .listener(new ChatListener() {
                        @Override
                        public void onMessage(Message message) {
                            heard.add(message.seq());
                        }
                    }));
            User ann = user(listened, "ann");
            User ben = user(listened, "ben");
            for (int i = 0; i < 50; i++) {
                listened.messages().sendDirect(ann.id(), ben.id(), text("m" + i));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 50);
            List<Long> expected = new ArrayList<>();
            for (long s = 1; s <= 50; s++) {
                expected.add(s);
            }
            assertThat(new ArrayList<>(heard)).containsExactlyElementsOf(expected);
        }
    }

    @Nested
    @DisplayName("Engine lifecycle")
    class Lifecycle {

        @Test
        @DisplayName("an engine that has not started, or has closed, refuses work as unavailable")
        void unavailable() {
            ChatEngine notStarted = ChatEngine.builder().store(createStore()).build();
            assertCode(ErrorCode.UNAVAILABLE, notStarted::users);
            ChatEngine closed = newEngine(b -> {
            });
            closed.close();
            assertCode(ErrorCode.UNAVAILABLE, closed::messages);
            closed.close();
        }

        @Test
        @DisplayName("closing the engine closes every live session with a reason")
        void closeSessions() {
            ChatEngine other = newEngine(b -> {
            });
            User ann = user(other, "ann");
            RecordingSink sink = new RecordingSink();
            other.sessions().open(ann.id(), sink);
            other.close();
            assertThat(sink.closeReason()).isEqualTo("server_shutdown");
        }
    }
}
