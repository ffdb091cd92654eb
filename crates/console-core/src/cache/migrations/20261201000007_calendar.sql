-- The dealer's calendar settings as last fetched (one row, `DealerSettings` as JSON). No
-- row: a server without `/external/settings`, and the rule book's defaults apply.
CREATE TABLE dealer_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    doc TEXT NOT NULL,
    fetched_at INTEGER NOT NULL
) STRICT;

-- Each vehicle's price history (`[PricePoint]` as JSON, oldest first), as last fetched
-- and with the prices set offline appended. No row: never fetched (or a server without
-- price histories).
CREATE TABLE price_histories (
    vehicle_id TEXT PRIMARY KEY,
    doc TEXT NOT NULL,
    fetched_at INTEGER NOT NULL
) STRICT;
