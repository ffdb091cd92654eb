-- What the profile's server offers beyond the published docs, as last learned (one row,
-- the SDK's `Capabilities` as JSON). No row: never learned, every addition assumed.
CREATE TABLE capabilities (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    doc TEXT NOT NULL,
    learned_at INTEGER NOT NULL
) STRICT;

-- The record as the console knew it when the edit was queued: without If-Match, the
-- drain compares the fields the edit touches with the server's current copy.
ALTER TABLE outbox ADD COLUMN base_doc TEXT;
-- Set while a create is being sent to a server without Idempotency-Key: if the reply is
-- lost, the booking may have landed, and it is not resent blindly.
ALTER TABLE outbox ADD COLUMN sent_at INTEGER;

-- Test drives booked in this console, which stay (and are shown as such) on a server
-- that cannot list test drives.
ALTER TABLE test_drives ADD COLUMN booked_here INTEGER NOT NULL DEFAULT 0;
