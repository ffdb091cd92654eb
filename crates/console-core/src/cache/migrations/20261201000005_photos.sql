-- The offline photo cache's index: which stored file (named by the SHA-256 of its bytes,
-- under the profile's photos/ folder) holds which vehicle's photo at which position
-- (its sortOrder), as a thumbnail (what a sync keeps) or in full (kept when the
-- vehicle's page is opened). last_used orders eviction to the budget (least recent first).
CREATE TABLE photos (
    vehicle_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    variant TEXT NOT NULL CHECK (variant IN ('thumb', 'full')),
    hash TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    last_used INTEGER NOT NULL,
    PRIMARY KEY (vehicle_id, position, variant)
) STRICT;
CREATE INDEX photos_last_used ON photos (last_used);
CREATE INDEX photos_hash ON photos (hash);
