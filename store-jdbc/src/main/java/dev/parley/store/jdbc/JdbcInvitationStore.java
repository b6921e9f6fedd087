package dev.parley.store.jdbc;

import dev.parley.api.ConversationId;
import dev.parley.api.Invitation;
import dev.parley.api.UserId;
import dev.parley.api.spi.InvitationStore;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Pending group invitations in {@code invitations}, keyed by (conversation_id, invitee_id), so that
 * the primary key settles concurrent invitations of one user to one group. Not cached: invitations
 * are read when a user lists or answers them, never on the message path. Thread-safe.
 */
final class JdbcInvitationStore implements InvitationStore {

    private static final String SELECT = "SELECT conversation_id, invitee_id, inviter_id, created_at FROM invitations ";
    private static final RowMapper<Invitation> ROW = (rs, ctx) -> new Invitation(
            ConversationId.of(rs.getLong(1)), UserId.of(rs.getLong(2)), UserId.of(rs.getLong(3)),
            EpochMicros.toInstant(rs.getLong(4)));

    private final Database database;

    JdbcInvitationStore(Database database) {
        this.database = database;
    }

    @Override
    public boolean save(Invitation invitation) {
        return database.insertUnlessDuplicate(h -> h.createUpdate("INSERT INTO invitations (conversation_id, "
                        + "invitee_id, inviter_id, created_at) VALUES (?, ?, ?, ?)")
                .bind(0, invitation.conversationId().value())
                .bind(1, invitation.invitee().value())
                .bind(2, invitation.inviter().value())
                .bind(3, EpochMicros.of(invitation.createdAt()))
                .execute());
    }

    @Override
    public Optional<Invitation> find(ConversationId conversation, UserId invitee) {
        return database.withHandle(h -> h.createQuery(SELECT + "WHERE conversation_id = ? AND invitee_id = ?")
                .bind(0, conversation.value())
                .bind(1, invitee.value())
                .map(ROW)
                .findOne());
    }

    @Override
    public boolean delete(ConversationId conversation, UserId invitee) {
        return database.withHandle(h -> h.createUpdate(
                        "DELETE FROM invitations WHERE conversation_id = ? AND invitee_id = ?")
                .bind(0, conversation.value())
                .bind(1, invitee.value())
                .execute()) > 0;
    }

    @Override
    public List<Invitation> listFor(UserId invitee) {
        return database.withHandle(h -> h.createQuery(SELECT + "WHERE invitee_id = ? ORDER BY conversation_id")
                .bind(0, invitee.value())
                .map(ROW)
                .list());
    }

    @Override
    public List<Invitation> listFor(ConversationId conversation) {
        return database.withHandle(h -> h.createQuery(
                        SELECT + "WHERE conversation_id = ? ORDER BY created_at, invitee_id")
                .bind(0, conversation.value())
                .map(ROW)
                .list());
    }

    @Override
    public int count(ConversationId conversation) {
        return database.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM invitations WHERE conversation_id = ?")
                .bind(0, conversation.value())
                .mapTo(Integer.class)
                .one());
    }
}
