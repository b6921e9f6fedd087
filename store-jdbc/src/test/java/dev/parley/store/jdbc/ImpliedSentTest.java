package dev.parley.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.parley.api.Change;
import dev.parley.api.ChangeKind;
import dev.parley.api.Conversation;
import dev.parley.api.Message;
import dev.parley.api.NewUser;
import dev.parley.api.Role;
import dev.parley.api.User;
import dev.parley.testkit.NewMessageBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A new message has no row in {@code changes}: its row in {@code messages} stands for its
 * {@code SENT} change. These tests look at the tables themselves, which the compatibility kit
 * cannot, and at a database that holds both kinds: messages logged before migration V5, with a
 * {@code SENT} row each, beside messages sent after it.
 */
class ImpliedSentTest {

    private static final Instant T0 = Instant.parse("2030-01-01T09:00:00Z");

    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of("H2 in memory", (Supplier<JdbcChatStore>) TestDatabases::h2Memory),
                Arguments.of("MariaDB", (Supplier<JdbcChatStore>) TestDatabases::mariaDb));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    @DisplayName("a send writes no change row; the first edit writes the superseded SENT row and its own")
    void sendWritesNoChangeRow(String name, Supplier<JdbcChatStore> database) {
        try (JdbcChatStore store = database.get()) {
            store.start();
            Conversation group = group(store);
            User ann = store.users().findById(group.createdBy()).orElseThrow();
            List<Message> sent = send(store, group, ann, 3);

            assertThat(rows(store, group)).containsExactly(new Change(group.id(), 1, ChangeKind.JOINED, ann.id().value()));
            assertThat(store.changes().after(group.id(), 0, 100)).extracting(Change::kind, Change::number)
                    .containsExactly(tuple(ChangeKind.JOINED, 1L),
                            tuple(ChangeKind.SENT, 2L),
                            tuple(ChangeKind.SENT, 3L),
                            tuple(ChangeKind.SENT, 4L));
            assertThat(store.changes().latest(group.id(), ChangeKind.Entity.MESSAGE, sent.get(1).id().value()))
                    .contains(new Change(group.id(), 3, ChangeKind.SENT, sent.get(1).id().value()));

            store.messages().edit(sent.get(1).id(), "edited", T0.plusSeconds(60));

            assertThat(rows(store, group)).containsExactly(
                    new Change(group.id(), 1, ChangeKind.JOINED, ann.id().value()),
                    new Change(group.id(), 3, ChangeKind.SENT, sent.get(1).id().value()),
                    new Change(group.id(), 5, ChangeKind.EDITED, sent.get(1).id().value()));
            assertThat(latestFlags(store, group)).containsExactly(true, false, true);
            assertThat(store.changes().after(group.id(), 0, 100)).extracting(Change::number).containsExactly(1L, 2L, 4L, 5L);
            assertThat(store.changes().after(group.id(), 2, 2)).extracting(Change::number).containsExactly(4L, 5L);
            assertThat(store.changes().compact(group.id(), 5)).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    @DisplayName("messages logged before V5 and messages sent after it are each read once, and change once")
    void loggedAndImpliedTogether(String name, Supplier<JdbcChatStore> database) {
        try (JdbcChatStore store = database.get()) {
            store.start();
            Conversation group = group(store);
            User ann = store.users().findById(group.createdBy()).orElseThrow();
            List<Message> old = send(store, group, ann, 4);
            // What the appender wrote before V5: a SENT row, latest, for every new message.
            Jdbi.create(store.dataSource()).useHandle(h -> {
                for (Message m : old) {
                    h.execute("INSERT INTO changes (conversation_id, change_no, kind, entity, entity_id, latest) "
                            + "VALUES (?, ?, 'SENT', 'MESSAGE', ?, TRUE)", group.id().value(), m.change(), m.id().value());
                }
            });
            List<Message> fresh = send(store, group, ann, 3);

            List<Long> all = store.changes().after(group.id(), 0, 100).stream().map(Change::number).toList();
            assertThat(all).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
            List<Long> paged = new ArrayList<>();
            long token = 0;
            for (List<Change> page = store.changes().after(group.id(), token, 3); !page.isEmpty();
                    page = store.changes().after(group.id(), token, 3)) {
                page.forEach(c -> paged.add(c.number()));
                token = page.get(page.size() - 1).number();
            }
            assertThat(paged).isEqualTo(all);

            store.messages().edit(old.get(1).id(), "old, edited", T0.plusSeconds(60));
            store.messages().edit(fresh.get(0).id(), "new, edited", T0.plusSeconds(61));

            assertThat(store.changes().after(group.id(), 0, 100)).extracting(Change::number, Change::kind)
                    .containsExactly(tuple(1L, ChangeKind.JOINED),
                            tuple(2L, ChangeKind.SENT),
                            tuple(4L, ChangeKind.SENT),
                            tuple(5L, ChangeKind.SENT),
                            tuple(7L, ChangeKind.SENT),
                            tuple(8L, ChangeKind.SENT),
                            tuple(9L, ChangeKind.EDITED),
                            tuple(10L, ChangeKind.EDITED));
            assertThat(store.changes().latest(group.id(), ChangeKind.Entity.MESSAGE, old.get(0).id().value()))
                    .contains(new Change(group.id(), 2, ChangeKind.SENT, old.get(0).id().value()));
            assertThat(store.changes().latest(group.id(), ChangeKind.Entity.MESSAGE, fresh.get(1).id().value()))
                    .contains(new Change(group.id(), 7, ChangeKind.SENT, fresh.get(1).id().value()));
            // The two superseded SENT rows: the old one as logged, the new one written by its edit.
            assertThat(store.changes().compact(group.id(), 10)).isEqualTo(2);
            assertThat(store.changes().after(group.id(), 0, 100)).extracting(Change::number)
                    .containsExactly(1L, 2L, 4L, 5L, 7L, 8L, 9L, 10L);
        }
    }

    private static Conversation group(JdbcChatStore store) {
        User ann = store.users().create(new NewUser("ann-" + UUID.randomUUID(), "Ann", Set.of(Role.USER), T0));
        return store.conversations().createGroup("Implied", ann.id(), T0);
    }

    private static List<Message> send(JdbcChatStore store, Conversation group, User sender, int count) {
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(store.messages().append(NewMessageBuilder.text(group.id(), sender.id(), "m" + i)
                    .clientMsgId(UUID.randomUUID().toString()).at(T0).build()).message());
        }
        return sent;
    }

    private static List<Change> rows(JdbcChatStore store, Conversation group) {
        return Jdbi.create(store.dataSource()).withHandle(h -> h.createQuery(
                        "SELECT conversation_id, change_no, kind, entity_id FROM changes WHERE conversation_id = ? "
                                + "ORDER BY change_no")
                .bind(0, group.id().value())
                .map((rs, ctx) -> new Change(group.id(), rs.getLong(2), ChangeKind.valueOf(rs.getString(3)), rs.getLong(4)))
                .list());
    }

    private static List<Boolean> latestFlags(JdbcChatStore store, Conversation group) {
        return Jdbi.create(store.dataSource()).withHandle(h -> h.createQuery(
                        "SELECT latest FROM changes WHERE conversation_id = ? ORDER BY change_no")
                .bind(0, group.id().value())
                .mapTo(Boolean.class)
                .list());
    }
}
