-- A new message is no longer logged in changes: its SENT change is implied by its row, whose
-- change_no is the number of that change for as long as nothing else changed the message. A sync
-- reads the messages whose latest change is after its number through this index, beside the
-- flagged rows of changes; a message that has a row in changes (it was edited, deleted or reacted
-- to, or it was logged before this migration) is read from changes alone. The first change after
-- an implied SENT writes the SENT row, superseded, so that compaction counts it as before. Rows
-- logged before this migration stay and mean what they meant.
CREATE INDEX ix_messages_change ON messages (conversation_id, change_no);
