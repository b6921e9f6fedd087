package dev.parley.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.api.Conversation;
import dev.parley.api.FriendView;
import dev.parley.api.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What the admin commands print about users, friends and groups, in the protocol's JSON shape
 * (docs/protocol.md). Both backends produce these records: the offline one from the engine's objects,
 * the remote one from the server's replies, so that {@code --db} and {@code --server} print the same
 * and the shape is written down in this one place. The protocol's own encoder is internal to
 * chat-core; these records name only the fields that the CLI prints.
 */
final class AdminRecords {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private AdminRecords() {
    }

    /** A user, as {@code admin.users.*} returns it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record User(long id, String username, String displayName, List<String> roles, boolean enabled, String createdAt) {
        static User of(dev.parley.api.User user) {
            return new User(user.id().value(), user.username(), user.displayName(),
                    user.roles().stream().map(Role::name).sorted().toList(), user.enabled(), text(user.createdAt()));
        }
    }

    /** One entry of a friend list, as {@code admin.friends.list} returns it. */
    record Friend(User user, String relationship, Presence presence) {
        static Friend of(FriendView view) {
            return new Friend(User.of(view.user()), lower(view.relationship()),
                    new Presence(view.presence().online(), text(view.presence().lastSeen())));
        }
    }

    /** A user's presence in a friend list. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Presence(boolean online, String lastSeen) {
    }

    /** A group, as {@code admin.groups.list} returns it; without members where a reply has none. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Group(long id, String type, String name, long createdBy, String createdAt, List<Member> members) {
        static Group of(Conversation group, List<dev.parley.api.Member> members) {
            return new Group(group.id().value(), lower(group.type()), group.name(), group.createdBy().value(),
                    text(group.createdAt()), members == null ? null : members.stream().map(Member::of).toList());
        }

        /** The owner's user id, or null if the group has none. */
        Long owner() {
            return members == null ? null : members.stream().filter(m -> m.role().equals("owner"))
                    .map(Member::userId).reduce((first, second) -> second).orElse(null);
        }
    }

    /** A member of a group. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Member(long userId, String role, boolean muted, String joinedAt) {
        static Member of(dev.parley.api.Member member) {
            return new Member(member.userId().value(), lower(member.role()), member.muted(), text(member.joinedAt()));
        }
    }

    /** Reads a record from a server's reply. */
    static <T> T read(JsonNode node, Class<T> type) {
        try {
            return JSON.treeToValue(node, type);
        } catch (IOException e) {
            throw new CliException("the server sent a " + type.getSimpleName().toLowerCase(Locale.ROOT)
                    + " this version of parley cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads every record of a reply's array. */
    static <T> List<T> readAll(JsonNode array, Class<T> type) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(n -> read(n, type)).toList();
    }

    /** One JSON line for a record. */
    static String json(Object record) {
        try {
            return JSON.writeValueAsString(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
