-- Indexes and full-text triggers set aside during the first download of a table, to be
-- built once at its end (see src/cache/bulk.rs). Empty except while that download runs.
CREATE TABLE deferred_schema (
    name TEXT PRIMARY KEY,
    table_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    sql TEXT NOT NULL
) STRICT;
