package dev.parley.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * What the admin commands print about users, friends and groups, read from the admin protocol's
 * replies (docs/protocol.md), which both channels give in the protocol's own JSON. These records name
 * only the fields that the CLI prints; unknown fields are ignored, as a client should.
 */
final class AdminRecords {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private AdminRecords() {
    }

    /** A user, as {@code admin.users.*} returns it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record User(long id, String username, String displayName, List<String> roles, boolean enabled, String createdAt) {
    }

    /** One entry of a friend list, as {@code admin.friends.list} returns it. */
    record Friend(User user, String relationship, Presence presence) {
    }

    /** A user's presence in a friend list. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Presence(boolean online, String lastSeen) {
    }

    /** A group, as {@code admin.groups.list} returns it; without members where a reply has none. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Group(long id, String type, String name, long createdBy, String createdAt, List<Member> members) {

        /** The owner's user id, or null if the group has none. */
        Long owner() {
            return members == null ? null : members.stream().filter(m -> m.role().equals("owner"))
                    .map(Member::userId).reduce((first, second) -> second).orElse(null);
        }
    }

    /** A member of a group. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Member(long userId, String role, boolean muted, String joinedAt) {
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


}
