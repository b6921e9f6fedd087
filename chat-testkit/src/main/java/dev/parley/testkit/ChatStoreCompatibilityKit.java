package dev.parley.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.api.Attachment;
import dev.parley.api.AttachmentId;
import dev.parley.api.Block;
import dev.parley.api.Change;
import dev.parley.api.ChangeKind;
import dev.parley.api.ConflictException;
import dev.parley.api.Conversation;
import dev.parley.api.ConversationId;
import dev.parley.api.ConversationType;
import dev.parley.api.Cursor;
import dev.parley.api.Device;
import dev.parley.api.DeviceId;
import dev.parley.api.PushPreferences;
import dev.parley.api.Friendship;
import dev.parley.api.FriendshipState;
import dev.parley.api.Invitation;
import dev.parley.api.LoginToken;
import dev.parley.api.Member;
import dev.parley.api.MemberRole;
import dev.parley.api.Message;
import dev.parley.api.MessageId;
import dev.parley.api.MessageKind;
import dev.parley.api.NewMessage;
import dev.parley.api.NewUser;
import dev.parley.api.NotFoundException;
import dev.parley.api.Reaction;
import dev.parley.api.Role;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.spi.AppendResult;
import dev.parley.api.spi.ChangeLog;
import dev.parley.api.spi.ChatStore;
import dev.parley.api.spi.ConversationStore;
import dev.parley.api.spi.InvitationStore;
import dev.parley.api.spi.MessageStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ChatStore} keeps, as JUnit 5 tests. A store proves that it behaves as
 * the SPI Javadoc says by running this kit: store-memory runs it, store-jdbc runs it on H2 and on
 * MySQL/MariaDB, and a third party's store should run it too.
 *
 * <p>To use it, add a test class that extends the kit and creates a fresh, not yet started store:
 *
 * <pre>
 * package com.example.chat;
 *
 * import dev.parley.api.spi.ChangeLog;
import dev.parley.api.spi.ChatStore;
 * import dev.parley.testkit.ChatStoreCompatibilityKit;
 *
 * class CassandraChatStoreCompatibilityTest extends ChatStoreCompatibilityKit {
 *
 *     {@literal @}Override
 *     protected ChatStore createStore() {
 *         return new CassandraChatStore(CassandraConfig.local("parley_test"));
 *     }
 * }
 * </pre>
 *
 * <p>The kit calls {@link #createStore()} before each test, then {@link ChatStore#start()}, and
 * {@link ChatStore#close()} after the test. The store may keep what earlier tests wrote, as a shared
 * database does: every test creates its own users, with usernames unique to the run, and its own
 * conversations, and never assumes that ids start at 1 or that the store is otherwise empty. Only
 * seq is assumed to start at 1, in each new conversation. Times are fixed instants, never the
 * wall clock, so that whatever a store keeps can be compared exactly; they are whole seconds, so a
 * database column with millisecond or microsecond precision keeps them as they are.
 *
 * <p>Not thread-safe: JUnit creates an instance for each test and runs it on one thread. Some tests
 * start threads of their own, to check the store under concurrency.
 */
public abstract class ChatStoreCompatibilityKit {

    /** The instant most test data is stamped with. */
    private static final Instant T0 = Instant.parse("2030-01-01T09:00:00Z");

    /** A tag for this run, so that usernames and other unique keys do not clash with earlier runs. */
    private static final String RUN = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);

    private static final AtomicLong SERIAL = new AtomicLong();

    /** An id no store assigns in a test run. */
    private static final long UNKNOWN_ID = Long.MAX_VALUE;

    /** Man, woman, girl, boy: four emoji joined by zero-width joiners (U+200D). */
    private static final String FAMILY = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66";
    /** Thumbs up with a medium skin tone modifier (U+1F3FD). */
    private static final String THUMBS_UP_MEDIUM = "\uD83D\uDC4D\uD83C\uDFFD";
    /** Thumbs up, no modifier. */
    private static final String THUMBS_UP = "\uD83D\uDC4D";
    /** Thumbs down, which a case- or accent-insensitive collation may take for thumbs up. */
    private static final String THUMBS_DOWN = "\uD83D\uDC4E";
    /** Technologist with the darkest skin tone: a ZWJ sequence with a modifier inside. */
    private static final String TECHNOLOGIST_DARK = "\uD83E\uDDD1\uD83C\uDFFF\u200D\uD83D\uDCBB";
    /** Rainbow flag: white flag, variation selector 16, ZWJ, rainbow. */
    private static final String RAINBOW_FLAG = "\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08";
    /** Red heart with variation selector 16. */
    private static final String RED_HEART = "\u2764\uFE0F";
    /** Chinese, Japanese and Korean greetings. */
    private static final String CJK = "\u4F60\u597D\uFF0C\u4E16\u754C \u3053\u3093\u306B\u3061\u306F \uC548\uB155\uD558\uC138\uC694";
    /** U+2070E (a CJK Extension B ideograph) and U+1D11E (musical G clef): both four bytes in UTF-8. */
    private static final String FOUR_BYTE = "\uD841\uDF0E \uD834\uDD1E";
    /** "Cafe" with a combining acute accent (U+0301), which a store must not normalise to U+00E9. */
    private static final String DECOMPOSED = "Cafe\u0301";

    /** The store under test, started; a new one for each test. */
    private ChatStore store;

    /**
     * Creates the store to test, not yet started. Called before each test; the kit starts it and
     * closes it after the test.
     */
    protected abstract ChatStore createStore();

    /**
     * The store under test, started, for the tests an implementation adds of its own beside the kit's;
     * the kit closes it after the test.
     */
    protected ChatStore store() {
        return store;
    }

    @BeforeEach
    void startStore() {
        store = createStore();
        store.start();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Nested
    @DisplayName("Users")
    class Users {

        @Test
        @DisplayName("create stores an enabled account with a positive id and the fields as given")
        void createStoresEnabledAccount() {
            String username = unique("ada");
            Set<Role> roles = Set.of(Role.USER, Role.ADMIN, Role.of("moderator"));

            User created = store.users().create(new NewUser(username, "Ada Lovelace", roles, T0));

            assertThat(created.id().value()).isPositive();
            assertThat(created).isEqualTo(new User(created.id(), username, "Ada Lovelace", roles, true, T0));
            assertThat(store.users().findById(created.id())).contains(created);
        }

        @Test
        @DisplayName("findByUsername finds an account by its exact name, and nothing for an unknown name or id")
        void findsByUsername() {
            User ada = user("ada");
            User bob = user("bob");

            assertThat(store.users().findByUsername(ada.username())).contains(ada);
            assertThat(store.users().findByUsername(bob.username())).contains(bob);
            assertThat(store.users().findByUsername(ada.username() + "x")).isEmpty();
            assertThat(store.users().findById(UserId.of(UNKNOWN_ID))).isEmpty();
            assertThat(bob.id()).isNotEqualTo(ada.id());
        }

        @Test
        @DisplayName("a taken username is refused with ConflictException, and the first account stays as it was")
        void takenUsernameConflicts() {
            User first = user("carol");

            assertThatThrownBy(() -> store.users().create(
                    new NewUser(first.username(), "Someone Else", Set.of(Role.USER), at(60))))
                    .isInstanceOf(ConflictException.class);
            assertThat(store.users().findByUsername(first.username())).contains(first);
        }

        @Test
        @DisplayName("usernames are compared exactly, so names that differ only by an accent are two accounts")
        void usernamesComparedExactly() {
            String suffix = "_" + RUN + "_" + SERIAL.incrementAndGet();
            User plain = store.users().create(new NewUser("rene" + suffix, "Rene", Set.of(Role.USER), T0));
            User accented = store.users().create(new NewUser("ren\u00E9" + suffix, "Ren\u00E9", Set.of(Role.USER), T0));

            assertThat(accented.id()).isNotEqualTo(plain.id());
            assertThat(store.users().findByUsername("rene" + suffix)).contains(plain);
            assertThat(store.users().findByUsername("ren\u00E9" + suffix)).contains(accented);
        }

        @Test
        @DisplayName("update replaces display name, roles and enabled flag, keeps username and creation time, and refuses an unknown id")
        void updateReplacesMutableFields() {
            User dan = user("dan");
            Set<Role> roles = Set.of(Role.USER, Role.ADMIN);
            User changed = new User(dan.id(), unique("renamed"), "Daniel", roles, false, at(3600));

            User stored = store.users().update(changed);

            User expected = new User(dan.id(), dan.username(), "Daniel", roles, false, T0);
            assertThat(stored).isEqualTo(expected);
            assertThat(store.users().findById(dan.id())).contains(expected);
            assertThat(store.users().findByUsername(dan.username())).contains(expected);
            assertThat(store.users().findByUsername(changed.username())).isEmpty();
            User ghost = new User(UserId.of(UNKNOWN_ID), unique("ghost"), "Ghost", Set.of(Role.USER), true, T0);
            assertThatThrownBy(() -> store.users().update(ghost)).isInstanceOf(NotFoundException.class);
        }

        @Test
        @DisplayName("delete removes the account and its password hash, and says whether there was one")
        void deleteRemovesAccountAndHash() {
            User eve = user("eve");
            User other = user("frank");
            store.users().setPasswordHash(eve.id(), "$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA");

            assertThat(store.users().delete(eve.id())).isTrue();

            assertThat(store.users().findById(eve.id())).isEmpty();
            assertThat(store.users().findByUsername(eve.username())).isEmpty();
            assertThat(store.users().passwordHash(eve.id())).isEmpty();
            assertThat(store.users().delete(eve.id())).isFalse();
            assertThat(store.users().findById(other.id())).contains(other);
        }

        @Test
        @DisplayName("count grows by one with each new account and shrinks by one with each deletion")
        void countFollowsCreatesAndDeletes() {
            long before = store.users().count();

            User one = user("gia");
            user("hal");
            assertThat(store.users().count()).isEqualTo(before + 2);

            store.users().delete(one.id());
            assertThat(store.users().count()).isEqualTo(before + 1);
        }

        @Test
        @DisplayName("list pages through the accounts in id order, at most limit at a time")
        void listPagesInIdOrder() {
            List<User> mine = List.of(user("ida"), user("jon"), user("kim"));
            long lowest = mine.stream().mapToLong(u -> u.id().value()).min().orElseThrow();

            List<User> seen = new ArrayList<>();
            UserId after = UserId.of(lowest - 1);
            for (int page = 0; page < 10_000; page++) {
                List<User> users = store.users().list(after, 2);
                assertThat(users).hasSizeLessThanOrEqualTo(2);
                if (page == 0) {
                    assertThat(users).hasSize(2);
                }
                if (users.isEmpty()) {
                    break;
                }
                for (User user : users) {
                    assertThat(user.id().value()).isGreaterThan(after.value());
                    after = user.id();
                }
                seen.addAll(users);
            }

            assertThat(seen).containsAll(mine);
            assertThat(store.users().list(null, 1)).hasSize(1)
                    .allSatisfy(first -> assertThat(first.id().value()).isLessThanOrEqualTo(lowest));
        }
    }

    @Nested
    @DisplayName("Credentials")
    class Credentials {

        private static final String HASH = "$argon2id$v=19$m=65536,t=3,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG";

        @Test
        @DisplayName("an account has no password hash until one is set, then exactly that hash, its own")
        void setAndReadHash() {
            User ann = user("ann");
            User ben = user("ben");
            assertThat(store.users().passwordHash(ann.id())).isEmpty();

            store.users().setPasswordHash(ann.id(), HASH);

            assertThat(store.users().passwordHash(ann.id())).contains(HASH);
            assertThat(store.users().passwordHash(ben.id())).isEmpty();
        }

        @Test
        @DisplayName("setting a password hash again replaces the previous one")
        void setReplacesHash() {
            User ann = user("ann");
            store.users().setPasswordHash(ann.id(), HASH);

            store.users().setPasswordHash(ann.id(), "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW");

            assertThat(store.users().passwordHash(ann.id()))
                    .contains("$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW");
        }

        @Test
        @DisplayName("an account created with its password hash is found with that hash at once")
        void createWithHash() {
            String username = unique("cid");
            User cid = store.users().create(new NewUser(username, "Cid", Set.of(Role.USER), T0), HASH);

            assertThat(cid.id().value()).isPositive();
            assertThat(store.users().findByUsername(username)).contains(cid);
            assertThat(store.users().passwordHash(cid.id())).contains(HASH);
        }

        @Test
        @DisplayName("creating an account with a hash under a taken username stores nothing and leaves the owner's hash")
        void createWithHashTaken() {
            User ann = user("ann");
            store.users().setPasswordHash(ann.id(), HASH);
            long before = store.users().count();

            assertThatThrownBy(() -> store.users().create(
                    new NewUser(ann.username(), "Impostor", Set.of(Role.USER), T0), "$2a$12$someone.else"))
                    .isInstanceOf(ConflictException.class);

            assertThat(store.users().count()).isEqualTo(before);
            assertThat(store.users().passwordHash(ann.id())).contains(HASH);
            assertThat(store.users().findByUsername(ann.username()).orElseThrow().displayName()).isEqualTo("Ann");
        }

        @Test
        @DisplayName("setting the password hash of an unknown account is refused with NotFoundException")
        void setHashOfUnknownAccount() {
            assertThatThrownBy(() -> store.users().setPasswordHash(UserId.of(UNKNOWN_ID), HASH))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Nested
    @DisplayName("Tokens")
    class Tokens {

        @Test
        @DisplayName("save stores a token that find returns by its hash, field for field; an unknown hash finds nothing")
        void saveAndFind() {
            User ann = user("ann");
            LoginToken token = new LoginToken(unique("hash"), ann.id(), T0, at(86_400));

            store.tokens().save(token);

            assertThat(store.tokens().find(token.tokenHash())).contains(token);
            assertThat(store.tokens().find(unique("hash"))).isEmpty();
        }

        @Test
        @DisplayName("saving a token with the same hash replaces it")
        void saveReplacesSameHash() {
            User ann = user("ann");
            User ben = user("ben");
            String hash = unique("hash");
            store.tokens().save(new LoginToken(hash, ann.id(), T0, at(60)));

            LoginToken replacement = new LoginToken(hash, ben.id(), at(10), at(7200));
            store.tokens().save(replacement);

            assertThat(store.tokens().find(hash)).contains(replacement);
            assertThat(store.tokens().deleteAll(ann.id())).isZero();
        }

        @Test
        @DisplayName("find returns a token even when it expired long ago")
        void findReturnsExpiredTokens() {
            User ann = user("ann");
            Instant issued = Instant.parse("2001-01-01T00:00:00Z");
            LoginToken expired = new LoginToken(unique("hash"), ann.id(), issued, issued.plusSeconds(60));

            store.tokens().save(expired);

            assertThat(store.tokens().find(expired.tokenHash())).contains(expired);
        }

        @Test
        @DisplayName("delete removes one token; deleteAll removes every token of one user; both count what they removed")
        void deleteAndDeleteAll() {
            User ann = user("ann");
            User ben = user("ben");
            LoginToken phone = new LoginToken(unique("hash"), ann.id(), T0, at(3600));
            LoginToken laptop = new LoginToken(unique("hash"), ann.id(), T0, at(3600));
            LoginToken tablet = new LoginToken(unique("hash"), ann.id(), T0, at(3600));
            LoginToken bens = new LoginToken(unique("hash"), ben.id(), T0, at(3600));
            List.of(phone, laptop, tablet, bens).forEach(store.tokens()::save);

            assertThat(store.tokens().delete(phone.tokenHash())).isTrue();
            assertThat(store.tokens().delete(phone.tokenHash())).isFalse();
            assertThat(store.tokens().deleteAll(ann.id())).isEqualTo(2);

            assertThat(store.tokens().find(laptop.tokenHash())).isEmpty();
            assertThat(store.tokens().find(tablet.tokenHash())).isEmpty();
            assertThat(store.tokens().find(bens.tokenHash())).contains(bens);
            assertThat(store.tokens().deleteAll(ann.id())).isZero();
        }

        @Test
        @DisplayName("deleteExpired removes the tokens that expired at or before the instant, counts them, and keeps later ones")
        void deleteExpiredAtOrBefore() {
            Instant now = Instant.parse("2031-06-01T12:00:00Z");
            // Clear what earlier tests, or earlier runs on a shared database, left behind, so the count is ours.
            store.tokens().deleteExpired(now);
            User ann = user("ann");
            LoginToken before = new LoginToken(unique("hash"), ann.id(), T0, now.minusSeconds(1));
            LoginToken exactly = new LoginToken(unique("hash"), ann.id(), T0, now);
            LoginToken after = new LoginToken(unique("hash"), ann.id(), T0, now.plusSeconds(1));
            List.of(before, exactly, after).forEach(store.tokens()::save);

            assertThat(store.tokens().deleteExpired(now)).isEqualTo(2);

            assertThat(store.tokens().find(before.tokenHash())).isEmpty();
            assertThat(store.tokens().find(exactly.tokenHash())).isEmpty();
            assertThat(store.tokens().find(after.tokenHash())).contains(after);
        }
    }

    @Nested
    @DisplayName("Friendships")
    class Friendships {

        @Test
        @DisplayName("save stores a friendship that find returns in either order; strangers have none")
        void saveAndFindEitherOrder() {
            User ann = user("ann");
            User ben = user("ben");
            User cid = user("cid");
            Friendship request = new Friendship(ann.id(), ben.id(), FriendshipState.PENDING, T0, T0);

            store.friends().save(request);

            assertThat(store.friends().find(ann.id(), ben.id())).contains(request);
            assertThat(store.friends().find(ben.id(), ann.id())).contains(request);
            assertThat(store.friends().find(ann.id(), cid.id())).isEmpty();
        }

        @Test
        @DisplayName("saving again replaces the friendship of the pair, even when the other user is now the requester")
        void saveReplacesEitherDirection() {
            User ann = user("ann");
            User ben = user("ben");
            Friendship request = new Friendship(ann.id(), ben.id(), FriendshipState.PENDING, T0, T0);
            store.friends().save(request);
            Friendship declined = request.withState(FriendshipState.DECLINED, at(60));
            store.friends().save(declined);
            assertThat(store.friends().find(ben.id(), ann.id())).contains(declined);

            Friendship reversed = new Friendship(ben.id(), ann.id(), FriendshipState.ACCEPTED, at(120), at(180));
            store.friends().save(reversed);

            assertThat(store.friends().find(ann.id(), ben.id())).contains(reversed);
            assertThat(store.friends().list(ann.id())).containsExactly(reversed);
        }

        @Test
        @DisplayName("delete removes the friendship in either order and says whether there was one")
        void deleteEitherOrder() {
            User ann = user("ann");
            User ben = user("ben");
            store.friends().save(new Friendship(ann.id(), ben.id(), FriendshipState.ACCEPTED, T0, at(5)));

            assertThat(store.friends().delete(ben.id(), ann.id())).isTrue();

            assertThat(store.friends().find(ann.id(), ben.id())).isEmpty();
            assertThat(store.friends().delete(ann.id(), ben.id())).isFalse();
        }

        @Test
        @DisplayName("list returns every friendship that involves the user, in any state, and no others")
        void listAllStates() {
            User ann = user("ann");
            User ben = user("ben");
            User cid = user("cid");
            User dee = user("dee");
            Friendship asked = new Friendship(ann.id(), ben.id(), FriendshipState.PENDING, T0, T0);
            Friendship accepted = new Friendship(cid.id(), ann.id(), FriendshipState.ACCEPTED, T0, at(10));
            Friendship declined = new Friendship(ann.id(), dee.id(), FriendshipState.DECLINED, T0, at(20));
            Friendship others = new Friendship(ben.id(), cid.id(), FriendshipState.ACCEPTED, T0, at(30));
            List.of(asked, accepted, declined, others).forEach(store.friends()::save);

            assertThat(store.friends().list(ann.id())).containsExactlyInAnyOrder(asked, accepted, declined);
            assertThat(store.friends().list(ben.id())).containsExactlyInAnyOrder(asked, others);
            assertThat(store.friends().list(user("eli").id())).isEmpty();
        }
    }

    @Nested
    @DisplayName("Blocks")
    class Blocks {

        @Test
        @DisplayName("a block has a direction: the blocker blocks the other user, not the reverse")
        void blockHasDirection() {
            User ann = user("ann");
            User ben = user("ben");

            assertThat(store.friends().block(new Block(ann.id(), ben.id(), T0))).isTrue();

            assertThat(store.friends().isBlocked(ann.id(), ben.id())).isTrue();
            assertThat(store.friends().isBlocked(ben.id(), ann.id())).isFalse();
        }

        @Test
        @DisplayName("blocking the same user again returns false and keeps the one block")
        void blockTwice() {
            User ann = user("ann");
            User ben = user("ben");
            Block first = new Block(ann.id(), ben.id(), T0);
            store.friends().block(first);

            assertThat(store.friends().block(new Block(ann.id(), ben.id(), at(60)))).isFalse();

            assertThat(store.friends().blocksBy(ann.id())).containsExactly(first);
        }

        @Test
        @DisplayName("unblock removes one direction of a block and says whether there was one")
        void unblockOneDirection() {
            User ann = user("ann");
            User ben = user("ben");
            store.friends().block(new Block(ann.id(), ben.id(), T0));
            store.friends().block(new Block(ben.id(), ann.id(), at(1)));

            assertThat(store.friends().unblock(ann.id(), ben.id())).isTrue();

            assertThat(store.friends().isBlocked(ann.id(), ben.id())).isFalse();
            assertThat(store.friends().isBlocked(ben.id(), ann.id())).isTrue();
            assertThat(store.friends().unblock(ann.id(), ben.id())).isFalse();
        }

        @Test
        @DisplayName("blocksBy lists only the blocks the user made, field for field")
        void blocksByLists() {
            User ann = user("ann");
            User ben = user("ben");
            User cid = user("cid");
            Block annBen = new Block(ann.id(), ben.id(), T0);
            Block annCid = new Block(ann.id(), cid.id(), at(5));
            Block benAnn = new Block(ben.id(), ann.id(), at(10));
            List.of(annBen, annCid, benAnn).forEach(store.friends()::block);

            assertThat(store.friends().blocksBy(ann.id())).containsExactlyInAnyOrder(annBen, annCid);
            assertThat(store.friends().blocksBy(ben.id())).containsExactly(benAnn);
            assertThat(store.friends().blocksBy(cid.id())).isEmpty();
        }
    }

    @Nested
    @DisplayName("Conversations")
    class Conversations {

        @Test
        @DisplayName("createGroup stores a named group, whose owner is its only member and holds OWNER")
        void createGroup() {
            User ann = user("ann");

            Conversation group = conversations().createGroup("Book club", ann.id(), T0);

            assertThat(group.id().value()).isPositive();
            assertThat(group).isEqualTo(new Conversation(group.id(), ConversationType.GROUP, "Book club", ann.id(), T0));
            assertThat(conversations().find(group.id())).contains(group);
            assertThat(conversations().members(group.id()))
                    .containsExactly(new Member(group.id(), ann.id(), MemberRole.OWNER, false, T0));
            assertThat(conversations().find(ConversationId.of(UNKNOWN_ID))).isEmpty();
        }

        @Test
        @DisplayName("rename changes only the group's name, and refuses an unknown conversation with NotFoundException")
        void rename() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Book club", ann.id(), T0);

            Conversation renamed = conversations().rename(group.id(), "Reading circle");

            assertThat(renamed).isEqualTo(group.withName("Reading circle"));
            assertThat(conversations().find(group.id())).contains(renamed);
            assertThatThrownBy(() -> conversations().rename(ConversationId.of(UNKNOWN_ID), "x"))
                    .isInstanceOf(NotFoundException.class);
        }

        @Test
        @DisplayName("getOrCreateDirect creates a direct conversation with both users as its members")
        void createDirect() {
            User ann = user("ann");
            User ben = user("ben");
            User cid = user("cid");

            Conversation direct = conversations().getOrCreateDirect(ann.id(), ben.id(), T0);

            assertThat(direct).isEqualTo(new Conversation(direct.id(), ConversationType.DIRECT, null, ann.id(), T0));
            assertThat(conversations().members(direct.id())).extracting(Member::userId)
                    .containsExactlyInAnyOrder(ann.id(), ben.id());
            assertThat(conversations().getOrCreateDirect(ann.id(), cid.id(), T0).id()).isNotEqualTo(direct.id());
        }

        @Test
        @DisplayName("getOrCreateDirect and findDirect return the pair's one conversation, in either order")
        void directIsOnePerPair() {
            User ann = user("ann");
            User ben = user("ben");
            assertThat(conversations().findDirect(ann.id(), ben.id())).isEmpty();
            Conversation direct = conversations().getOrCreateDirect(ann.id(), ben.id(), T0);

            assertThat(conversations().getOrCreateDirect(ben.id(), ann.id(), at(60))).isEqualTo(direct);
            assertThat(conversations().getOrCreateDirect(ann.id(), ben.id(), at(90))).isEqualTo(direct);
            assertThat(conversations().findDirect(ann.id(), ben.id())).contains(direct);
            assertThat(conversations().findDirect(ben.id(), ann.id())).contains(direct);
            assertThat(conversations().countMembers(direct.id())).isEqualTo(2);
        }

        @Test
        @DisplayName("8 threads calling getOrCreateDirect for one pair, in both orders, get one conversation")
        void concurrentGetOrCreateDirect() throws Exception {
            User ann = user("ann");
            User ben = user("ben");
            Queue<Conversation> results = new ConcurrentLinkedQueue<>();

            concurrently(8, thread -> {
                for (int i = 0; i < 25; i++) {
                    results.add(thread % 2 == 0
                            ? conversations().getOrCreateDirect(ann.id(), ben.id(), T0)
                            : conversations().getOrCreateDirect(ben.id(), ann.id(), T0));
                }
            });

            assertThat(results).hasSize(200).extracting(Conversation::id).containsOnly(results.peek().id());
            assertThat(conversations().listFor(ann.id())).containsExactly(results.peek());
            assertThat(conversations().listFor(ben.id())).containsExactly(results.peek());
            assertThat(conversations().countMembers(results.peek().id())).isEqualTo(2);
        }

        @Test
        @DisplayName("getOrCreateNotices creates the user's notices once, with the user as only member, even under 8 threads")
        void getOrCreateNotices() throws Exception {
            User ann = user("ann");
            User ben = user("ben");
            Queue<Conversation> results = new ConcurrentLinkedQueue<>();

            concurrently(8, thread -> results.add(conversations().getOrCreateNotices(ann.id(), at(thread))));

            Conversation notices = results.peek();
            assertThat(results).hasSize(8).containsOnly(notices);
            assertThat(notices.type()).isEqualTo(ConversationType.NOTICES);
            assertThat(notices.name()).isNull();
            assertThat(notices.createdBy()).isEqualTo(ann.id());
            assertThat(conversations().members(notices.id())).extracting(Member::userId).containsExactly(ann.id());
            assertThat(conversations().getOrCreateNotices(ben.id(), T0).id()).isNotEqualTo(notices.id());
        }

        @Test
        @DisplayName("listFor lists the conversations the user is a member of, in id order, and no others")
        void listForInIdOrder() {
            User ann = user("ann");
            User ben = user("ben");
            Conversation owned = conversations().createGroup("Owned", ann.id(), T0);
            Conversation direct = conversations().getOrCreateDirect(ben.id(), ann.id(), T0);
            Conversation notices = conversations().getOrCreateNotices(ann.id(), T0);
            Conversation joined = conversations().createGroup("Joined", ben.id(), T0);
            conversations().addMember(new Member(joined.id(), ann.id(), MemberRole.MEMBER, false, T0));
            Conversation left = conversations().createGroup("Left", ben.id(), T0);
            conversations().addMember(new Member(left.id(), ann.id(), MemberRole.MEMBER, false, T0));
            conversations().removeMember(left.id(), ann.id());
            conversations().createGroup("Not mine", ben.id(), T0);

            List<Conversation> listed = conversations().listFor(ann.id());

            assertThat(listed).containsExactlyInAnyOrder(owned, direct, notices, joined);
            assertThat(listed).extracting(c -> c.id().value()).isSorted();
        }
    }

    @Nested
    @DisplayName("Membership")
    class Membership {

        @Test
        @DisplayName("addMember adds a member that findMember returns field for field")
        void addMember() {
            User ann = user("ann");
            User ben = user("ben");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            Member member = new Member(group.id(), ben.id(), MemberRole.ADMIN, true, at(30));

            assertThat(conversations().addMember(member)).isTrue();

            assertThat(conversations().findMember(group.id(), ben.id())).contains(member);
            assertThat(conversations().listFor(ben.id())).containsExactly(group);
        }

        @Test
        @DisplayName("adding someone who already is a member returns false and changes nothing")
        void addExistingMember() {
            User ann = user("ann");
            User ben = user("ben");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            Member member = new Member(group.id(), ben.id(), MemberRole.MEMBER, false, at(30));
            conversations().addMember(member);

            assertThat(conversations().addMember(new Member(group.id(), ben.id(), MemberRole.ADMIN, true, at(90))))
                    .isFalse();

            assertThat(conversations().findMember(group.id(), ben.id())).contains(member);
            assertThat(conversations().countMembers(group.id())).isEqualTo(2);
        }

        @Test
        @DisplayName("updateMember replaces the role and muted flag, and keeps when the member joined")
        void updateMember() {
            User ann = user("ann");
            User ben = user("ben");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            Member member = new Member(group.id(), ben.id(), MemberRole.MEMBER, false, at(30));
            conversations().addMember(member);

            conversations().updateMember(new Member(group.id(), ben.id(), MemberRole.ADMIN, true, at(999)));

            assertThat(conversations().findMember(group.id(), ben.id()))
                    .contains(new Member(group.id(), ben.id(), MemberRole.ADMIN, true, at(30)));
        }

        @Test
        @DisplayName("updateMember of someone who is not a member is refused with NotFoundException")
        void updateNonMember() {
            User ann = user("ann");
            User ben = user("ben");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);

            assertThatThrownBy(() -> conversations().updateMember(
                    new Member(group.id(), ben.id(), MemberRole.ADMIN, false, T0)))
                    .isInstanceOf(NotFoundException.class);
            assertThat(conversations().findMember(group.id(), ben.id())).isEmpty();
        }

        @Test
        @DisplayName("removeMember removes the member and says whether the user was one")
        void removeMember() {
            User ann = user("ann");
            User ben = user("ben");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            conversations().addMember(new Member(group.id(), ben.id(), MemberRole.MEMBER, false, at(30)));

            assertThat(conversations().removeMember(group.id(), ben.id())).isTrue();

            assertThat(conversations().findMember(group.id(), ben.id())).isEmpty();
            assertThat(conversations().countMembers(group.id())).isEqualTo(1);
            assertThat(conversations().listFor(ben.id())).isEmpty();
            assertThat(conversations().removeMember(group.id(), ben.id())).isFalse();
        }

        @Test
        @DisplayName("members lists the members in the order they joined, and countMembers counts them")
        void membersInJoinOrder() {
            User ann = user("ann");
            User ben = user("ben");
            User cid = user("cid");
            User dee = user("dee");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            conversations().addMember(new Member(group.id(), dee.id(), MemberRole.MEMBER, false, at(10)));
            conversations().addMember(new Member(group.id(), ben.id(), MemberRole.ADMIN, false, at(20)));
            conversations().addMember(new Member(group.id(), cid.id(), MemberRole.MEMBER, true, at(30)));

            assertThat(conversations().members(group.id())).extracting(Member::userId)
                    .containsExactly(ann.id(), dee.id(), ben.id(), cid.id());
            assertThat(conversations().countMembers(group.id())).isEqualTo(4);
        }
    }

    @Nested
    @DisplayName("Invitations")
    class Invitations {

        @Test
        @DisplayName("save stores an invitation that find returns field for field, and it is no membership")
        void saveAndFind() {
            User ann = user("ann");
            User ben = user("ben");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            Invitation invitation = new Invitation(group.id(), ben.id(), ann.id(), at(30));

            assertThat(invitations().save(invitation)).isTrue();

            assertThat(invitations().find(group.id(), ben.id())).contains(invitation);
            assertThat(invitations().find(group.id(), ann.id())).isEmpty();
            assertThat(conversations().findMember(group.id(), ben.id())).isEmpty();
            assertThat(conversations().listFor(ben.id())).isEmpty();
        }

        @Test
        @DisplayName("a second invitation of the same user to the same group returns false and keeps the first")
        void oneInvitationPerGroupAndInvitee() {
            User ann = user("ann");
            User ben = user("ben");
            User cid = user("cid");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            Invitation first = new Invitation(group.id(), ben.id(), ann.id(), at(30));
            invitations().save(first);

            assertThat(invitations().save(new Invitation(group.id(), ben.id(), cid.id(), at(90)))).isFalse();

            assertThat(invitations().find(group.id(), ben.id())).contains(first);
            assertThat(invitations().count(group.id())).isEqualTo(1);
        }

        @Test
        @DisplayName("concurrent invitations of one user to one group store exactly one")
        void concurrentSaves() throws Exception {
            User ann = user("ann");
            User ben = user("ben");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            Queue<Boolean> results = new ConcurrentLinkedQueue<>();

            concurrently(8, thread -> results.add(
                    invitations().save(new Invitation(group.id(), ben.id(), ann.id(), at(thread)))));

            assertThat(results).filteredOn(saved -> saved).hasSize(1);
            assertThat(invitations().listFor(group.id())).hasSize(1);
        }

        @Test
        @DisplayName("listFor a user lists their invitations in the order of the groups' ids, and no one else's")
        void listForInvitee() {
            User ann = user("ann");
            User ben = user("ben");
            User cid = user("cid");
            Conversation first = conversations().createGroup("First", ann.id(), T0);
            Conversation second = conversations().createGroup("Second", cid.id(), T0);
            Conversation third = conversations().createGroup("Third", ann.id(), T0);
            Invitation toThird = new Invitation(third.id(), ben.id(), ann.id(), at(10));
            Invitation toFirst = new Invitation(first.id(), ben.id(), ann.id(), at(20));
            Invitation toSecond = new Invitation(second.id(), ben.id(), cid.id(), at(30));
            invitations().save(toThird);
            invitations().save(toFirst);
            invitations().save(toSecond);
            invitations().save(new Invitation(first.id(), cid.id(), ann.id(), at(40)));

            assertThat(invitations().listFor(ben.id())).containsExactly(toFirst, toSecond, toThird);
            assertThat(invitations().listFor(ann.id())).isEmpty();
        }

        @Test
        @DisplayName("listFor a group lists its invitations oldest first, and count counts them")
        void listForGroup() {
            User ann = user("ann");
            User ben = user("ben");
            User cid = user("cid");
            User dee = user("dee");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            Conversation other = conversations().createGroup("Other", ann.id(), T0);
            Invitation dees = new Invitation(group.id(), dee.id(), ann.id(), at(10));
            Invitation bens = new Invitation(group.id(), ben.id(), ann.id(), at(20));
            Invitation cids = new Invitation(group.id(), cid.id(), ben.id(), at(30));
            invitations().save(cids);
            invitations().save(bens);
            invitations().save(dees);
            invitations().save(new Invitation(other.id(), ben.id(), ann.id(), at(5)));

            assertThat(invitations().listFor(group.id())).containsExactly(dees, bens, cids);
            assertThat(invitations().count(group.id())).isEqualTo(3);
            assertThat(invitations().count(other.id())).isEqualTo(1);
            assertThat(invitations().count(ConversationId.of(UNKNOWN_ID))).isZero();
        }

        @Test
        @DisplayName("delete removes one invitation and says whether there was one; the user may be invited again")
        void delete() {
            User ann = user("ann");
            User ben = user("ben");
            User cid = user("cid");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            invitations().save(new Invitation(group.id(), ben.id(), ann.id(), at(10)));
            Invitation cids = new Invitation(group.id(), cid.id(), ann.id(), at(20));
            invitations().save(cids);

            assertThat(invitations().delete(group.id(), ben.id())).isTrue();

            assertThat(invitations().find(group.id(), ben.id())).isEmpty();
            assertThat(invitations().listFor(ben.id())).isEmpty();
            assertThat(invitations().listFor(group.id())).containsExactly(cids);
            assertThat(invitations().delete(group.id(), ben.id())).isFalse();
            Invitation again = new Invitation(group.id(), ben.id(), ann.id(), at(60));
            assertThat(invitations().save(again)).isTrue();
            assertThat(invitations().find(group.id(), ben.id())).contains(again);
        }
    }

    @Nested
    @DisplayName("Appending")
    class Appending {

        @Test
        @DisplayName("the first message of a conversation gets seq 1 and a positive id, and find returns it as stored")
        void firstMessageGetsSeqOne() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            NewMessage hello = NewMessageBuilder.text(group.id(), ann.id(), "hello").clientMsgId(unique("cm")).at(T0).build();

            AppendResult result = messages().append(hello);

            Message stored = result.message();
            assertThat(result.duplicate()).isFalse();
            assertThat(stored.id().value()).isPositive();
            assertThat(stored).isEqualTo(hello.stored(stored.id(), 1).withChange(stored.change()));
            assertThat(messages().find(stored.id())).contains(stored);
            assertThat(messages().find(MessageId.of(UNKNOWN_ID))).isEmpty();
        }

        @Test
        @DisplayName("each conversation counts its own seqs up by one from 1, and lastSeq follows")
        void seqsPerConversation() {
            User ann = user("ann");
            Conversation one = conversations().createGroup("One", ann.id(), T0);
            Conversation two = conversations().createGroup("Two", ann.id(), T0);
            assertThat(messages().lastSeq(one.id())).isZero();

            List<Long> oneSeqs = new ArrayList<>();
            List<Long> twoSeqs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                oneSeqs.add(send(one, ann, "one " + i).seq());
                twoSeqs.add(send(two, ann, "two " + i).seq());
            }
            oneSeqs.add(send(one, ann, "one more").seq());

            assertThat(oneSeqs).containsExactly(1L, 2L, 3L, 4L);
            assertThat(twoSeqs).containsExactly(1L, 2L, 3L);
            assertThat(messages().lastSeq(one.id())).isEqualTo(4);
            assertThat(messages().lastSeq(two.id())).isEqualTo(3);
        }

        @Test
        @DisplayName("message ids are unique across conversations")
        void idsUniqueAcrossConversations() {
            User ann = user("ann");
            Conversation one = conversations().createGroup("One", ann.id(), T0);
            Conversation two = conversations().createGroup("Two", ann.id(), T0);

            List<Message> sent = new ArrayList<>(fill(one, ann, 5));
            sent.addAll(fill(two, ann, 5));

            assertThat(sent).extracting(Message::id).doesNotHaveDuplicates()
                    .allSatisfy(id -> assertThat(id.value()).isPositive());
            for (Message message : sent) {
                assertThat(messages().find(message.id())).contains(message);
            }
        }

        @Test
        @DisplayName("replies and system notices are stored as given")
        void repliesAndSystemNotices() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            Message original = send(group, ann, "question");
            NewMessage reply = NewMessageBuilder.text(group.id(), ann.id(), "answer").replyTo(original.id()).at(at(5)).build();
            NewMessage notice = NewMessageBuilder.text(group.id(), UserId.SYSTEM, "The group was renamed").kind(MessageKind.SYSTEM)
                    .at(at(6)).build();

            Message storedReply = messages().append(reply).message();
            Message storedNotice = messages().append(notice).message();

            assertThat(storedReply).isEqualTo(reply.stored(storedReply.id(), 2).withChange(storedReply.change()));
            assertThat(storedNotice).isEqualTo(notice.stored(storedNotice.id(), 3).withChange(storedNotice.change()));
            assertThat(messages().after(group.id(), 1, 10)).containsExactly(storedReply, storedNotice);
        }

        @Test
        @DisplayName("8 threads appending 10,000 messages to one conversation get seqs 1 to 10,000, each exactly once")
        void gaplessUnderConcurrency() throws Exception {
            int threads = 8;
            int perThread = 1250;
            int total = threads * perThread;
            User ann = user("ann");
            Conversation group = conversations().createGroup("Busy", ann.id(), T0);
            Queue<Message> results = new ConcurrentLinkedQueue<>();

            concurrently(threads, thread -> {
                for (int i = 0; i < perThread; i++) {
                    results.add(messages().append(text(group, ann, null, "t" + thread + "-" + i)).message());
                }
            });

            assertThat(results).extracting(Message::seq).containsExactlyInAnyOrderElementsOf(range(1, total));
            assertThat(messages().lastSeq(group.id())).isEqualTo(total);
            List<Message> stored = messages().after(group.id(), 0, total);
            assertThat(stored).extracting(Message::seq).containsExactlyElementsOf(range(1, total));
            assertThat(stored).extracting(Message::id).doesNotHaveDuplicates();
            assertThat(stored).containsExactlyInAnyOrderElementsOf(results);
        }

        @Test
        @DisplayName("8 threads appending to 4 conversations at once leave each conversation gapless")
        void concurrentAppendsToDifferentConversations() throws Exception {
            User ann = user("ann");
            List<Conversation> groups = List.of(
                    conversations().createGroup("A", ann.id(), T0), conversations().createGroup("B", ann.id(), T0),
                    conversations().createGroup("C", ann.id(), T0), conversations().createGroup("D", ann.id(), T0));

            concurrently(8, thread -> {
                for (int i = 0; i < 400; i++) {
                    messages().append(text(groups.get((i + thread) % 4), ann, null, "t" + thread + "-" + i));
                }
            });

            for (Conversation group : groups) {
                List<Message> stored = messages().after(group.id(), 0, 1000);
                assertThat(stored).extracting(Message::seq).containsExactlyElementsOf(range(1, 800));
                assertThat(stored).extracting(Message::conversationId).containsOnly(group.id());
                assertThat(messages().lastSeq(group.id())).isEqualTo(800);
            }
        }

        @Test
        @DisplayName("appendAll returns one result per message, in order, with consecutive seqs in each conversation")
        void appendAllInOrder() {
            User ann = user("ann");
            User ben = user("ben");
            Conversation one = conversations().createGroup("One", ann.id(), T0);
            Conversation two = conversations().createGroup("Two", ann.id(), T0);
            conversations().addMember(new Member(one.id(), ben.id(), MemberRole.MEMBER, false, T0));
            conversations().addMember(new Member(two.id(), ben.id(), MemberRole.MEMBER, false, T0));
            send(one, ann, "before the batch");
            List<NewMessage> batch = List.of(text(one, ann, unique("cm"), "a"), text(two, ann, null, "b"),
                    text(one, ben, unique("cm"), "c"), text(one, ann, null, "d"), text(two, ben, null, "e"));

            List<AppendResult> results = messages().appendAll(batch);

            assertThat(results).hasSize(5).noneMatch(AppendResult::duplicate);
            assertThat(results).extracting(r -> r.message().text()).containsExactly("a", "b", "c", "d", "e");
            assertThat(results).extracting(r -> r.message().seq()).containsExactly(2L, 1L, 3L, 4L, 2L);
            for (int i = 0; i < batch.size(); i++) {
                Message stored = results.get(i).message();
                assertThat(stored).isEqualTo(batch.get(i).stored(stored.id(), stored.seq()).withChange(stored.change()));
            }
            assertThat(messages().after(two.id(), 0, 10))
                    .containsExactly(results.get(1).message(), results.get(4).message());
        }

        @Test
        @DisplayName("appendAll returns a duplicate for a clientMsgId stored before, or used earlier in the same batch")
        void appendAllDuplicates() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            String stored = unique("cm");
            String repeated = unique("cm");
            Message earlier = messages().append(text(group, ann, stored, "earlier")).message();

            List<AppendResult> results = messages().appendAll(List.of(
                    text(group, ann, stored, "earlier, retried"),
                    text(group, ann, repeated, "first"),
                    text(group, ann, repeated, "first, retried")));

            assertThat(results).extracting(AppendResult::duplicate).containsExactly(true, false, true);
            assertThat(results.get(0).message()).isEqualTo(earlier);
            assertThat(results.get(1).message().seq()).isEqualTo(2);
            assertThat(results.get(2).message()).isEqualTo(results.get(1).message());
            assertThat(messages().lastSeq(group.id())).isEqualTo(2);
        }
    }

    @Nested
    @DisplayName("Idempotency")
    class Idempotency {

        @Test
        @DisplayName("appending the same sender and clientMsgId again returns the original, marked duplicate, and stores nothing")
        void duplicateReturnsOriginal() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            String clientMsgId = unique("cm");
            Message original = messages().append(text(group, ann, clientMsgId, "hello")).message();

            AppendResult retry = messages().append(
                    NewMessageBuilder.text(group.id(), ann.id(), "hello again").clientMsgId(clientMsgId).at(at(30)).build());

            assertThat(retry.duplicate()).isTrue();
            assertThat(retry.message()).isEqualTo(original);
            assertThat(messages().lastSeq(group.id())).isEqualTo(1);
            assertThat(messages().findByClientMsgId(ann.id(), clientMsgId)).contains(original);
        }

        @Test
        @DisplayName("the same clientMsgId from a different sender is a new message")
        void otherSenderIsNewMessage() {
            User ann = user("ann");
            User ben = user("ben");
            Conversation direct = conversations().getOrCreateDirect(ann.id(), ben.id(), T0);
            String clientMsgId = unique("cm");
            Message fromAnn = messages().append(text(direct, ann, clientMsgId, "hi")).message();

            AppendResult fromBen = messages().append(text(direct, ben, clientMsgId, "hi"));

            assertThat(fromBen.duplicate()).isFalse();
            assertThat(fromBen.message().seq()).isEqualTo(2);
            assertThat(fromBen.message().senderId()).isEqualTo(ben.id());
            assertThat(messages().findByClientMsgId(ann.id(), clientMsgId)).contains(fromAnn);
            assertThat(messages().findByClientMsgId(ben.id(), clientMsgId)).contains(fromBen.message());
            assertThat(messages().findByClientMsgId(user("cid").id(), clientMsgId)).isEmpty();
        }

        @Test
        @DisplayName("messages without a clientMsgId are never duplicates")
        void nullClientMsgIdNeverDedups() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            NewMessage same = text(group, ann, null, "ping");

            AppendResult first = messages().append(same);
            AppendResult second = messages().append(same);

            assertThat(first.duplicate()).isFalse();
            assertThat(second.duplicate()).isFalse();
            assertThat(second.message().id()).isNotEqualTo(first.message().id());
            assertThat(List.of(first.message().seq(), second.message().seq())).containsExactly(1L, 2L);
        }

        @Test
        @DisplayName("a sender's clientMsgId is unique across conversations, not only within one")
        void uniqueAcrossConversations() {
            User ann = user("ann");
            Conversation one = conversations().createGroup("One", ann.id(), T0);
            Conversation two = conversations().createGroup("Two", ann.id(), T0);
            String clientMsgId = unique("cm");
            Message original = messages().append(text(one, ann, clientMsgId, "hello")).message();

            AppendResult again = messages().append(text(two, ann, clientMsgId, "hello"));

            assertThat(again.duplicate()).isTrue();
            assertThat(again.message()).isEqualTo(original);
            assertThat(messages().lastSeq(two.id())).isZero();
        }

        @Test
        @DisplayName("8 threads retrying one clientMsgId store one message and all get it back")
        void concurrentRetriesStoreOne() throws Exception {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            String clientMsgId = unique("cm");
            Queue<AppendResult> results = new ConcurrentLinkedQueue<>();

            concurrently(8, thread -> results.add(messages().append(text(group, ann, clientMsgId, "once"))));

            assertThat(results).hasSize(8).filteredOn(r -> !r.duplicate()).hasSize(1);
            assertThat(results).extracting(AppendResult::message).containsOnly(results.peek().message());
            assertThat(messages().lastSeq(group.id())).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("Paging")
    class Paging {

        @Test
        @DisplayName("after returns at most limit messages with a greater seq, lowest first")
        void afterPages() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            List<Message> sent = fill(group, ann, 10);

            assertThat(messages().after(group.id(), 0, 3)).containsExactlyElementsOf(sent.subList(0, 3));
            assertThat(messages().after(group.id(), 3, 4)).containsExactlyElementsOf(sent.subList(3, 7));
            assertThat(messages().after(group.id(), 7, 100)).containsExactlyElementsOf(sent.subList(7, 10));
        }

        @Test
        @DisplayName("after the last seq, or beyond it, there is nothing")
        void afterTheEnd() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            fill(group, ann, 4);

            assertThat(messages().after(group.id(), 4, 10)).isEmpty();
            assertThat(messages().after(group.id(), 50, 10)).isEmpty();
            assertThat(messages().after(group.id(), 3, 10)).extracting(Message::seq).containsExactly(4L);
        }

        @Test
        @DisplayName("before returns the limit messages just before a seq, lowest first, and nothing before seq 1")
        void beforePages() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            List<Message> sent = fill(group, ann, 10);

            assertThat(messages().before(group.id(), 8, 3)).containsExactlyElementsOf(sent.subList(4, 7));
            assertThat(messages().before(group.id(), 3, 10)).containsExactlyElementsOf(sent.subList(0, 2));
            assertThat(messages().before(group.id(), 1, 10)).isEmpty();
        }

        @Test
        @DisplayName("before Long.MAX_VALUE returns the latest page, lowest first")
        void latestPage() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            List<Message> sent = fill(group, ann, 10);

            assertThat(messages().before(group.id(), Long.MAX_VALUE, 4)).containsExactlyElementsOf(sent.subList(6, 10));
            assertThat(messages().before(group.id(), Long.MAX_VALUE, 100)).containsExactlyElementsOf(sent);
            assertThat(messages().before(group.id(), 11, 1)).containsExactly(sent.get(9));
        }

        @Test
        @DisplayName("a conversation without messages pages as empty")
        void emptyConversation() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Quiet", ann.id(), T0);

            assertThat(messages().after(group.id(), 0, 50)).isEmpty();
            assertThat(messages().before(group.id(), Long.MAX_VALUE, 50)).isEmpty();
            assertThat(messages().lastSeq(group.id())).isZero();
        }

        @Test
        @DisplayName("paging returns only the given conversation's messages")
        void onlyThisConversation() {
            User ann = user("ann");
            Conversation one = conversations().createGroup("One", ann.id(), T0);
            Conversation two = conversations().createGroup("Two", ann.id(), T0);
            List<Message> inOne = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                inOne.add(send(one, ann, "one " + i));
                send(two, ann, "two " + i);
            }

            assertThat(messages().after(one.id(), 0, 100)).containsExactlyElementsOf(inOne);
            assertThat(messages().before(one.id(), Long.MAX_VALUE, 100)).containsExactlyElementsOf(inOne);
        }

        @Test
        @DisplayName("a reader paging forward while 4 threads append never skips or repeats a message")
        void readerDuringConcurrentAppends() throws Exception {
            int total = 2000;
            User ann = user("ann");
            Conversation group = conversations().createGroup("Busy", ann.id(), T0);
            List<Long> seen = Collections.synchronizedList(new ArrayList<>());
            AtomicLong last = new AtomicLong();

            try (Workers writers = Workers.start(4, thread -> {
                for (int i = 0; i < total / 4; i++) {
                    messages().append(text(group, ann, null, "t" + thread + "-" + i));
                }
            })) {
                await().atMost(Duration.ofMinutes(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                        .until(() -> {
                            for (Message message : messages().after(group.id(), last.get(), 64)) {
                                seen.add(message.seq());
                                last.set(message.seq());
                            }
                            return last.get() >= total;
                        });
                writers.join();
            }

            assertThat(seen).containsExactlyElementsOf(range(1, total));
        }
    }

    @Nested
    @DisplayName("Cursors")
    class Cursors {

        @Test
        @DisplayName("a member with no stored cursor is at the start")
        void startCursor() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            fill(group, ann, 3);

            assertThat(messages().cursor(group.id(), ann.id())).isEqualTo(Cursor.start(group.id(), ann.id()));
        }

        @Test
        @DisplayName("markDelivered moves the delivered cursor forward, never back, and returns it as stored")
        void deliveredMovesForward() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            fill(group, ann, 10);

            assertThat(messages().markDelivered(group.id(), ann.id(), 5).withChange(0)).isEqualTo(new Cursor(group.id(), ann.id(), 5, 0));
            assertThat(messages().markDelivered(group.id(), ann.id(), 3).withChange(0)).isEqualTo(new Cursor(group.id(), ann.id(), 5, 0));
            assertThat(messages().cursor(group.id(), ann.id()).withChange(0)).isEqualTo(new Cursor(group.id(), ann.id(), 5, 0));
            assertThat(messages().markDelivered(group.id(), ann.id(), 7).withChange(0)).isEqualTo(new Cursor(group.id(), ann.id(), 7, 0));
        }

        @Test
        @DisplayName("markRead moves the read cursor forward, never back, and the delivered cursor with it")
        void readImpliesDelivered() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            fill(group, ann, 12);
            ConversationId id = group.id();

            assertThat(messages().markRead(id, ann.id(), 4).withChange(0)).isEqualTo(new Cursor(id, ann.id(), 4, 4));
            assertThat(messages().markDelivered(id, ann.id(), 9).withChange(0)).isEqualTo(new Cursor(id, ann.id(), 9, 4));
            assertThat(messages().markRead(id, ann.id(), 6).withChange(0)).isEqualTo(new Cursor(id, ann.id(), 9, 6));
            assertThat(messages().markRead(id, ann.id(), 2).withChange(0)).isEqualTo(new Cursor(id, ann.id(), 9, 6));
            assertThat(messages().markRead(id, ann.id(), 12).withChange(0)).isEqualTo(new Cursor(id, ann.id(), 12, 12));
            assertThat(messages().cursor(id, ann.id()).withChange(0)).isEqualTo(new Cursor(id, ann.id(), 12, 12));
        }

        @Test
        @DisplayName("cursors are kept per member and conversation, and cursors(conversation) lists that conversation's")
        void cursorsPerConversation() {
            User ann = user("ann");
            User ben = user("ben");
            Conversation one = conversations().createGroup("One", ann.id(), T0);
            Conversation two = conversations().createGroup("Two", ann.id(), T0);
            Conversation three = conversations().createGroup("Three", ann.id(), T0);
            conversations().addMember(new Member(one.id(), ben.id(), MemberRole.MEMBER, false, T0));
            fill(one, ann, 5);
            fill(two, ann, 5);

            Cursor annInOne = messages().markRead(one.id(), ann.id(), 3);
            Cursor benInOne = messages().markDelivered(one.id(), ben.id(), 5);
            Cursor annInTwo = messages().markDelivered(two.id(), ann.id(), 1);

            assertThat(messages().cursors(one.id())).containsExactlyInAnyOrder(annInOne, benInOne);
            assertThat(messages().cursors(two.id())).containsExactly(annInTwo);
            assertThat(messages().cursors(three.id())).isEmpty();
            assertThat(messages().cursor(two.id(), ann.id()).withChange(0)).isEqualTo(new Cursor(two.id(), ann.id(), 1, 0));
        }
    }

    @Nested
    @DisplayName("Unread counts")
    class UnreadCounts {

        @Test
        @DisplayName("a member's unread count has the others' messages and never the member's own")
        void excludesOwnMessages() {
            User ann = user("ann");
            User ben = user("ben");
            Conversation direct = conversations().getOrCreateDirect(ann.id(), ben.id(), T0);
            fill(direct, ann, 3);
            fill(direct, ben, 2);

            assertThat(messages().countUnread(direct.id(), ben.id())).isEqualTo(3);
            assertThat(messages().countUnread(direct.id(), ann.id())).isEqualTo(2);
        }

        @Test
        @DisplayName("only messages after the read cursor count, however far the delivered cursor is")
        void afterReadCursor() {
            User ann = user("ann");
            User ben = user("ben");
            Conversation direct = conversations().getOrCreateDirect(ann.id(), ben.id(), T0);
            fill(direct, ann, 6);

            messages().markDelivered(direct.id(), ben.id(), 6);
            assertThat(messages().countUnread(direct.id(), ben.id())).isEqualTo(6);

            messages().markRead(direct.id(), ben.id(), 4);
            assertThat(messages().countUnread(direct.id(), ben.id())).isEqualTo(2);

            messages().markRead(direct.id(), ben.id(), 6);
            assertThat(messages().countUnread(direct.id(), ben.id())).isZero();
            send(direct, ann, "one more");
            assertThat(messages().countUnread(direct.id(), ben.id())).isEqualTo(1);
        }

        @Test
        @DisplayName("deleted messages do not count")
        void excludesDeleted() {
            User ann = user("ann");
            User ben = user("ben");
            Conversation direct = conversations().getOrCreateDirect(ann.id(), ben.id(), T0);
            List<Message> sent = fill(direct, ann, 4);

            messages().delete(sent.get(1).id(), at(100));
            messages().delete(sent.get(3).id(), at(101));

            assertThat(messages().countUnread(direct.id(), ben.id())).isEqualTo(2);
        }

        @Test
        @DisplayName("system notices count as unread")
        void systemNoticesCount() {
            User ann = user("ann");
            Conversation notices = conversations().getOrCreateNotices(ann.id(), T0);
            for (int i = 0; i < 3; i++) {
                messages().append(NewMessageBuilder.text(notices.id(), UserId.SYSTEM, "notice " + i).kind(MessageKind.SYSTEM)
                        .at(at(i)).build());
            }

            assertThat(messages().countUnread(notices.id(), ann.id())).isEqualTo(3);
        }
    }

    @Nested
    @DisplayName("Reactions")
    class Reactions {

        @Test
        @DisplayName("addReaction stores a reaction once per user and emoji; find returns it with the message")
        void addOncePerUserAndEmoji() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            Message message = send(group, ann, "hello");
            Reaction thumbs = new Reaction(ann.id(), THUMBS_UP, at(10));

            assertThat(messages().addReaction(message.id(), thumbs)).isTrue();
            assertThat(messages().addReaction(message.id(), new Reaction(ann.id(), THUMBS_UP, at(20)))).isFalse();

            assertThat(messages().find(message.id())).contains(message.withReactions(List.of(thumbs)).withChange(message.change() + 1));
        }

        @Test
        @DisplayName("several users may react, each with several emoji, listed oldest first")
        void severalUsersAndEmoji() {
            User ann = user("ann");
            User ben = user("ben");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            conversations().addMember(new Member(group.id(), ben.id(), MemberRole.MEMBER, false, T0));
            Message message = send(group, ann, "hello");
            Reaction annThumbs = new Reaction(ann.id(), THUMBS_UP, at(10));
            Reaction benThumbs = new Reaction(ben.id(), THUMBS_UP, at(20));
            Reaction annHeart = new Reaction(ann.id(), RED_HEART, at(30));

            List.of(annThumbs, benThumbs, annHeart).forEach(r -> messages().addReaction(message.id(), r));

            assertThat(messages().find(message.id()).orElseThrow().reactions())
                    .containsExactly(annThumbs, benThumbs, annHeart);
            assertThat(messages().after(group.id(), 0, 10).get(0).reactions())
                    .containsExactly(annThumbs, benThumbs, annHeart);
        }

        @Test
        @DisplayName("removeReaction removes only that user's emoji and says whether there was one")
        void removeReaction() {
            User ann = user("ann");
            User ben = user("ben");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            Message message = send(group, ann, "hello");
            Reaction annThumbs = new Reaction(ann.id(), THUMBS_UP, at(10));
            Reaction benThumbs = new Reaction(ben.id(), THUMBS_UP, at(20));
            Reaction annHeart = new Reaction(ann.id(), RED_HEART, at(30));
            List.of(annThumbs, benThumbs, annHeart).forEach(r -> messages().addReaction(message.id(), r));

            assertThat(messages().removeReaction(message.id(), ann.id(), THUMBS_UP)).isTrue();

            assertThat(messages().find(message.id()).orElseThrow().reactions()).containsExactly(benThumbs, annHeart);
            assertThat(messages().removeReaction(message.id(), ann.id(), THUMBS_UP)).isFalse();
        }

        @Test
        @DisplayName("reacting to an unknown message is refused with NotFoundException")
        void unknownMessage() {
            User ann = user("ann");

            assertThatThrownBy(() -> messages().addReaction(MessageId.of(UNKNOWN_ID),
                    new Reaction(ann.id(), THUMBS_UP, T0)))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Nested
    @DisplayName("Edits")
    class Edits {

        @Test
        @DisplayName("edit replaces the text and sets the edit time, keeping seq, reactions and attachment")
        void editReplacesText() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            fill(group, ann, 2);
            NewMessage photo = NewMessageBuilder.text(group.id(), ann.id(), "a caption").clientMsgId(unique("cm"))
                    .attachment(MessageKind.IMAGE, Attachment.of(attachmentId(), "image/png", 2048)).at(at(5)).build();
            Message stored = messages().append(photo).message();
            Reaction heart = new Reaction(ann.id(), RED_HEART, at(6));
            messages().addReaction(stored.id(), heart);

            Message edited = messages().edit(stored.id(), "a better caption", at(60));

            Message expected = stored.withReactions(List.of(heart)).withText("a better caption", at(60))
                    .withChange(stored.change() + 2);
            assertThat(edited).isEqualTo(expected);
            assertThat(messages().find(stored.id())).contains(expected);
            assertThat(messages().after(group.id(), 2, 10)).containsExactly(expected);
            assertThat(messages().lastSeq(group.id())).isEqualTo(3);
        }

        @Test
        @DisplayName("editing an unknown message is refused with NotFoundException")
        void editUnknown() {
            assertThatThrownBy(() -> messages().edit(MessageId.of(UNKNOWN_ID), "x", T0))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Nested
    @DisplayName("Deletes")
    class Deletes {

        @Test
        @DisplayName("delete turns a message into a tombstone without text, attachment or reactions, keeping its seq")
        void tombstone() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            NewMessage photo = NewMessageBuilder.text(group.id(), ann.id(), "a caption").clientMsgId(unique("cm"))
                    .attachment(MessageKind.IMAGE, new Attachment(attachmentId(), "image/jpeg", 4096, "cat.jpg", 640, 480, null))
                    .at(T0).build();
            Message stored = messages().append(photo).message();
            messages().addReaction(stored.id(), new Reaction(ann.id(), THUMBS_UP, at(1)));

            Message tombstone = messages().delete(stored.id(), at(90));

            assertThat(tombstone.deleted()).isTrue();
            assertThat(tombstone.text()).isNull();
            assertThat(tombstone.attachment()).isNull();
            assertThat(tombstone.reactions()).isEmpty();
            assertThat(tombstone.editedAt()).isEqualTo(at(90));
            assertThat(tombstone).isEqualTo(stored.asDeleted(at(90)).withChange(stored.change() + 2));
            assertThat(messages().find(stored.id())).contains(tombstone);
        }

        @Test
        @DisplayName("a tombstone stays in its place when paging, and the next message still gets the next seq")
        void tombstoneKeepsPlace() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            List<Message> sent = fill(group, ann, 3);

            Message tombstone = messages().delete(sent.get(1).id(), at(50));

            assertThat(messages().after(group.id(), 0, 10)).containsExactly(sent.get(0), tombstone, sent.get(2));
            assertThat(messages().before(group.id(), 3, 1)).containsExactly(tombstone);
            assertThat(messages().lastSeq(group.id())).isEqualTo(3);
            assertThat(send(group, ann, "after").seq()).isEqualTo(4);
        }

        @Test
        @DisplayName("retrying a deleted message's clientMsgId returns the tombstone as a duplicate")
        void retryAfterDelete() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            String clientMsgId = unique("cm");
            Message stored = messages().append(text(group, ann, clientMsgId, "oops")).message();
            Message tombstone = messages().delete(stored.id(), at(10));

            AppendResult retry = messages().append(text(group, ann, clientMsgId, "oops"));

            assertThat(retry.duplicate()).isTrue();
            assertThat(retry.message()).isEqualTo(tombstone);
            assertThat(messages().lastSeq(group.id())).isEqualTo(1);
        }

        @Test
        @DisplayName("a tombstone cannot be edited back to life, and takes no reactions")
        void tombstoneStaysEmpty() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            Message stored = send(group, ann, "gone soon");
            Message tombstone = messages().delete(stored.id(), at(10));

            assertThatThrownBy(() -> messages().edit(stored.id(), "back again", at(20)))
                    .isInstanceOf(ConflictException.class);
            assertThat(messages().addReaction(stored.id(), new Reaction(ann.id(), THUMBS_UP, at(30)))).isFalse();
            assertThat(messages().find(stored.id())).contains(tombstone);
        }

        @Test
        @DisplayName("deleting an unknown message is refused with NotFoundException")
        void deleteUnknown() {
            assertThatThrownBy(() -> messages().delete(MessageId.of(UNKNOWN_ID), T0))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Nested
    @DisplayName("Devices")
    class Devices {

        @Test
        @DisplayName("push preferences are the defaults until saved, then read back as saved, and replaced whole")
        void preferences() {
            User ann = user("ann");
            User ben = user("ben");
            assertThat(store.devices().preferences(ann.id())).isEqualTo(PushPreferences.DEFAULTS);
            PushPreferences saved = new PushPreferences(PushPreferences.Preview.HIDE,
                    Set.of(ConversationId.of(7), ConversationId.of(9)), Set.of(ben.id()));
            store.devices().savePreferences(ann.id(), saved);
            assertThat(store.devices().preferences(ann.id())).isEqualTo(saved);
            assertThat(store.devices().preferences(ben.id())).isEqualTo(PushPreferences.DEFAULTS);

            PushPreferences replaced = new PushPreferences(PushPreferences.Preview.SHOW, Set.of(), Set.of());
            store.devices().savePreferences(ann.id(), replaced);
            assertThat(store.devices().preferences(ann.id())).isEqualTo(replaced);
        }

        @Test
        @DisplayName("list returns a user's devices field for field, oldest registration first; none for a user without")
        void listOldestFirst() {
            User ann = user("ann");
            Device phone = device(ann, "phone", "apns", 10);
            Device tablet = device(ann, "tablet", "apns", 20);
            Device laptop = device(ann, "laptop", "webpush", 30);
            List.of(phone, tablet, laptop).forEach(store.devices()::save);

            assertThat(store.devices().list(ann.id())).containsExactly(phone, tablet, laptop);
            assertThat(store.devices().list(user("ben").id())).isEmpty();
        }

        @Test
        @DisplayName("saving a device id again replaces the user's device with that id")
        void saveReplacesById() {
            User ann = user("ann");
            store.devices().save(device(ann, "phone", "apns", 10));
            Device renewed = device(ann, "phone", "fcm", 20);

            store.devices().save(renewed);

            assertThat(store.devices().list(ann.id())).containsExactly(renewed);
        }

        @Test
        @DisplayName("a push token moves to the last device that registers it, of another user or the same one")
        void tokenMoves() {
            User ann = user("ann");
            User ben = user("ben");
            Device annsPhone = device(ann, "phone", "apns", 10);
            store.devices().save(annsPhone);
            Device annsTablet = new Device(ann.id(), DeviceId.of("tablet"), "apns", annsPhone.pushToken(), at(20));
            store.devices().save(annsTablet);
            assertThat(store.devices().list(ann.id())).containsExactly(annsTablet);

            Device bensPhone = new Device(ben.id(), DeviceId.of("phone"), "apns", annsPhone.pushToken(), at(30));
            store.devices().save(bensPhone);

            assertThat(store.devices().list(ann.id())).isEmpty();
            assertThat(store.devices().list(ben.id())).containsExactly(bensPhone);
        }

        @Test
        @DisplayName("the same token on another platform belongs to another registration")
        void tokenIsPerPlatform() {
            User ann = user("ann");
            User ben = user("ben");
            Device apns = device(ann, "phone", "apns", 10);
            Device fcm = new Device(ben.id(), DeviceId.of("phone"), "fcm", apns.pushToken(), at(20));

            store.devices().save(apns);
            store.devices().save(fcm);

            assertThat(store.devices().list(ann.id())).containsExactly(apns);
            assertThat(store.devices().list(ben.id())).containsExactly(fcm);
        }

        @Test
        @DisplayName("removeByToken removes the device with that platform and token, and counts it")
        void removeByToken() {
            User ann = user("ann");
            User ben = user("ben");
            Device apns = device(ann, "phone", "apns", 10);
            Device fcm = new Device(ann.id(), DeviceId.of("tablet"), "fcm", apns.pushToken(), at(20));
            Device other = device(ben, "phone", "apns", 30);
            List.of(apns, fcm, other).forEach(store.devices()::save);

            assertThat(store.devices().removeByToken("apns", apns.pushToken())).isEqualTo(1);

            assertThat(store.devices().list(ann.id())).containsExactly(fcm);
            assertThat(store.devices().list(ben.id())).containsExactly(other);
            assertThat(store.devices().removeByToken("apns", apns.pushToken())).isZero();
        }

        @Test
        @DisplayName("remove removes one user's device, not another user's with the same id, and says whether there was one")
        void removeOneDevice() {
            User ann = user("ann");
            User ben = user("ben");
            Device annsPhone = device(ann, "phone", "apns", 10);
            Device annsTablet = device(ann, "tablet", "apns", 15);
            Device bensPhone = device(ben, "phone", "apns", 20);
            List.of(annsPhone, annsTablet, bensPhone).forEach(store.devices()::save);

            assertThat(store.devices().remove(ann.id(), DeviceId.of("phone"))).isTrue();

            assertThat(store.devices().list(ann.id())).containsExactly(annsTablet);
            assertThat(store.devices().list(ben.id())).containsExactly(bensPhone);
            assertThat(store.devices().remove(ann.id(), DeviceId.of("phone"))).isFalse();
        }
    }

    @Nested
    @DisplayName("Unicode")
    class Unicode {

        @Test
        @DisplayName("message text with ZWJ sequences, skin tones and flags comes back exactly")
        void emojiText() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            String emoji = FAMILY + THUMBS_UP_MEDIUM + TECHNOLOGIST_DARK + RAINBOW_FLAG + RED_HEART;

            Message stored = messages().append(NewMessageBuilder.text(group.id(), ann.id(), emoji).kind(MessageKind.EMOJI).at(T0).build())
                    .message();

            assertThat(messages().find(stored.id()).orElseThrow().text()).isEqualTo(emoji);
            assertThat(messages().after(group.id(), 0, 1).get(0).text().codePoints().toArray())
                    .containsExactly(emoji.codePoints().toArray());
        }

        @Test
        @DisplayName("CJK, four-byte characters and combining marks in text come back exactly, also after an edit")
        void cjkAndFourByteText() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            String text = CJK + " " + FOUR_BYTE + " " + DECOMPOSED;

            Message stored = send(group, ann, text);
            assertThat(messages().find(stored.id()).orElseThrow().text()).isEqualTo(text);

            String edited = FOUR_BYTE + " " + FAMILY + " " + CJK;
            messages().edit(stored.id(), edited, at(5));
            assertThat(messages().before(group.id(), Long.MAX_VALUE, 1).get(0).text()).isEqualTo(edited);
        }

        @Test
        @DisplayName("display names and group names keep emoji, CJK and four-byte characters exactly")
        void namesKeepUnicode() {
            String displayName = "\u5C71\u7530 \u592A\u90CE " + TECHNOLOGIST_DARK + " " + FOUR_BYTE;
            User ann = store.users().create(new NewUser(unique("yamada"), displayName, Set.of(Role.USER), T0));
            assertThat(store.users().findById(ann.id()).orElseThrow().displayName()).isEqualTo(displayName);
            String renamedUser = DECOMPOSED + " " + THUMBS_UP_MEDIUM;
            store.users().update(ann.withDisplayName(renamedUser));
            assertThat(store.users().findByUsername(ann.username()).orElseThrow().displayName()).isEqualTo(renamedUser);

            String groupName = CJK + " " + RAINBOW_FLAG;
            Conversation group = conversations().createGroup(groupName, ann.id(), T0);
            assertThat(conversations().find(group.id()).orElseThrow().name()).isEqualTo(groupName);
            String renamedGroup = FAMILY + " " + FOUR_BYTE;
            conversations().rename(group.id(), renamedGroup);
            assertThat(conversations().listFor(ann.id()).get(0).name()).isEqualTo(renamedGroup);
        }

        @Test
        @DisplayName("reaction emoji are kept and told apart exactly, skin tones and ZWJ sequences included")
        void reactionEmoji() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            Message message = send(group, ann, "hello");
            List<Reaction> reactions = List.of(
                    new Reaction(ann.id(), THUMBS_UP, at(1)),
                    new Reaction(ann.id(), THUMBS_DOWN, at(2)),
                    new Reaction(ann.id(), THUMBS_UP_MEDIUM, at(3)),
                    new Reaction(ann.id(), FAMILY, at(4)),
                    new Reaction(ann.id(), TECHNOLOGIST_DARK, at(5)));

            for (Reaction reaction : reactions) {
                assertThat(messages().addReaction(message.id(), reaction)).as(reaction.emoji()).isTrue();
            }

            assertThat(messages().find(message.id()).orElseThrow().reactions()).containsExactlyElementsOf(reactions);
            assertThat(messages().removeReaction(message.id(), ann.id(), THUMBS_UP_MEDIUM)).isTrue();
            assertThat(messages().find(message.id()).orElseThrow().reactions()).extracting(Reaction::emoji)
                    .containsExactly(THUMBS_UP, THUMBS_DOWN, FAMILY, TECHNOLOGIST_DARK);
        }
    }

    @Nested
    @DisplayName("Attachments")
    class Attachments {

        @Test
        @DisplayName("an attachment with every optional field set comes back exactly")
        void allFields() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            Attachment clip = new Attachment(attachmentId(), "video/mp4", 7_340_032L,
                    "\u6D77\u8FBA " + THUMBS_UP_MEDIUM + ".mp4", 1920, 1080, 12_500);
            NewMessage message = NewMessageBuilder.text(group.id(), ann.id(), "holiday").clientMsgId(unique("cm"))
                    .attachment(MessageKind.FILE, clip).at(T0).build();

            Message stored = messages().append(message).message();

            assertThat(messages().find(stored.id()).orElseThrow().attachment()).isEqualTo(clip);
            assertThat(messages().after(group.id(), 0, 1)).containsExactly(message.stored(stored.id(), 1).withChange(stored.change()));
        }

        @Test
        @DisplayName("an attachment with only the required fields keeps the optional ones null")
        void requiredFieldsOnly() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            Attachment voice = Attachment.of(attachmentId(), "audio/ogg", 0);
            NewMessage message = NewMessageBuilder.message(group.id(), ann.id()).attachment(MessageKind.VOICE, voice).at(T0).build();

            Message stored = messages().append(message).message();

            Attachment found = messages().find(stored.id()).orElseThrow().attachment();
            assertThat(found).isEqualTo(voice);
            assertThat(found.name()).isNull();
            assertThat(found.width()).isNull();
            assertThat(found.height()).isNull();
            assertThat(found.durationMs()).isNull();
            assertThat(messages().find(stored.id()).orElseThrow().text()).isNull();
        }
    }

    @Nested
    @DisplayName("Change log")
    class ChangeLogs {

        @Test
        @DisplayName("every change takes the conversation's next change number, in the transaction that makes it")
        void everyChangeIsNumbered() {
            User ann = user("ann");
            User ben = user("ben");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            assertThat(changes().lastChange(group.id())).isEqualTo(1);
            assertThat(conversations().addMember(new Member(group.id(), ben.id(), MemberRole.MEMBER, false, T0))).isTrue();
            assertThat(conversations().addMember(new Member(group.id(), ben.id(), MemberRole.MEMBER, false, T0))).isFalse();

            NewMessage photo = NewMessageBuilder.text(group.id(), ann.id(), "a caption").clientMsgId(unique("cm"))
                    .attachment(MessageKind.IMAGE, Attachment.of(attachmentId(), "image/png", 2048)).at(T0).build();
            Message sent = messages().append(photo).message();
            assertThat(sent.change()).isEqualTo(3);
            assertThat(messages().append(photo).message().change()).isEqualTo(3);
            assertThat(messages().edit(sent.id(), "better", at(1)).change()).isEqualTo(4);
            assertThat(messages().addReaction(sent.id(), new Reaction(ben.id(), THUMBS_UP, at(2)))).isTrue();
            assertThat(messages().addReaction(sent.id(), new Reaction(ben.id(), THUMBS_UP, at(3)))).isFalse();
            assertThat(messages().find(sent.id()).orElseThrow().change()).isEqualTo(5);
            assertThat(messages().removeReaction(sent.id(), ben.id(), THUMBS_UP)).isTrue();
            assertThat(messages().removeReaction(sent.id(), ben.id(), THUMBS_UP)).isFalse();
            assertThat(messages().markDelivered(group.id(), ben.id(), 1).change()).isEqualTo(7);
            assertThat(messages().markRead(group.id(), ben.id(), 1).change()).isEqualTo(8);
            assertThat(messages().markRead(group.id(), ben.id(), 1).change()).isEqualTo(8);
            assertThat(messages().cursor(group.id(), ben.id()).change()).isEqualTo(8);
            conversations().updateMember(new Member(group.id(), ben.id(), MemberRole.ADMIN, true, T0));
            conversations().updateMember(new Member(group.id(), ben.id(), MemberRole.ADMIN, true, T0));
            conversations().rename(group.id(), "Crew");
            Message tombstone = messages().delete(sent.id(), at(4));
            assertThat(messages().delete(sent.id(), at(5))).isEqualTo(tombstone);
            assertThatThrownBy(() -> messages().edit(sent.id(), "again", at(6))).isInstanceOf(ConflictException.class);
            assertThat(conversations().removeMember(group.id(), ben.id(), ChangeKind.KICKED)).isTrue();
            assertThat(conversations().removeMember(group.id(), ben.id(), ChangeKind.KICKED)).isFalse();

            assertThat(tombstone.change()).isEqualTo(12);
            assertThat(tombstone.id()).isEqualTo(sent.id());
            assertThat(tombstone.seq()).isEqualTo(sent.seq());
            assertThat(tombstone.text()).isNull();
            assertThat(tombstone.attachment()).isNull();
            assertThat(changes().lastChange(group.id())).isEqualTo(13);
            assertThat(changes().latest(group.id(), ChangeKind.Entity.MEMBER, ben.id().value()))
                    .contains(new Change(group.id(), 13, ChangeKind.KICKED, ben.id().value()));
            assertThat(changes().latest(group.id(), ChangeKind.Entity.MESSAGE, sent.id().value()))
                    .contains(new Change(group.id(), 12, ChangeKind.DELETED, sent.id().value()));
            assertThat(changes().latest(group.id(), ChangeKind.Entity.CURSOR, ann.id().value())).isEmpty();
        }

        @Test
        @DisplayName("after returns the latest change of each entity that changed, once, in change order")
        void afterGivesLatestPerEntity() {
            User ann = user("ann");
            User ben = user("ben");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            conversations().addMember(new Member(group.id(), ben.id(), MemberRole.MEMBER, false, T0));
            Message first = send(group, ann, "one");
            Message second = send(group, ben, "two");
            messages().edit(first.id(), "one, edited", at(1));
            messages().markRead(group.id(), ben.id(), 2);
            conversations().updateMember(new Member(group.id(), ben.id(), MemberRole.MEMBER, true, T0));
            conversations().rename(group.id(), "Crew");
            conversations().rename(group.id(), "Crew 2");
            conversations().removeMember(group.id(), ben.id());

            long g = group.id().value();
            assertThat(changes().after(group.id(), 0, 100)).containsExactly(
                    new Change(group.id(), 1, ChangeKind.JOINED, ann.id().value()),
                    new Change(group.id(), 4, ChangeKind.SENT, second.id().value()),
                    new Change(group.id(), 5, ChangeKind.EDITED, first.id().value()),
                    new Change(group.id(), 6, ChangeKind.READ, ben.id().value()),
                    new Change(group.id(), 9, ChangeKind.RENAMED, g),
                    new Change(group.id(), 10, ChangeKind.LEFT, ben.id().value()));
            assertThat(changes().after(group.id(), 5, 100)).extracting(Change::number).containsExactly(6L, 9L, 10L);
            assertThat(changes().after(group.id(), 10, 100)).isEmpty();
            assertThat(changes().after(ConversationId.of(UNKNOWN_ID), 0, 100)).isEmpty();
            assertThat(changes().lastChange(ConversationId.of(UNKNOWN_ID))).isZero();
        }

        @Test
        @DisplayName("paging on from the last change returned neither skips nor repeats")
        void paging() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            List<Message> sent = fill(group, ann, 7);
            messages().edit(sent.get(2).id(), "edited", at(30));

            List<Long> seen = new ArrayList<>();
            long token = 0;
            for (List<Change> page = changes().after(group.id(), token, 3); !page.isEmpty();
                    page = changes().after(group.id(), token, 3)) {
                assertThat(page).hasSizeLessThanOrEqualTo(3);
                page.forEach(c -> seen.add(c.number()));
                token = page.get(page.size() - 1).number();
            }
            // 1 is the owner's join, 2..8 the sends, 9 the edit of the third send (change 4).
            assertThat(seen).containsExactly(1L, 2L, 3L, 5L, 6L, 7L, 8L, 9L);
        }

        @Test
        @DisplayName("compact drops superseded changes up to the horizon and keeps the latest of each entity")
        void compaction() {
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            Message message = send(group, ann, "one");
            messages().edit(message.id(), "two", at(1));
            messages().edit(message.id(), "three", at(2));
            messages().markRead(group.id(), ann.id(), 1);
            messages().edit(message.id(), "four", at(3));
            List<Change> before = changes().after(group.id(), 0, 100);
            assertThat(changes().horizon(group.id())).isZero();

            assertThat(changes().compact(group.id(), 4)).isEqualTo(3);
            assertThat(changes().horizon(group.id())).isEqualTo(4);
            assertThat(changes().after(group.id(), 0, 100)).isEqualTo(before);
            assertThat(changes().after(group.id(), 4, 100)).extracting(Change::number).containsExactly(5L, 6L);
            assertThat(changes().compact(group.id(), 2)).isZero();
            assertThat(changes().horizon(group.id())).isEqualTo(4);
            assertThat(changes().compact(group.id(), 1_000)).isEqualTo(0);
            assertThat(changes().horizon(group.id())).isEqualTo(6);

            messages().edit(message.id(), "five", at(4));
            assertThat(changes().lastChange(group.id())).isEqualTo(7);
            assertThat(changes().after(group.id(), 6, 100)).extracting(Change::number).containsExactly(7L);
        }

        @Test
        @DisplayName("compactAll keeps the latest changes of each conversation whole")
        void compactAll() {
            User ann = user("ann");
            Conversation busy = conversations().createGroup("Busy", ann.id(), T0);
            Conversation quiet = conversations().createGroup("Quiet", ann.id(), T0);
            Message message = send(busy, ann, "v0");
            for (int i = 1; i <= 6; i++) {
                messages().edit(message.id(), "v" + i, at(i));
            }

            changes().compactAll(3);

            assertThat(changes().horizon(busy.id())).isEqualTo(5);
            assertThat(changes().horizon(quiet.id())).isZero();
            assertThat(changes().after(busy.id(), 0, 100)).extracting(Change::number).containsExactly(1L, 8L);
            assertThat(changes().lastChange(busy.id())).isEqualTo(8);
        }

        @Test
        @DisplayName("8 threads changing one conversation get change numbers 1..N, each once, and a concurrent reader skips nothing")
        void concurrentChanges() throws Exception {
            int perThread = 40;
            User ann = user("ann");
            Conversation group = conversations().createGroup("Team", ann.id(), T0);
            List<User> writers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                User writer = user("writer");
                conversations().addMember(new Member(group.id(), writer.id(), MemberRole.MEMBER, false, T0));
                writers.add(writer);
            }
            long start = changes().lastChange(group.id());
            Queue<Long> numbers = new ConcurrentLinkedQueue<>();
            Set<Long> sentIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
            List<Long> readerSaw = Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread reader = new Thread(() -> {
                long token = start;
                boolean last = false;
                while (!last) {
                    last = !writing.get();
                    for (List<Change> page = changes().after(group.id(), token, 25); !page.isEmpty();
                            page = changes().after(group.id(), token, 25)) {
                        for (Change change : page) {
                            if (change.kind() == ChangeKind.SENT) {
                                readerSaw.add(change.entityId());
                            }
                            token = change.number();
                        }
                    }
                }
            });
            reader.start();
            try {
                concurrently(8, thread -> {
                    User writer = writers.get(thread);
                    for (int i = 0; i < perThread; i++) {
                        Message sent = send(group, writer, "t" + thread + "-" + i);
                        sentIds.add(sent.id().value());
                        numbers.add(sent.change());
                        numbers.add(messages().markDelivered(group.id(), writer.id(), i + 1).change());
                    }
                });
            } finally {
                writing.set(false);
                reader.join(Duration.ofMinutes(2).toMillis());
            }

            long n = 8L * perThread * 2;
            assertThat(numbers).hasSize((int) n);
            assertThat(new java.util.TreeSet<>(numbers)).containsExactlyElementsOf(range(start + 1, start + n));
            assertThat(changes().lastChange(group.id())).isEqualTo(start + n);
            assertThat(readerSaw).doesNotHaveDuplicates();
            assertThat(new java.util.HashSet<>(readerSaw)).isEqualTo(sentIds);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private ConversationStore conversations() {
        return store.conversations();
    }

    private MessageStore messages() {
        return store.messages();
    }

    private ChangeLog changes() {
        return store.changes();
    }

    private InvitationStore invitations() {
        return store.invitations();
    }

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /** A lower-case name unique to this run and this call. */
    private static String unique(String base) {
        return base + "_" + RUN + "_" + SERIAL.incrementAndGet();
    }

    private static AttachmentId attachmentId() {
        return AttachmentId.of(unique("att").replace('_', '-') + "-padding-to-sixteen");
    }

    private User user(String base) {
        String display = Character.toUpperCase(base.charAt(0)) + base.substring(1);
        return store.users().create(new NewUser(unique(base), display, Set.of(Role.USER), T0));
    }

    private Device device(User owner, String id, String platform, long registeredSecond) {
        return new Device(owner.id(), DeviceId.of(id), platform, unique("push-token"), at(registeredSecond));
    }

    private static NewMessage text(Conversation conversation, User sender, String clientMsgId, String text) {
        return NewMessageBuilder.text(conversation.id(), sender.id(), text).clientMsgId(clientMsgId).at(T0).build();
    }

    private Message send(Conversation conversation, User sender, String text) {
        return messages().append(text(conversation, sender, null, text)).message();
    }

    /** Appends n text messages, stamped a second apart, and returns them as stored. */
    private List<Message> fill(Conversation conversation, User sender, int n) {
        List<Message> sent = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            sent.add(messages().append(NewMessageBuilder.text(conversation.id(), sender.id(), "message " + i).at(at(i)).build())
                    .message());
        }
        return sent;
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
    }

    /** Runs the task on the given number of threads, released together, and waits for all of them. */
    private static void concurrently(int threads, Task task) throws Exception {
        try (Workers workers = Workers.start(threads, task)) {
            workers.join();
        }
    }

    /** Work for one of several threads, given its index. */
    @FunctionalInterface
    private interface Task {
        void run(int thread) throws Exception;
    }

    /** Threads started together on one task; {@link #join()} waits for them and rethrows what failed. */
    private static final class Workers implements AutoCloseable {

        private final ExecutorService pool;
        private final List<Future<?>> futures = new ArrayList<>();

        private Workers(int threads) {
            pool = Executors.newFixedThreadPool(threads);
        }

        static Workers start(int threads, Task task) throws InterruptedException {
            Workers workers = new Workers(threads);
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < threads; i++) {
                int thread = i;
                workers.futures.add(workers.pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    task.run(thread);
                    return null;
                }));
            }
            ready.await();
            go.countDown();
            return workers;
        }

        void join() throws Exception {
            for (Future<?> future : futures) {
                try {
                    future.get(10, TimeUnit.MINUTES);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Exception cause) {
                        throw cause;
                    }
                    throw (Error) e.getCause();
                }
            }
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }
}
