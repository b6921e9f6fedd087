-- Parley's schema on H2 2.x. The same tables as db/migration/mysql, in H2's types. H2 keeps text
-- as Java strings and compares them exactly, so no collation is needed.
-- Times are BIGINT microseconds since 1970-01-01T00:00:00Z, so that no time zone ever applies.

CREATE TABLE users (
    id           BIGINT       NOT NULL AUTO_INCREMENT,
    username     VARCHAR(255) NOT NULL,
    display_name VARCHAR(255) NOT NULL,
    enabled      BOOLEAN      NOT NULL,
    created_at   BIGINT       NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_users_username UNIQUE (username)
);

CREATE TABLE credentials (
    user_id       BIGINT        NOT NULL,
    password_hash VARCHAR(1024) NOT NULL,
    PRIMARY KEY (user_id),
    CONSTRAINT fk_credentials_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE TABLE user_roles (
    user_id BIGINT      NOT NULL,
    role    VARCHAR(32) NOT NULL,
    PRIMARY KEY (user_id, role),
    CONSTRAINT fk_user_roles_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE TABLE session_tokens (
    token_hash VARCHAR(255) NOT NULL,
    user_id    BIGINT       NOT NULL,
    created_at BIGINT       NOT NULL,
    expires_at BIGINT       NOT NULL,
    PRIMARY KEY (token_hash)
);

-- One row per unordered pair: user_low < user_high, whichever of them asked.
CREATE TABLE friendships (
    user_low     BIGINT      NOT NULL,
    user_high    BIGINT      NOT NULL,
    requester_id BIGINT      NOT NULL,
    addressee_id BIGINT      NOT NULL,
    state        VARCHAR(16) NOT NULL,
    created_at   BIGINT      NOT NULL,
    updated_at   BIGINT      NOT NULL,
    PRIMARY KEY (user_low, user_high)
);

CREATE TABLE blocks (
    blocker_id BIGINT NOT NULL,
    blocked_id BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);

-- last_seq is the conversation's message counter: appends lock this row and move it forward in
-- the transaction that inserts the messages. direct_low/direct_high make a direct conversation
-- unique per pair, notices_owner a notices conversation unique per user (NULLs do not clash).
CREATE TABLE conversations (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    type          VARCHAR(16)  NOT NULL,
    name          VARCHAR(255) NULL,
    created_by    BIGINT       NOT NULL,
    created_at    BIGINT       NOT NULL,
    last_seq      BIGINT       NOT NULL DEFAULT 0,
    direct_low    BIGINT       NULL,
    direct_high   BIGINT       NULL,
    notices_owner BIGINT       NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_conversations_direct UNIQUE (direct_low, direct_high),
    CONSTRAINT uq_conversations_notices UNIQUE (notices_owner)
);

-- id only orders members by when they joined.
CREATE TABLE members (
    id              BIGINT      NOT NULL AUTO_INCREMENT,
    conversation_id BIGINT      NOT NULL,
    user_id         BIGINT      NOT NULL,
    role            VARCHAR(16) NOT NULL,
    muted           BOOLEAN     NOT NULL,
    joined_at       BIGINT      NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_members UNIQUE (conversation_id, user_id),
    CONSTRAINT fk_members_conversation FOREIGN KEY (conversation_id) REFERENCES conversations (id)
);

-- The attachment's metadata lives in the message row (attachment_*), so that paging reads one table.
-- uq_messages_client leads with client_msg_id so that the append's duplicate check, an IN list of
-- clientMsgIds, is a set of index lookups on H2 as well as on MySQL.
CREATE TABLE messages (
    id                     BIGINT       NOT NULL AUTO_INCREMENT,
    conversation_id        BIGINT       NOT NULL,
    seq                    BIGINT       NOT NULL,
    sender_id              BIGINT       NOT NULL,
    client_msg_id          VARCHAR(255) NULL,
    kind                   VARCHAR(16)  NOT NULL,
    text                   VARCHAR(1048576) NULL,
    attachment_id          VARCHAR(64)  NULL,
    attachment_mime_type   VARCHAR(255) NULL,
    attachment_size        BIGINT       NULL,
    attachment_name        VARCHAR(1024) NULL,
    attachment_width       INT          NULL,
    attachment_height      INT          NULL,
    attachment_duration_ms INT          NULL,
    reply_to               BIGINT       NULL,
    created_at             BIGINT       NOT NULL,
    edited_at              BIGINT       NULL,
    deleted                BOOLEAN      NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id),
    CONSTRAINT uq_messages_seq UNIQUE (conversation_id, seq),
    CONSTRAINT uq_messages_client UNIQUE (client_msg_id, sender_id)
);

-- id orders reactions oldest first.
CREATE TABLE reactions (
    id         BIGINT       NOT NULL AUTO_INCREMENT,
    message_id BIGINT       NOT NULL,
    user_id    BIGINT       NOT NULL,
    emoji      VARCHAR(255) NOT NULL,
    created_at BIGINT       NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_reactions UNIQUE (message_id, user_id, emoji),
    CONSTRAINT fk_reactions_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE
);

CREATE TABLE cursors (
    conversation_id BIGINT NOT NULL,
    user_id         BIGINT NOT NULL,
    delivered_seq   BIGINT NOT NULL,
    read_seq        BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);

-- id orders a user's devices by when they were (last) saved.
CREATE TABLE devices (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    user_id       BIGINT       NOT NULL,
    device_id     VARCHAR(128) NOT NULL,
    platform      VARCHAR(64)  NOT NULL,
    push_token    VARCHAR(512) NOT NULL,
    registered_at BIGINT       NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_devices_user UNIQUE (user_id, device_id),
    CONSTRAINT uq_devices_token UNIQUE (platform, push_token)
);

-- The bytes of attachments, for JdbcBlobStore, with their metadata.
CREATE TABLE blobs (
    id         VARCHAR(64)  NOT NULL,
    mime_type  VARCHAR(255) NOT NULL,
    size       BIGINT       NOT NULL,
    created_at BIGINT       NOT NULL,
    content    BINARY LARGE OBJECT NOT NULL,
    PRIMARY KEY (id)
);

CREATE INDEX ix_session_tokens_user ON session_tokens (user_id);
CREATE INDEX ix_session_tokens_expires ON session_tokens (expires_at);
CREATE INDEX ix_friendships_high ON friendships (user_high);
CREATE INDEX ix_members_user ON members (user_id, conversation_id);
