-- Parley's schema on MySQL 8 and MariaDB 10.11+.
-- Every table is utf8mb4 with the binary collation utf8mb4_bin, so that text keeps every Unicode
-- character (emoji, CJK, four-byte characters) and keys compare exactly, code point by code point:
-- 'rene' and 'rené' are two usernames, and 👍, 👎 and 👍🏽 are three reactions.
-- Times are BIGINT microseconds since 1970-01-01T00:00:00Z, so that no time zone ever applies.

CREATE TABLE users (
    id           BIGINT       NOT NULL AUTO_INCREMENT,
    username     VARCHAR(255) NOT NULL,
    display_name VARCHAR(255) NOT NULL,
    enabled      BOOLEAN      NOT NULL,
    created_at   BIGINT       NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_users_username (username)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE credentials (
    user_id       BIGINT        NOT NULL,
    password_hash VARCHAR(1024) NOT NULL,
    PRIMARY KEY (user_id),
    CONSTRAINT fk_credentials_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE user_roles (
    user_id BIGINT      NOT NULL,
    role    VARCHAR(32) NOT NULL,
    PRIMARY KEY (user_id, role),
    CONSTRAINT fk_user_roles_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE session_tokens (
    token_hash VARCHAR(255) NOT NULL,
    user_id    BIGINT       NOT NULL,
    created_at BIGINT       NOT NULL,
    expires_at BIGINT       NOT NULL,
    PRIMARY KEY (token_hash),
    KEY ix_session_tokens_user (user_id),
    KEY ix_session_tokens_expires (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row per unordered pair: user_low < user_high, whichever of them asked.
CREATE TABLE friendships (
    user_low     BIGINT      NOT NULL,
    user_high    BIGINT      NOT NULL,
    requester_id BIGINT      NOT NULL,
    addressee_id BIGINT      NOT NULL,
    state        VARCHAR(16) NOT NULL,
    created_at   BIGINT      NOT NULL,
    updated_at   BIGINT      NOT NULL,
    PRIMARY KEY (user_low, user_high),
    KEY ix_friendships_high (user_high)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE blocks (
    blocker_id BIGINT NOT NULL,
    blocked_id BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

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
    UNIQUE KEY uq_conversations_direct (direct_low, direct_high),
    UNIQUE KEY uq_conversations_notices (notices_owner)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- id only orders members by when they joined.
CREATE TABLE members (
    id              BIGINT      NOT NULL AUTO_INCREMENT,
    conversation_id BIGINT      NOT NULL,
    user_id         BIGINT      NOT NULL,
    role            VARCHAR(16) NOT NULL,
    muted           BOOLEAN     NOT NULL,
    joined_at       BIGINT      NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_members (conversation_id, user_id),
    KEY ix_members_user (user_id, conversation_id),
    CONSTRAINT fk_members_conversation FOREIGN KEY (conversation_id) REFERENCES conversations (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

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
    text                   MEDIUMTEXT   NULL,
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
    UNIQUE KEY uq_messages_seq (conversation_id, seq),
    UNIQUE KEY uq_messages_client (client_msg_id, sender_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- id orders reactions oldest first.
CREATE TABLE reactions (
    id         BIGINT       NOT NULL AUTO_INCREMENT,
    message_id BIGINT       NOT NULL,
    user_id    BIGINT       NOT NULL,
    emoji      VARCHAR(255) NOT NULL,
    created_at BIGINT       NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_reactions (message_id, user_id, emoji),
    CONSTRAINT fk_reactions_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE cursors (
    conversation_id BIGINT NOT NULL,
    user_id         BIGINT NOT NULL,
    delivered_seq   BIGINT NOT NULL,
    read_seq        BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- id orders a user's devices by when they were (last) saved.
CREATE TABLE devices (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    user_id       BIGINT       NOT NULL,
    device_id     VARCHAR(128) NOT NULL,
    platform      VARCHAR(64)  NOT NULL,
    push_token    VARCHAR(512) NOT NULL,
    registered_at BIGINT       NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_devices_user (user_id, device_id),
    UNIQUE KEY uq_devices_token (platform, push_token)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The bytes of attachments, for JdbcBlobStore, with their metadata.
CREATE TABLE blobs (
    id         VARCHAR(64)  NOT NULL,
    mime_type  VARCHAR(255) NOT NULL,
    size       BIGINT       NOT NULL,
    created_at BIGINT       NOT NULL,
    content    LONGBLOB     NOT NULL,
    PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
