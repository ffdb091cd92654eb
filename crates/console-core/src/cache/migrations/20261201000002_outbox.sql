-- The outbox: edits made in the console, replayed to the API in `seq` order. An entry is
-- written in the same transaction as the local change it describes, and deleted in the
-- same transaction as the server's copy that replaces it, so nothing is lost or sent
-- twice across crashes (its `idempotency_key` makes a resend after a lost reply a replay).
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX outbox_by_entity ON outbox (entity_id, seq);

-- An entry that met a newer server version: both copies, until the user picks one.
CREATE TABLE conflicts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    outbox_seq INTEGER NOT NULL UNIQUE REFERENCES outbox (seq) ON DELETE CASCADE,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    mine TEXT NOT NULL,
    theirs TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
