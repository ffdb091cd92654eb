-- The inventory list is answered from memory (src/cache/vehicle_index.rs: the filter and
-- sort columns of the available vehicles, scanned there), so the 30 partial list indexes
-- go: every write paid for them, and a first download built each over the whole table.
DROP INDEX IF EXISTS vehicles_list_created;
DROP INDEX IF EXISTS vehicles_list_impressions;
DROP INDEX IF EXISTS vehicles_list_year;
DROP INDEX IF EXISTS vehicles_list_mileage;
DROP INDEX IF EXISTS vehicles_list_price;
DROP INDEX IF EXISTS vehicles_list_name;
DROP INDEX IF EXISTS vehicles_brand_created;
DROP INDEX IF EXISTS vehicles_brand_impressions;
DROP INDEX IF EXISTS vehicles_brand_year;
DROP INDEX IF EXISTS vehicles_brand_mileage;
DROP INDEX IF EXISTS vehicles_brand_price;
DROP INDEX IF EXISTS vehicles_brand_name;
DROP INDEX IF EXISTS vehicles_model_created;
DROP INDEX IF EXISTS vehicles_model_impressions;
DROP INDEX IF EXISTS vehicles_model_year;
DROP INDEX IF EXISTS vehicles_model_mileage;
DROP INDEX IF EXISTS vehicles_model_price;
DROP INDEX IF EXISTS vehicles_model_name;
DROP INDEX IF EXISTS vehicles_body_created;
DROP INDEX IF EXISTS vehicles_body_impressions;
DROP INDEX IF EXISTS vehicles_body_year;
DROP INDEX IF EXISTS vehicles_body_mileage;
DROP INDEX IF EXISTS vehicles_body_price;
DROP INDEX IF EXISTS vehicles_body_name;
DROP INDEX IF EXISTS vehicles_type_created;
DROP INDEX IF EXISTS vehicles_type_impressions;
DROP INDEX IF EXISTS vehicles_type_year;
DROP INDEX IF EXISTS vehicles_type_mileage;
DROP INDEX IF EXISTS vehicles_type_price;
DROP INDEX IF EXISTS vehicles_type_name;
-- A first download under way had set them aside to build at its end: not any more.
DELETE FROM deferred_schema WHERE table_name = 'vehicles' AND kind = 'index';

-- Each vehicle's document (~2.3 KB of JSON) lives in a side table, keyed by the row's
-- `rid`, so the `vehicles` table holds only the typed columns: scanning it (the in-memory
-- index's load, the stats) reads ~25 MB instead of ~250 MB for 100 000 vehicles.
CREATE TABLE vehicle_docs (
    rid INTEGER PRIMARY KEY,
    doc TEXT NOT NULL
) STRICT;
INSERT INTO vehicle_docs (rid, doc) SELECT rid, doc FROM vehicles;

-- `listedDate` as a real column (milliseconds, like the server's `listed_at`), for the
-- `minDaysOnLot`/`maxDaysOnLot` filters and the `daysOnLot` sort. NULL when the server
-- does not send it. Copies cached before it read theirs out of the document: julianday
-- counts whole milliseconds, rounded back exactly.
ALTER TABLE vehicles ADD COLUMN listed_at INTEGER;
UPDATE vehicles
SET listed_at = CAST(ROUND((julianday(json_extract(doc, '$.listedDate')) - 2440587.5) * 86400000.0) AS INTEGER)
WHERE json_extract(doc, '$.listedDate') IS NOT NULL;
ALTER TABLE vehicles DROP COLUMN doc;

-- A vehicle's document goes with it, however it is deleted (a tombstone, a replacement).
CREATE TRIGGER vehicle_docs_cleanup AFTER DELETE ON vehicles BEGIN
    DELETE FROM vehicle_docs WHERE rid = old.rid;
END;

-- Counts writes to `vehicles`, whoever makes them (the feed, an offline price edit, the
-- outbox's server copy, another process): the in-memory list is rebuilt when it moved.
CREATE TABLE vehicles_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n INTEGER NOT NULL
) STRICT;
INSERT INTO vehicles_generation (id, n) VALUES (1, 0);
CREATE TRIGGER vehicles_generation_insert AFTER INSERT ON vehicles BEGIN
    UPDATE vehicles_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER vehicles_generation_update AFTER UPDATE ON vehicles BEGIN
    UPDATE vehicles_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER vehicles_generation_delete AFTER DELETE ON vehicles BEGIN
    UPDATE vehicles_generation SET n = n + 1 WHERE id = 1;
END;
