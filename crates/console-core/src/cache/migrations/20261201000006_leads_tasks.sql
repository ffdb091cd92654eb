-- The dealer's day: the lead inbox, follow-up tasks and the staff they are assigned to.
-- Typed columns are the ones `GET /external/leads` and `GET /external/tasks` filter and
-- sort on, in the server's representation (instants in ms, flags 0/1); `doc` is the
-- record as the API sent it. `pending` as for customers: an offline edit not yet replayed.
CREATE TABLE leads (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    name TEXT,
    email TEXT,
    phone TEXT,
    assigned_to TEXT,
    created_at INTEGER NOT NULL,
    last_activity_at INTEGER NOT NULL,
    first_response_at INTEGER,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL,
    change_seq INTEGER NOT NULL,
    pending INTEGER NOT NULL DEFAULT 0,
    doc TEXT NOT NULL
) STRICT;
CREATE INDEX leads_by_created ON leads (created_at, id);
CREATE INDEX leads_by_activity ON leads (last_activity_at, id);
CREATE INDEX leads_by_status ON leads (status, created_at, id);
CREATE INDEX leads_pending ON leads (id) WHERE pending = 1;

-- A lead's history as `GET /external/leads/{id}` last returned it (the feed carries the
-- lead, not its history): what the lead's page shows offline. Gone with its lead.
CREATE TABLE lead_activities (
    lead_id TEXT PRIMARY KEY,
    activities TEXT NOT NULL,
    fetched_at INTEGER NOT NULL
) STRICT;
CREATE TRIGGER lead_activities_gone AFTER DELETE ON leads BEGIN
    DELETE FROM lead_activities WHERE lead_id = old.id;
END;

-- `deleted` marks a task deleted offline: hidden at once, kept (pending) until the
-- server has deleted it, so a sync in between cannot bring it back.
CREATE TABLE tasks (
    id TEXT PRIMARY KEY,
    due_at INTEGER NOT NULL,
    done INTEGER NOT NULL,
    customer_id TEXT,
    lead_id TEXT,
    assigned_to TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL,
    change_seq INTEGER NOT NULL,
    pending INTEGER NOT NULL DEFAULT 0,
    deleted INTEGER NOT NULL DEFAULT 0,
    doc TEXT NOT NULL
) STRICT;
CREATE INDEX tasks_by_due ON tasks (due_at, id);
CREATE INDEX tasks_by_customer ON tasks (customer_id, due_at, id);
CREATE INDEX tasks_by_lead ON tasks (lead_id, due_at, id);
CREATE INDEX tasks_pending ON tasks (id) WHERE pending = 1;

-- `GET /external/staff`, replaced as a whole; `position` keeps the server's order.
CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    doc TEXT NOT NULL
) STRICT;
