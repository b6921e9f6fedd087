-- The change log of every conversation (issue 15). conversations.last_change is the counter of
-- change numbers, locked and moved in the transaction of each change like last_seq; change_horizon
-- is how far the log was compacted. latest marks the latest change of each entity (a message, a
-- cursor, a membership, the conversation itself): a sync reads only those, and compaction drops the
-- others up to the horizon. messages.change_no and cursors.change_no are the number of the latest
-- change to that row, which the engine sends with messages, cursors and live events.
ALTER TABLE conversations ADD COLUMN last_change BIGINT NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN change_horizon BIGINT NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN change_no BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cursors ADD COLUMN change_no BIGINT NOT NULL DEFAULT 0;

CREATE TABLE changes (
    conversation_id BIGINT      NOT NULL,
    change_no       BIGINT      NOT NULL,
    kind            VARCHAR(16) NOT NULL,
    entity          VARCHAR(16) NOT NULL,
    entity_id       BIGINT      NOT NULL,
    latest          BOOLEAN     NOT NULL,
    PRIMARY KEY (conversation_id, change_no),
    KEY ix_changes_entity (conversation_id, entity, entity_id, latest),
    CONSTRAINT fk_changes_conversation FOREIGN KEY (conversation_id) REFERENCES conversations (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Messages stored before the log existed: each is logged as sent, numbered by its seq, so that
-- change numbers stay gapless and a client's old seq is also a valid change number.
UPDATE messages SET change_no = seq;
INSERT INTO changes (conversation_id, change_no, kind, entity, entity_id, latest)
    SELECT conversation_id, seq, 'SENT', 'MESSAGE', id, TRUE FROM messages;
UPDATE conversations SET last_change = last_seq;
