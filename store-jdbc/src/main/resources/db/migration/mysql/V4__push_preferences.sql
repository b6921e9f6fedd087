-- What each user wants pushed: the preview choice (DEFAULT, SHOW or HIDE) for users who made one, and
-- what they muted, one row per muted conversation (kind 'c') or sender (kind 'u').
CREATE TABLE push_previews (
    user_id BIGINT      NOT NULL,
    preview VARCHAR(16) NOT NULL,
    PRIMARY KEY (user_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE push_mutes (
    user_id BIGINT  NOT NULL,
    kind    CHAR(1) NOT NULL,
    target  BIGINT  NOT NULL,
    PRIMARY KEY (user_id, kind, target)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
