-- One schema for SQLite and PostgreSQL: ids are TEXT (UUIDs), instants are BIGINT
-- milliseconds since the epoch (UTC), flags are BIGINT 0/1, money is DOUBLE PRECISION,
-- nested documents are JSON in TEXT. Every statement here runs unchanged on both.

CREATE TABLE server_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- A single row whose value numbers every change, for the changes feed. Writers bump it
-- first in their transaction, so sequence order is commit order.
CREATE TABLE change_counter (
    id BIGINT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO change_counter (id, value) VALUES (1, 0);

CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE staff_users (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    name TEXT NOT NULL,
    environment TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    key_prefix TEXT NOT NULL,
    scopes TEXT NOT NULL,
    rate_limit_per_hour BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_keys_by_org ON api_keys (organization_id, created_at);

CREATE TABLE brands (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    logo_url TEXT,
    country_of_origin TEXT
);
CREATE INDEX brands_by_name ON brands (name, id);

CREATE TABLE body_types (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    code TEXT NOT NULL UNIQUE,
    description TEXT,
    icon_url TEXT
);

CREATE TABLE models (
    id TEXT PRIMARY KEY,
    brand_id TEXT NOT NULL REFERENCES brands (id),
    body_type_id TEXT REFERENCES body_types (id),
    name TEXT NOT NULL,
    slug TEXT NOT NULL
);
CREATE INDEX models_by_brand ON models (brand_id, name, id);
CREATE INDEX models_by_name ON models (name, id);

CREATE TABLE engines (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    engine_type TEXT NOT NULL,
    displacement TEXT,
    horsepower BIGINT,
    transmission TEXT
);

CREATE TABLE generations (
    id TEXT PRIMARY KEY,
    model_id TEXT NOT NULL REFERENCES models (id),
    name TEXT NOT NULL,
    slug TEXT NOT NULL,
    start_year BIGINT,
    end_year BIGINT
);
CREATE INDEX generations_by_model ON generations (model_id);

CREATE TABLE trims (
    id TEXT PRIMARY KEY,
    model_id TEXT NOT NULL REFERENCES models (id),
    name TEXT NOT NULL,
    slug TEXT NOT NULL
);
CREATE INDEX trims_by_model ON trims (model_id);

CREATE TABLE vehicles (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    environment TEXT NOT NULL,
    name TEXT NOT NULL,
    slug TEXT NOT NULL,
    description TEXT,
    year BIGINT NOT NULL,
    mileage BIGINT NOT NULL,
    exterior_color TEXT,
    interior_color TEXT,
    listing_type TEXT NOT NULL,
    status TEXT NOT NULL,
    model_id TEXT NOT NULL REFERENCES models (id),
    brand_id TEXT NOT NULL REFERENCES brands (id),
    body_type_id TEXT REFERENCES body_types (id),
    engine_id TEXT REFERENCES engines (id),
    price DOUBLE PRECISION NOT NULL,
    media TEXT NOT NULL,
    sale_options TEXT,
    rental_options TEXT,
    auction_options TEXT,
    features TEXT NOT NULL,
    pickup_details TEXT,
    impressions_count BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    change_seq BIGINT NOT NULL
);
-- The list always filters on owner and status; each documented sort gets an index that
-- also ends on id, the tie-breaker.
CREATE INDEX vehicles_by_created ON vehicles (organization_id, environment, status, created_at, id);
CREATE INDEX vehicles_by_impressions ON vehicles (organization_id, environment, status, impressions_count, id);
CREATE INDEX vehicles_by_year ON vehicles (organization_id, environment, status, year, id);
CREATE INDEX vehicles_by_mileage ON vehicles (organization_id, environment, status, mileage, id);
CREATE INDEX vehicles_by_price ON vehicles (organization_id, environment, status, price, id);
CREATE INDEX vehicles_by_name ON vehicles (organization_id, environment, status, name, id);
CREATE INDEX vehicles_by_brand ON vehicles (organization_id, environment, brand_id, status);
CREATE INDEX vehicles_by_model ON vehicles (organization_id, environment, model_id, status);
CREATE INDEX vehicles_by_body_type ON vehicles (organization_id, environment, body_type_id, status);
CREATE INDEX vehicles_by_listing_type ON vehicles (organization_id, environment, listing_type, status, created_at);
CREATE INDEX vehicles_by_change ON vehicles (organization_id, environment, change_seq);

-- A CarStrel account, shared by every dealer the person signs up with.
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    phone TEXT,
    profile_image_url TEXT,
    created_at BIGINT NOT NULL
);

-- A dealer's own record of a user, per environment.
CREATE TABLE customers (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    environment TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    notes TEXT,
    tags TEXT NOT NULL,
    preferences TEXT NOT NULL,
    is_vip BIGINT NOT NULL,
    lead_score BIGINT NOT NULL,
    lifecycle_stage TEXT NOT NULL,
    total_purchases BIGINT NOT NULL,
    total_spent DOUBLE PRECISION NOT NULL,
    last_purchase_at BIGINT,
    total_vehicles_purchased BIGINT NOT NULL,
    total_vehicles_rented BIGINT NOT NULL,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    change_seq BIGINT NOT NULL,
    UNIQUE (organization_id, environment, user_id)
);
CREATE INDEX customers_by_created ON customers (organization_id, environment, created_at, id);
CREATE INDEX customers_by_change ON customers (organization_id, environment, change_seq);

CREATE TABLE test_drives (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    environment TEXT NOT NULL,
    vehicle_id TEXT NOT NULL REFERENCES vehicles (id),
    customer_id TEXT REFERENCES customers (id),
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT,
    preferred_date TEXT,
    scheduled_at BIGINT,
    status TEXT NOT NULL,
    notes TEXT,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    change_seq BIGINT NOT NULL
);
CREATE INDEX test_drives_by_created ON test_drives (organization_id, environment, created_at, id);
CREATE INDEX test_drives_by_change ON test_drives (organization_id, environment, change_seq);

CREATE TABLE tombstones (
    seq BIGINT PRIMARY KEY,
    organization_id TEXT NOT NULL,
    environment TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    deleted_at BIGINT NOT NULL
);
CREATE INDEX tombstones_by_feed ON tombstones (organization_id, environment, entity, seq);

CREATE TABLE newsletter_subscriptions (
    organization_id TEXT NOT NULL,
    environment TEXT NOT NULL,
    email TEXT NOT NULL,
    subscribed BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (organization_id, environment, email)
);

CREATE TABLE contact_messages (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL,
    environment TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    subject TEXT,
    message TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE blogs (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL,
    environment TEXT NOT NULL,
    title TEXT NOT NULL,
    slug TEXT NOT NULL,
    excerpt TEXT,
    content TEXT NOT NULL,
    cover_image_url TEXT,
    author TEXT,
    tags TEXT NOT NULL,
    published_at BIGINT NOT NULL
);
CREATE INDEX blogs_by_published ON blogs (organization_id, environment, published_at, id);

-- Responses to POSTs carrying an Idempotency-Key, replayed on a retry. status_code 0
-- marks a request still being processed.
CREATE TABLE idempotency_records (
    api_key_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status_code BIGINT NOT NULL,
    response_body TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (api_key_id, idempotency_key)
);
