-- Pending group invitations: an invitee is not a member until they accept. One per group and
-- invitee, whoever invited; ix_invitations_invitee serves a user's own list.
CREATE TABLE invitations (
    conversation_id BIGINT NOT NULL,
    invitee_id      BIGINT NOT NULL,
    inviter_id      BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, invitee_id),
    CONSTRAINT fk_invitations_conversation FOREIGN KEY (conversation_id) REFERENCES conversations (id)
);

CREATE INDEX ix_invitations_invitee ON invitations (invitee_id, conversation_id);
