package dev.parley.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.api.ChatException;
import dev.parley.api.ConversationId;
import dev.parley.api.MemberRole;
import dev.parley.api.Message;
import dev.parley.api.MessageDraft;
import dev.parley.api.UserId;
import dev.parley.api.spi.ChatStore;
import dev.parley.core.Argon2idPasswordHasher;
import dev.parley.core.ChatEngine;
import dev.parley.core.RateLimits;
import dev.parley.core.SyncBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Model-based properties of the engine: random scripts of sends, edits, deletes, adds, kicks, role
 * changes and blocks by four users in one group, each checked against a small reference model of who
 * is in the group with which role, which messages exist, what they say and which are deleted. Every
 * step the model allows must succeed and every step it forbids must fail with a {@link ChatException}
 * and change nothing; after every step each member's history and sync show exactly the model's
 * messages, numbered 1, 2, 3, ... without a gap, and everyone outside the group sees nothing of it. A
 * failing script is shrunk by jqwik to the fewest steps that still fail. The seed is fixed.
 *
 * <p>A script may also restart the engine: it closes the engine, opens the store again with
 * {@link #reopen} and goes on with a new engine over it, so what the store keeps and what the engine
 * caches are checked against the same model. A store proves it with a subclass:
 *
 * <pre>{@code
 * class MyStoreEngineModelTest extends EngineModelKit {
 *     @Override
 *     protected ChatStore createStore() {
 *         return new MyChatStore(...);
 *     }
 * }
 * }</pre>
 *
 * <p>Usernames carry a random suffix, so a store over a shared database needs no cleaning between
 * tries.
 */
public abstract class EngineModelKit {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final AtomicInteger TRIES = new AtomicInteger();

    /** The store to test, new for each try and not yet started. */
    protected abstract ChatStore createStore();

    /**
     * Returns a started store that reads what the given store, closed by its engine, stored: by
     * default a new store from {@link #createStore()}, which suits a store over a database. A store that
     * keeps its data in itself, as an in-memory store does, returns the closed store.
     */
    protected ChatStore reopen(ChatStore closed) {
        ChatStore store = createStore();
        store.start();
        return store;
    }

    private static final int USERS = 4;
    private static final int OWNER = 0;

    /** One step of a script; users and messages are indexes, taken modulo what exists. */
    sealed interface Step permits Send, Edit, Delete, Add, Kick, SetRole, Block, Unblock, Restart {
    }

    record Send(int actor) implements Step {
    }

    record Edit(int actor, int message) implements Step {
    }

    record Delete(int actor, int message) implements Step {
    }

    record Add(int actor, int target) implements Step {
    }

    record Kick(int actor, int target) implements Step {
    }

    record SetRole(int actor, int target, boolean admin) implements Step {
    }

    record Block(int actor, int target) implements Step {
    }

    record Unblock(int actor, int target) implements Step {
    }

    /** Closes the engine and goes on with a new one over the store, opened again. */
    record Restart() implements Step {
    }

    /** What the engine should hold: the reference every step is checked against. */
    private static final class Model {
        final Map<Integer, MemberRole> members = new HashMap<>();
        final List<int[]> messages = new ArrayList<>(); // {sender, deleted 0/1}
        final List<String> texts = new ArrayList<>();
        final Set<List<Integer>> blocks = new HashSet<>();

        boolean blockedEitherWay(int a, int b) {
            return blocks.contains(List.of(a, b)) || blocks.contains(List.of(b, a));
        }

        boolean manages(int user) {
            MemberRole role = members.get(user);
            return role != null && role.canManage();
        }
    }

    @Property(tries = 40, seed = "20261202")
    void theEngineDoesWhatTheModelSays(@ForAll("scripts") List<Step> script) {
        ChatStore store = createStore();
        ChatEngine engine = newEngine(store);
        try {
            List<UserId> users = new ArrayList<>();
            int tryNumber = TRIES.incrementAndGet();
            for (int i = 0; i < USERS; i++) {
                users.add(engine.users().register("model" + i + "-" + RUN + "-" + tryNumber, "User " + i,
                        "correct horse battery").id());
            }
            ConversationId group = engine.conversations().createGroupAsAdmin(users.get(OWNER), "model",
                    users.subList(1, USERS)).id();
            Model model = new Model();
            model.members.put(OWNER, MemberRole.OWNER);
            for (int i = 1; i < USERS; i++) {
                model.members.put(i, MemberRole.MEMBER);
            }
            List<Message> stored = new ArrayList<>();
            int step = 0;
            for (Step s : script) {
                step++;
                if (s instanceof Restart) {
                    engine.close();
                    store = reopen(store);
                    engine = newEngine(store);
                } else {
                    apply(engine, users, group, model, stored, s, "step " + step + " " + s);
                }
                check(engine, users, group, model, stored, "after step " + step + " " + s);
            }
        } finally {
            engine.close();
        }
    }

    private static ChatEngine newEngine(ChatStore store) {
        return ChatEngine.builder().store(store)
                .passwordHasher(new Argon2idPasswordHasher(1024, 1, 1))
                .rateLimits(RateLimits.defaults().withSends(100_000, 100_000)).build().start();
    }

    private static void apply(ChatEngine engine, List<UserId> users, ConversationId group, Model model,
                              List<Message> stored, Step step, String what) {
        if (step instanceof Send s) {
            String text = "m" + model.messages.size() + " by " + s.actor();
            boolean allowed = model.members.containsKey(s.actor());
            Message sent = expect(allowed, what, () -> engine.messages()
                    .send(users.get(s.actor()), group, MessageDraft.text(text)).message());
            if (allowed) {
                model.messages.add(new int[] {s.actor(), 0});
                model.texts.add(text);
                stored.add(sent);
            }
        } else if (step instanceof Edit e) {
            if (stored.isEmpty()) {
                return;
            }
            int m = e.message() % stored.size();
            String text = "edited " + m + " by " + e.actor();
            boolean allowed = model.members.containsKey(e.actor()) && model.messages.get(m)[0] == e.actor()
                    && model.messages.get(m)[1] == 0;
            expect(allowed, what, () -> engine.messages().edit(users.get(e.actor()), stored.get(m).id(), text));
            if (allowed) {
                model.texts.set(m, text);
            }
        } else if (step instanceof Delete d) {
            if (stored.isEmpty()) {
                return;
            }
            int m = d.message() % stored.size();
            boolean allowed = model.members.containsKey(d.actor())
                    && (model.messages.get(m)[0] == d.actor() || model.manages(d.actor()));
            expect(allowed, what, () -> engine.messages().delete(users.get(d.actor()), stored.get(m).id()));
            if (allowed) {
                model.messages.get(m)[1] = 1;
            }
        } else if (step instanceof Add a) {
            boolean allowed = model.manages(a.actor()) && !model.members.containsKey(a.target())
                    && !model.blockedEitherWay(a.actor(), a.target());
            expect(allowed, what, () -> engine.conversations().addMember(users.get(a.actor()), group,
                    users.get(a.target())));
            if (allowed) {
                model.members.put(a.target(), MemberRole.MEMBER);
            }
        } else if (step instanceof Kick k) {
            MemberRole target = model.members.get(k.target());
            boolean allowed = model.manages(k.actor()) && target != null && k.actor() != k.target()
                    && target != MemberRole.OWNER
                    && (target != MemberRole.ADMIN || model.members.get(k.actor()) == MemberRole.OWNER);
            expect(allowed, what, () -> {
                engine.conversations().kick(users.get(k.actor()), group, users.get(k.target()));
                return null;
            });
            if (allowed) {
                model.members.remove(k.target());
            }
        } else if (step instanceof SetRole r) {
            MemberRole role = r.admin() ? MemberRole.ADMIN : MemberRole.MEMBER;
            boolean allowed = model.members.get(r.actor()) == MemberRole.OWNER && r.actor() != r.target()
                    && model.members.containsKey(r.target());
            expect(allowed, what, () -> engine.conversations().setRole(users.get(r.actor()), group,
                    users.get(r.target()), role));
            if (allowed) {
                model.members.put(r.target(), role);
            }
        } else if (step instanceof Block b) {
            boolean allowed = b.actor() != b.target();
            expect(allowed, what, () -> {
                engine.friends().block(users.get(b.actor()), users.get(b.target()));
                return null;
            });
            if (allowed) {
                model.blocks.add(List.of(b.actor(), b.target()));
            }
        } else if (step instanceof Unblock u) {
            boolean allowed = model.blocks.contains(List.of(u.actor(), u.target()));
            expect(allowed, what, () -> {
                engine.friends().unblock(users.get(u.actor()), users.get(u.target()));
                return null;
            });
            model.blocks.remove(List.of(u.actor(), u.target()));
        }
    }

    /** Runs the step; it must succeed if allowed, and fail with a ChatException otherwise. */
    private static <T> T expect(boolean allowed, String what, Supplier<T> step) {
        if (allowed) {
            return step.get();
        }
        assertThatThrownBy(step::get).as("%s must be refused", what).isInstanceOf(ChatException.class);
        return null;
    }

    /** Every member sees exactly the model's messages in history and sync; everyone else sees nothing. */
    private static void check(ChatEngine engine, List<UserId> users, ConversationId group, Model model,
                              List<Message> stored, String what) {
        for (int u = 0; u < USERS; u++) {
            UserId user = users.get(u);
            if (!model.members.containsKey(u)) {
                assertThatThrownBy(() -> engine.messages().history(user, group, Long.MAX_VALUE, 200))
                        .as("%s: user %d is no member", what, u).isInstanceOf(ChatException.class);
                assertThat(engine.messages().sync(user, Map.of(), 200)).as("%s: user %d syncs", what, u)
                        .noneMatch(batch -> batch.conversationId().equals(group));
                continue;
            }
            List<Message> history = engine.messages().history(user, group, Long.MAX_VALUE, 200);
            List<Message> synced = engine.messages().sync(user, Map.of(), 200).stream()
                    .filter(batch -> batch.conversationId().equals(group)).findFirst()
                    .map(SyncBatch::messages).orElse(List.of());
            for (List<Message> seen : List.of(history, synced)) {
                assertThat(seen).as("%s: what user %d sees", what, u).hasSize(model.messages.size());
                for (int m = 0; m < seen.size(); m++) {
                    Message message = seen.get(m);
                    String where = what + ": message " + m + " as user " + u + " sees it";
                    assertThat(message.seq()).as(where).isEqualTo(m + 1);
                    assertThat(message.id()).as(where).isEqualTo(stored.get(m).id());
                    assertThat(message.senderId()).as(where).isEqualTo(users.get(model.messages.get(m)[0]));
                    assertThat(message.deleted()).as(where).isEqualTo(model.messages.get(m)[1] == 1);
                    if (!message.deleted()) {
                        assertThat(message.text()).as(where).isEqualTo(model.texts.get(m));
                    }
                }
            }
        }
        Set<UserId> members = new HashSet<>();
        model.members.keySet().forEach(u -> members.add(users.get(u)));
        assertThat(engine.conversations().membersForAdmin(group)).as("%s: the members", what)
                .extracting(dev.parley.api.Member::userId).containsExactlyInAnyOrderElementsOf(members);
    }

    @Provide
    Arbitrary<List<Step>> scripts() {
        Arbitrary<Integer> user = Arbitraries.integers().between(0, USERS - 1);
        Arbitrary<Integer> message = Arbitraries.integers().between(0, 40);
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, user.map(Send::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(user, message).as(Edit::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(user, message).as(Delete::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(user, user).as(Add::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(user, user).as(Kick::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(user, user, Arbitraries.of(true, false)).as(SetRole::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(user, user).as(Block::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(user, user).as(Unblock::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Restart())));
        return step.list().ofMinSize(5).ofMaxSize(40);
    }
}
