-- The console's offline cache. One file per profile (one organization and environment),
-- so no table carries an organization column.
--
-- Every record is kept whole in `doc`, as the API sent it (JSON), so nothing the server
-- says is lost. The fields the API's lists filter and sort on are copied into typed,
-- indexed columns, with the server's own representation: instants are milliseconds since
-- the epoch, money is REAL, flags are 0/1. Ordering the same values the same way is what
-- makes an offline page equal the server's page.

-- Where each changes feed stands. `since` is the last sequence number applied; it is
-- written in the same transaction as the batch it ends, so a killed sync resumes there.
CREATE TABLE sync_state (
    feed TEXT PRIMARY KEY,
    since INTEGER NOT NULL DEFAULT 0,
    completed_full INTEGER NOT NULL DEFAULT 0,
    last_synced_at INTEGER
) STRICT;

-- Reference data, replaced as a whole. `position` keeps the server's order.
CREATE TABLE brands (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    doc TEXT NOT NULL
) STRICT;

CREATE TABLE models (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    brand_id TEXT NOT NULL,
    name TEXT NOT NULL,
    doc TEXT NOT NULL
) STRICT;
CREATE INDEX models_by_brand ON models (brand_id, position);

CREATE TABLE body_types (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    doc TEXT NOT NULL
) STRICT;

CREATE TABLE engines (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    doc TEXT NOT NULL
) STRICT;

CREATE TABLE generations (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    model_id TEXT NOT NULL,
    doc TEXT NOT NULL
) STRICT;
CREATE INDEX generations_by_model ON generations (model_id, position);

CREATE TABLE trims (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    model_id TEXT NOT NULL,
    doc TEXT NOT NULL
) STRICT;
CREATE INDEX trims_by_model ON trims (model_id, position);

-- engine_types, transmission_types, drivetrain_types.
CREATE TABLE enum_values (
    kind TEXT NOT NULL,
    position INTEGER NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (kind, position)
) STRICT;

-- Every vehicle of every status (the stats count them all; the list shows `available`).
-- `rid` is an explicit rowid so that VACUUM cannot renumber the rows the FTS index points at.
CREATE TABLE vehicles (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT,
    status TEXT NOT NULL,
    listing_type TEXT NOT NULL,
    brand_id TEXT NOT NULL,
    brand_name TEXT NOT NULL,
    model_id TEXT NOT NULL,
    model_name TEXT NOT NULL,
    body_type_id TEXT,
    body_type_name TEXT,
    year INTEGER NOT NULL,
    mileage INTEGER NOT NULL,
    price REAL,
    impressions_count INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    change_seq INTEGER NOT NULL,
    doc TEXT NOT NULL
) STRICT;

-- The list only ever reads available vehicles, so its indexes are partial: one per sort
-- (ending on id, the tie-breaker), and one per equality filter x sort pair. The year and
-- price ranges ride on the year and price sort indexes.
CREATE INDEX vehicles_list_created ON vehicles (created_at, id) WHERE status = 'available';
CREATE INDEX vehicles_list_impressions ON vehicles (impressions_count, id) WHERE status = 'available';
CREATE INDEX vehicles_list_year ON vehicles (year, id) WHERE status = 'available';
CREATE INDEX vehicles_list_mileage ON vehicles (mileage, id) WHERE status = 'available';
CREATE INDEX vehicles_list_price ON vehicles (price, id) WHERE status = 'available';
CREATE INDEX vehicles_list_name ON vehicles (name, id) WHERE status = 'available';

CREATE INDEX vehicles_brand_created ON vehicles (brand_id, created_at, id) WHERE status = 'available';
CREATE INDEX vehicles_brand_impressions ON vehicles (brand_id, impressions_count, id) WHERE status = 'available';
CREATE INDEX vehicles_brand_year ON vehicles (brand_id, year, id) WHERE status = 'available';
CREATE INDEX vehicles_brand_mileage ON vehicles (brand_id, mileage, id) WHERE status = 'available';
CREATE INDEX vehicles_brand_price ON vehicles (brand_id, price, id) WHERE status = 'available';
CREATE INDEX vehicles_brand_name ON vehicles (brand_id, name, id) WHERE status = 'available';

CREATE INDEX vehicles_model_created ON vehicles (model_id, created_at, id) WHERE status = 'available';
CREATE INDEX vehicles_model_impressions ON vehicles (model_id, impressions_count, id) WHERE status = 'available';
CREATE INDEX vehicles_model_year ON vehicles (model_id, year, id) WHERE status = 'available';
CREATE INDEX vehicles_model_mileage ON vehicles (model_id, mileage, id) WHERE status = 'available';
CREATE INDEX vehicles_model_price ON vehicles (model_id, price, id) WHERE status = 'available';
CREATE INDEX vehicles_model_name ON vehicles (model_id, name, id) WHERE status = 'available';

CREATE INDEX vehicles_body_created ON vehicles (body_type_id, created_at, id) WHERE status = 'available';
CREATE INDEX vehicles_body_impressions ON vehicles (body_type_id, impressions_count, id) WHERE status = 'available';
CREATE INDEX vehicles_body_year ON vehicles (body_type_id, year, id) WHERE status = 'available';
CREATE INDEX vehicles_body_mileage ON vehicles (body_type_id, mileage, id) WHERE status = 'available';
CREATE INDEX vehicles_body_price ON vehicles (body_type_id, price, id) WHERE status = 'available';
CREATE INDEX vehicles_body_name ON vehicles (body_type_id, name, id) WHERE status = 'available';

CREATE INDEX vehicles_type_created ON vehicles (listing_type, created_at, id) WHERE status = 'available';
CREATE INDEX vehicles_type_impressions ON vehicles (listing_type, impressions_count, id) WHERE status = 'available';
CREATE INDEX vehicles_type_year ON vehicles (listing_type, year, id) WHERE status = 'available';
CREATE INDEX vehicles_type_mileage ON vehicles (listing_type, mileage, id) WHERE status = 'available';
CREATE INDEX vehicles_type_price ON vehicles (listing_type, price, id) WHERE status = 'available';
CREATE INDEX vehicles_type_name ON vehicles (listing_type, name, id) WHERE status = 'available';

-- Full-text search over what a dealer types to find a car. External content: the text
-- lives once, in `vehicles`; the triggers keep the index in step with every write.
CREATE VIRTUAL TABLE vehicles_fts USING fts5 (
    name, description, brand_name, model_name,
    content = 'vehicles', content_rowid = 'rid',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE TRIGGER vehicles_fts_insert AFTER INSERT ON vehicles BEGIN
    INSERT INTO vehicles_fts (rowid, name, description, brand_name, model_name)
    VALUES (new.rid, new.name, new.description, new.brand_name, new.model_name);
END;
CREATE TRIGGER vehicles_fts_delete AFTER DELETE ON vehicles BEGIN
    INSERT INTO vehicles_fts (vehicles_fts, rowid, name, description, brand_name, model_name)
    VALUES ('delete', old.rid, old.name, old.description, old.brand_name, old.model_name);
END;
CREATE TRIGGER vehicles_fts_update AFTER UPDATE OF name, description, brand_name, model_name
ON vehicles BEGIN
    INSERT INTO vehicles_fts (vehicles_fts, rowid, name, description, brand_name, model_name)
    VALUES ('delete', old.rid, old.name, old.description, old.brand_name, old.model_name);
    INSERT INTO vehicles_fts (rowid, name, description, brand_name, model_name)
    VALUES (new.rid, new.name, new.description, new.brand_name, new.model_name);
END;

-- The CRM. `pending` marks a record edited offline whose edit the outbox has not yet
-- replayed: the sync leaves its local document alone until the outbox resolves it.
CREATE TABLE customers (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT NOT NULL,
    is_vip INTEGER NOT NULL,
    total_purchases INTEGER NOT NULL,
    total_spent REAL NOT NULL,
    lead_score INTEGER NOT NULL,
    last_purchase_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL,
    change_seq INTEGER NOT NULL,
    pending INTEGER NOT NULL DEFAULT 0,
    doc TEXT NOT NULL
) STRICT;
CREATE INDEX customers_by_created ON customers (created_at, id);
CREATE INDEX customers_by_spent ON customers (total_spent, id);
CREATE INDEX customers_by_last_purchase ON customers (COALESCE(last_purchase_at, -1), id);
CREATE INDEX customers_by_lead_score ON customers (lead_score, id);
CREATE INDEX customers_by_segment ON customers (is_vip, total_purchases, last_purchase_at);
CREATE INDEX customers_pending ON customers (id) WHERE pending = 1;

CREATE VIRTUAL TABLE customers_fts USING fts5 (
    first_name, last_name, email,
    content = 'customers', content_rowid = 'rid',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customers_fts (rowid, first_name, last_name, email)
    VALUES (new.rid, new.first_name, new.last_name, new.email);
END;
CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
    INSERT INTO customers_fts (customers_fts, rowid, first_name, last_name, email)
    VALUES ('delete', old.rid, old.first_name, old.last_name, old.email);
END;
CREATE TRIGGER customers_fts_update AFTER UPDATE OF first_name, last_name, email ON customers
BEGIN
    INSERT INTO customers_fts (customers_fts, rowid, first_name, last_name, email)
    VALUES ('delete', old.rid, old.first_name, old.last_name, old.email);
    INSERT INTO customers_fts (rowid, first_name, last_name, email)
    VALUES (new.rid, new.first_name, new.last_name, new.email);
END;

CREATE TABLE test_drives (
    id TEXT PRIMARY KEY,
    vehicle_id TEXT NOT NULL,
    customer_id TEXT,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL,
    change_seq INTEGER NOT NULL,
    pending INTEGER NOT NULL DEFAULT 0,
    doc TEXT NOT NULL
) STRICT;
CREATE INDEX test_drives_by_created ON test_drives (created_at, id);
CREATE INDEX test_drives_by_status ON test_drives (status, created_at, id);
CREATE INDEX test_drives_by_vehicle ON test_drives (vehicle_id, created_at, id);
CREATE INDEX test_drives_by_customer ON test_drives (customer_id, created_at, id);
CREATE INDEX test_drives_pending ON test_drives (id) WHERE pending = 1;
