-- Leads, their history, follow-up tasks, and the staff roles they are assigned by.
-- Same conventions as the first migration (one schema for SQLite and PostgreSQL).

-- Logins created before roles existed are the accounts' owners.
ALTER TABLE staff_users ADD COLUMN role TEXT NOT NULL DEFAULT 'admin';
CREATE INDEX staff_users_by_org ON staff_users (organization_id, name, id);

-- A lead's linked customer, vehicle and test drive are references without foreign keys:
-- a vehicle may be deleted while a lead about it is kept.
CREATE TABLE leads (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    environment TEXT NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    name TEXT,
    email TEXT,
    phone TEXT,
    message TEXT,
    customer_id TEXT,
    vehicle_id TEXT,
    test_drive_id TEXT,
    assigned_to TEXT,
    lost_reason TEXT,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    first_response_at BIGINT,
    last_activity_at BIGINT NOT NULL,
    change_seq BIGINT NOT NULL
);
CREATE INDEX leads_by_created ON leads (organization_id, environment, created_at, id);
CREATE INDEX leads_by_activity ON leads (organization_id, environment, last_activity_at, id);
CREATE INDEX leads_by_change ON leads (organization_id, environment, change_seq);
-- "One person, one open lead": a signal finds the person's open lead by email.
CREATE INDEX leads_by_email ON leads (organization_id, environment, email, status);

-- A lead's history in order: the write's change number, then its place in that write.
CREATE TABLE lead_activities (
    lead_id TEXT NOT NULL REFERENCES leads (id),
    seq BIGINT NOT NULL,
    ordinal BIGINT NOT NULL,
    kind TEXT NOT NULL,
    at BIGINT NOT NULL,
    detail TEXT,
    PRIMARY KEY (lead_id, seq, ordinal)
);

CREATE TABLE tasks (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    environment TEXT NOT NULL,
    title TEXT NOT NULL,
    notes TEXT,
    due_at BIGINT NOT NULL,
    done BIGINT NOT NULL,
    done_at BIGINT,
    customer_id TEXT,
    lead_id TEXT,
    assigned_to TEXT,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    change_seq BIGINT NOT NULL
);
CREATE INDEX tasks_by_due ON tasks (organization_id, environment, done, due_at, id);
CREATE INDEX tasks_by_change ON tasks (organization_id, environment, change_seq);
