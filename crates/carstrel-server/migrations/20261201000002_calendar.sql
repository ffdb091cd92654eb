-- The calendar and the lot (issue 17). Same conventions as the first migration: instants
-- are BIGINT milliseconds (UTC); every statement runs unchanged on SQLite and PostgreSQL.

-- Each dealer's settings per environment; a dealer without a row has the defaults
-- (carstrel_model::DealerSettings::default).
CREATE TABLE dealer_settings (
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    environment TEXT NOT NULL,
    test_drive_minutes BIGINT NOT NULL,
    no_show_after_minutes BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (organization_id, environment)
);

-- A drive's length, and where its slot starts: scheduled_at, else the preferred date
-- parsed (the server fills it for rows that predate it, see store::calendar::backfill).
ALTER TABLE test_drives ADD COLUMN duration_minutes BIGINT NOT NULL DEFAULT 30;
ALTER TABLE test_drives ADD COLUMN slot_at BIGINT;
UPDATE test_drives SET slot_at = scheduled_at WHERE scheduled_at IS NOT NULL;
-- The calendar's range, the double-booking check per vehicle, and the no-show sweep.
CREATE INDEX test_drives_by_slot ON test_drives (organization_id, environment, slot_at, id);
CREATE INDEX test_drives_by_vehicle_slot ON test_drives (vehicle_id, status, slot_at);
CREATE INDEX test_drives_by_status_slot ON test_drives (status, slot_at);

-- When the car went on the lot; cars that predate it were listed when created.
ALTER TABLE vehicles ADD COLUMN listed_at BIGINT NOT NULL DEFAULT 0;
UPDATE vehicles SET listed_at = created_at;
-- The list's daysOnLot filters and sort, as the other sorts' partial indexes.
CREATE INDEX vehicles_list_listed ON vehicles (organization_id, environment, listed_at, id) WHERE status = 'available';

-- Every headline price a vehicle has had, oldest first (seq orders entries of one
-- instant); the first is the listing price.
CREATE TABLE vehicle_prices (
    vehicle_id TEXT NOT NULL REFERENCES vehicles (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    price DOUBLE PRECISION NOT NULL,
    changed_at BIGINT NOT NULL,
    PRIMARY KEY (vehicle_id, seq)
);
INSERT INTO vehicle_prices (vehicle_id, seq, price, changed_at)
    SELECT id, 0, price, listed_at FROM vehicles;
