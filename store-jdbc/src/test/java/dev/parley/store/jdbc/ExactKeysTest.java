package dev.parley.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Conversation;
import dev.parley.api.Device;
import dev.parley.api.DeviceId;
import dev.parley.api.LoginToken;
import dev.parley.api.NewMessage;
import dev.parley.api.NewUser;
import dev.parley.api.Role;
import dev.parley.api.User;
import dev.parley.api.spi.AppendResult;
import dev.parley.testkit.NewMessageBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keys the kits do not cover are compared exactly too: clientMsgIds, device ids and token hashes
 * that differ only by case, an accent, a combining mark or an emoji modifier are different keys, on
 * every database. A case- or accent-insensitive collation on MySQL would merge them.
 */
class ExactKeysTest {

    private static final Instant T0 = Instant.parse("2030-01-01T09:00:00Z");

    /** Pairwise different strings that loose collations take for equal. */
    private static final List<String> LOOKALIKES = List.of("abc", "ABC", "ab\u00E7", "abc\u0327",
            "\uD83D\uDC4D", "\uD83D\uDC4D\uD83C\uDFFD", "\uD83D\uDC4E", "\uD841\uDF0E", "\u4F60\u597D");

    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of("H2 in memory", (Supplier<JdbcChatStore>) TestDatabases::h2Memory),
                Arguments.of("H2 file", (Supplier<JdbcChatStore>) TestDatabases::h2File),
                Arguments.of("MariaDB", (Supplier<JdbcChatStore>) TestDatabases::mariaDb));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    @DisplayName("clientMsgIds, device ids and token hashes that differ by case, accent, mark or modifier are different keys")
    void lookalikesAreDifferentKeys(String name, Supplier<JdbcChatStore> database) {
        try (JdbcChatStore store = database.get()) {
            store.start();
            String tag = UUID.randomUUID().toString();
            User ann = store.users().create(new NewUser("ann-" + tag, "Ann", Set.of(Role.USER), T0));
            Conversation group = store.conversations().createGroup("Keys", ann.id(), T0);

            List<NewMessage> batch = new ArrayList<>();
            for (String key : LOOKALIKES) {
                batch.add(NewMessageBuilder.text(group.id(), ann.id(), key).clientMsgId(key).at(T0).build());
            }
            List<AppendResult> results = store.messages().appendAll(batch);
            assertThat(results).noneMatch(AppendResult::duplicate);
            for (String key : LOOKALIKES) {
                assertThat(store.messages().findByClientMsgId(ann.id(), key)).as(key)
                        .hasValueSatisfying(m -> assertThat(m.text()).isEqualTo(key));
            }
            assertThat(store.messages().appendAll(batch)).allMatch(AppendResult::duplicate);

            for (int i = 0; i < LOOKALIKES.size(); i++) {
                String key = LOOKALIKES.get(i);
                store.devices().save(new Device(ann.id(), DeviceId.of(key), "apns", tag + key, T0.plusSeconds(i)));
                store.tokens().save(new LoginToken(tag + key, ann.id(), T0, T0.plusSeconds(60)));
            }
            assertThat(store.devices().list(ann.id())).extracting(d -> d.id().value())
                    .containsExactlyElementsOf(LOOKALIKES);
            for (String key : LOOKALIKES) {
                assertThat(store.tokens().find(tag + key)).as(key).isPresent();
            }
        }
    }
}
