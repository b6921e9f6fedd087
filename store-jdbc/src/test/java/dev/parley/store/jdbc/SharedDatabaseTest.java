package dev.parley.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.api.Block;
import dev.parley.api.Conversation;
import dev.parley.api.Friendship;
import dev.parley.api.FriendshipState;
import dev.parley.api.Member;
import dev.parley.api.MemberRole;
import dev.parley.api.Message;
import dev.parley.api.MessageDraft;
import dev.parley.api.NewMessage;
import dev.parley.api.NewUser;
import dev.parley.api.Role;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.spi.AppendResult;
import dev.parley.core.ChatEngine;
import dev.parley.testkit.NewMessageBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Several stores on one database, as several engines or nodes sharing one MySQL would be: seqs stay
 * gapless and unique, a clientMsgId is stored once, and caches pick up the other store's writes.
 * Runs on an H2 file and on MariaDB.
 */
class SharedDatabaseTest {

    private static final Instant T0 = Instant.parse("2030-01-01T09:00:00Z");

    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of("H2 file", (Supplier<JdbcChatStoreBuilder>) () -> JdbcChatStore.builder()
                        .h2File(TestDatabases.H2_FILE).maximumPoolSize(4)),
                Arguments.of("MariaDB", (Supplier<JdbcChatStoreBuilder>) () -> TestDatabases.mariaDbBuilder()
                        .maximumPoolSize(4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    @DisplayName("two stores on one database, 4 threads each appending batches to one conversation, get seqs 1..4000 once each")
    void gaplessAcrossStores(String name, Supplier<JdbcChatStoreBuilder> database) throws Exception {
        try (JdbcChatStore one = started(database.get()); JdbcChatStore two = started(database.get())) {
            User ann = user(one, "ann");
            Conversation group = one.conversations().createGroup("Shared", ann.id(), T0);
            int threads = 8;
            int batches = 20;
            int batchSize = 25;
            List<Callable<List<Message>>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                JdbcChatStore store = t % 2 == 0 ? one : two;
                int thread = t;
                work.add(() -> {
                    List<Message> stored = new ArrayList<>();
                    for (int b = 0; b < batches; b++) {
                        List<NewMessage> batch = new ArrayList<>();
                        for (int i = 0; i < batchSize; i++) {
                            batch.add(text(group, ann, "c-" + thread + "-" + b + "-" + i));
                        }
                        store.messages().appendAll(batch).forEach(r -> stored.add(r.message()));
                    }
                    return stored;
                });
            }
            List<Message> acked = runAll(work);

            int total = threads * batches * batchSize;
            assertThat(acked).extracting(Message::seq).containsExactlyInAnyOrderElementsOf(range(total));
            List<Message> stored = two.messages().after(group.id(), 0, total + 10);
            assertThat(stored).extracting(Message::seq).containsExactlyElementsOf(range(total));
            assertThat(stored).extracting(Message::id).doesNotHaveDuplicates();
            assertThat(one.messages().lastSeq(group.id())).isEqualTo(total);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    @DisplayName("one clientMsgId sent through two stores into two conversations at once is stored once")
    void clientMsgIdOnceAcrossStores(String name, Supplier<JdbcChatStoreBuilder> database) throws Exception {
        try (JdbcChatStore one = started(database.get()); JdbcChatStore two = started(database.get())) {
            User ann = user(one, "ann");
            Conversation first = one.conversations().createGroup("One", ann.id(), T0);
            Conversation second = one.conversations().createGroup("Two", ann.id(), T0);
            String clientMsgId = "same-" + UUID.randomUUID();
            List<Callable<List<AppendResult>>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                JdbcChatStore store = t % 2 == 0 ? one : two;
                Conversation conversation = t % 4 < 2 ? first : second;
                work.add(() -> store.messages().appendAll(List.of(
                        text(conversation, ann, clientMsgId), text(conversation, ann, null))));
            }
            List<AppendResult> results = runAll(work);

            List<AppendResult> retried = results.stream().filter(r -> clientMsgId.equals(r.message().clientMsgId()))
                    .toList();
            assertThat(retried).hasSize(8).filteredOn(r -> !r.duplicate()).hasSize(1);
            assertThat(retried).extracting(AppendResult::message).containsOnly(retried.get(0).message());
            long stored = one.messages().lastSeq(first.id()) + one.messages().lastSeq(second.id());
            assertThat(stored).isEqualTo(9);
            assertThat(one.messages().after(first.id(), 0, 100)).extracting(Message::seq)
                    .containsExactlyElementsOf(range(one.messages().lastSeq(first.id())));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    @DisplayName("two engines, each on its own store over one database, sending into one group get seqs 1..2000 once each")
    void twoEngines(String name, Supplier<JdbcChatStoreBuilder> database) throws Exception {
        // Both engines send as fast as they can: the send rate limit is not what this test is about.
        try (ChatEngine a = ChatEngine.builder().store(database.get().build())
                .rateLimits(dev.parley.core.RateLimits.defaults().withSends(1_000_000, 1_000_000)).build().start();
             ChatEngine b = ChatEngine.builder().store(database.get().build())
                     .rateLimits(dev.parley.core.RateLimits.defaults().withSends(1_000_000, 1_000_000)).build().start()) {
            String tag = UUID.randomUUID().toString().substring(0, 8);
            User owner = a.users().create("owner-" + tag, "Owner", null, Set.of());
            User other = a.users().create("other-" + tag, "Other", null, Set.of());
            Conversation group = a.conversations().createGroupAsAdmin(owner.id(), "Two nodes", List.of(other.id()));
            List<Callable<List<Long>>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                ChatEngine engine = t % 2 == 0 ? a : b;
                UserId sender = t < 2 ? owner.id() : other.id();
                work.add(() -> {
                    List<Long> seqs = new ArrayList<>();
                    for (int i = 0; i < 500; i++) {
                        seqs.add(engine.messages().send(sender, group.id(), MessageDraft.text("m" + i)).message().seq());
                    }
                    return seqs;
                });
            }
            assertThat(runAll(work)).containsExactlyInAnyOrderElementsOf(range(2000));
            assertThat(b.store().messages().lastSeq(group.id())).isEqualTo(2000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    @DisplayName("a retry sent through an engine that did not store the original gets the original back, and nothing new is stored")
    void retryThroughAnotherEngine(String name, Supplier<JdbcChatStoreBuilder> database) {
        try (ChatEngine a = ChatEngine.builder().store(database.get().build()).build().start();
             ChatEngine b = ChatEngine.builder().store(database.get().build()).build().start()) {
            String tag = UUID.randomUUID().toString().substring(0, 8);
            User owner = a.users().create("owner-" + tag, "Owner", null, Set.of());
            Conversation group = a.conversations().createGroupAsAdmin(owner.id(), "Retries", List.of());
            MessageDraft draft = MessageDraft.text("once").withClientMsgId("retry-" + tag);

            dev.parley.core.SendResult first = a.messages().send(owner.id(), group.id(), draft);
            dev.parley.core.SendResult again = b.messages().send(owner.id(), group.id(), draft);
            dev.parley.core.SendResult third = b.messages().send(owner.id(), group.id(), draft);

            assertThat(first.duplicate()).isFalse();
            assertThat(again.duplicate()).isTrue();
            assertThat(third.duplicate()).isTrue();
            assertThat(List.of(again.message().id(), third.message().id())).containsOnly(first.message().id());
            assertThat(b.store().messages().lastSeq(group.id())).isEqualTo(first.message().seq());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    @DisplayName("a member list is fresh at once after a write through the same store, and within the expiry after another store's")
    void cachedMembers(String name, Supplier<JdbcChatStoreBuilder> database) {
        try (JdbcChatStore cached = started(database.get().cacheExpiry(Duration.ofMillis(500)));
             JdbcChatStore other = started(database.get())) {
            User ann = user(cached, "ann");
            User ben = user(cached, "ben");
            User cid = user(cached, "cid");
            Conversation group = cached.conversations().createGroup("Cached", ann.id(), T0);
            assertThat(cached.conversations().members(group.id())).hasSize(1);

            cached.conversations().addMember(new Member(group.id(), ben.id(), MemberRole.MEMBER, false, T0));
            assertThat(cached.conversations().members(group.id())).extracting(Member::userId)
                    .containsExactly(ann.id(), ben.id());
            cached.conversations().updateMember(new Member(group.id(), ben.id(), MemberRole.ADMIN, true, T0));
            assertThat(cached.conversations().findMember(group.id(), ben.id())).map(Member::muted).contains(true);
            cached.conversations().removeMember(group.id(), ben.id());
            assertThat(cached.conversations().countMembers(group.id())).isEqualTo(1);

            other.conversations().addMember(new Member(group.id(), cid.id(), MemberRole.MEMBER, false, T0));
            other.users().update(cid.withDisplayName("Cid, renamed"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(cached.conversations().members(group.id())).extracting(Member::userId)
                        .containsExactly(ann.id(), cid.id());
                assertThat(cached.users().findById(cid.id())).map(User::displayName).contains("Cid, renamed");
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    @DisplayName("friendships and blocks are fresh at once after a write through the same store, and within the expiry after another store's")
    void cachedFriendsAndBlocks(String name, Supplier<JdbcChatStoreBuilder> database) {
        try (JdbcChatStore cached = started(database.get().cacheExpiry(Duration.ofMillis(500)));
             JdbcChatStore other = started(database.get())) {
            User ann = user(cached, "ann");
            User ben = user(cached, "ben");
            assertThat(cached.friends().find(ann.id(), ben.id())).isEmpty();
            assertThat(cached.friends().isBlocked(ann.id(), ben.id())).isFalse();

            cached.friends().save(new Friendship(ann.id(), ben.id(), FriendshipState.PENDING, T0, T0));
            assertThat(cached.friends().find(ben.id(), ann.id())).map(Friendship::state).contains(FriendshipState.PENDING);
            cached.friends().save(new Friendship(ann.id(), ben.id(), FriendshipState.ACCEPTED, T0, T0));
            assertThat(cached.friends().find(ann.id(), ben.id())).map(Friendship::state).contains(FriendshipState.ACCEPTED);
            cached.friends().block(new Block(ben.id(), ann.id(), T0));
            assertThat(cached.friends().isBlocked(ben.id(), ann.id())).isTrue();
            assertThat(cached.friends().isBlocked(ann.id(), ben.id())).isFalse();
            cached.friends().unblock(ben.id(), ann.id());
            assertThat(cached.friends().isBlocked(ben.id(), ann.id())).isFalse();
            cached.friends().delete(ben.id(), ann.id());
            assertThat(cached.friends().find(ann.id(), ben.id())).isEmpty();

            other.friends().save(new Friendship(ben.id(), ann.id(), FriendshipState.ACCEPTED, T0, T0));
            other.friends().block(new Block(ann.id(), ben.id(), T0));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(cached.friends().find(ann.id(), ben.id())).map(Friendship::requester).contains(ben.id());
                assertThat(cached.friends().isBlocked(ann.id(), ben.id())).isTrue();
            });
        }
    }

    private static JdbcChatStore started(JdbcChatStoreBuilder builder) {
        JdbcChatStore store = builder.build();
        store.start();
        return store;
    }

    private static User user(JdbcChatStore store, String name) {
        return store.users().create(new NewUser(name + "-" + UUID.randomUUID().toString().substring(0, 13), name,
                Set.of(Role.USER), T0));
    }

    private static NewMessage text(Conversation conversation, User sender, String clientMsgId) {
        return NewMessageBuilder.text(conversation.id(), sender.id(), "hello").clientMsgId(clientMsgId).at(T0).build();
    }

    private static List<Long> range(long to) {
        return LongStream.rangeClosed(1, to).boxed().collect(Collectors.toList());
    }

    /** Runs the tasks on threads of their own, started together, and returns everything they returned. */
    private static <T> List<T> runAll(List<Callable<List<T>>> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(work.size());
        try {
            List<Future<List<T>>> futures = new ArrayList<>();
            work.forEach(task -> futures.add(pool.submit(task)));
            ConcurrentLinkedQueue<T> all = new ConcurrentLinkedQueue<>();
            for (Future<List<T>> future : futures) {
                all.addAll(future.get(5, TimeUnit.MINUTES));
            }
            return new ArrayList<>(all);
        } finally {
            pool.shutdownNow();
        }
    }
}
