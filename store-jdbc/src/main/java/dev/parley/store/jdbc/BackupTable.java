package dev.parley.store.jdbc;

import java.util.List;
import java.util.Optional;

/**
 * A table of Parley's schema as a backup sees it: its name, the key its rows are written in, and its
 * identity column, if it has one. {@link #ALL} lists them parents first, the order in which an
 * import inserts them without breaking a foreign key. Immutable.
 *
 * @param name     the table
 * @param orderBy  the columns of its primary key, which order its rows
 * @param identity its auto-increment column, or null
 */
record BackupTable(String name, List<String> orderBy, String identity) {

    /** Every table a backup holds, parents before children. */
    static final List<BackupTable> ALL = List.of(
            new BackupTable("users", List.of("id"), "id"),
            new BackupTable("credentials", List.of("user_id"), null),
            new BackupTable("user_roles", List.of("user_id", "role"), null),
            new BackupTable("friendships", List.of("user_low", "user_high"), null),
            new BackupTable("blocks", List.of("blocker_id", "blocked_id"), null),
            new BackupTable("conversations", List.of("id"), "id"),
            new BackupTable("members", List.of("id"), "id"),
            new BackupTable("invitations", List.of("conversation_id", "invitee_id"), null),
            new BackupTable("messages", List.of("id"), "id"),
            new BackupTable("reactions", List.of("id"), "id"),
            new BackupTable("cursors", List.of("conversation_id", "user_id"), null),
            new BackupTable("changes", List.of("conversation_id", "change_no"), null),
            new BackupTable("devices", List.of("id"), "id"),
            new BackupTable("push_previews", List.of("user_id"), null),
            new BackupTable("push_mutes", List.of("user_id", "kind", "target"), null),
            new BackupTable("blobs", List.of("id"), null));

    /** Tables of the schema that no backup holds: session tokens are secrets that expire anyway. */
    static final List<String> NEVER_EXPORTED = List.of("session_tokens");

    /** The table that holds password hashes, exported only when asked. */
    static final String CREDENTIALS = "credentials";

    static Optional<BackupTable> named(String name) {
        return ALL.stream().filter(t -> t.name.equals(name)).findFirst();
    }

    boolean hasIdentity() {
        return identity != null;
    }
}
