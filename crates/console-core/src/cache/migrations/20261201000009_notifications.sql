-- Desktop notifications (one row): whether they are on, and how far they have been shown,
-- so a sync never announces the same lead, test-drive request or due task twice. The
-- watermarks are server `createdDate`s for leads and test drives (the server's clock
-- orders them) and the console's clock for due tasks. No row: never checked, and the
-- first check only sets the watermarks (a first download is not news).
CREATE TABLE notification_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    enabled INTEGER NOT NULL DEFAULT 1,
    leads_seen_at INTEGER,
    test_drives_seen_at INTEGER,
    tasks_checked_at INTEGER
) STRICT;
