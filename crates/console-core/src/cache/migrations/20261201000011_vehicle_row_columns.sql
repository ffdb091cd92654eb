-- What the inventory table shows beyond the list columns, as columns of their own, so the
-- in-memory list (src/cache/vehicle_index.rs) answers a page of rows without reading the
-- ~2.3 KB documents: the pickup location's name, an auction's current bid (quoted instead
-- of the price), and the main photo's `sortOrder` (the featured photo, else the first by
-- `sortOrder`: the one the photo cache keeps a thumbnail of). Copies cached before them
-- read theirs out of the document.
ALTER TABLE vehicles ADD COLUMN location_name TEXT;
ALTER TABLE vehicles ADD COLUMN current_bid REAL;
ALTER TABLE vehicles ADD COLUMN main_photo INTEGER;
UPDATE vehicles
SET location_name = json_extract(d.doc, '$.pickupDetails.locationName'),
    current_bid = json_extract(d.doc, '$.auctionOptions.currentBid'),
    main_photo = (
        SELECT json_extract(m.value, '$.sortOrder') FROM json_each(d.doc, '$.media') m
        WHERE json_extract(m.value, '$.type') = 'photo'
        ORDER BY json_extract(m.value, '$.isFeatured') DESC,
            CASE WHEN json_extract(m.value, '$.isFeatured') THEN m.key
                ELSE json_extract(m.value, '$.sortOrder') END,
            m.key
        LIMIT 1
    )
FROM vehicle_docs d
WHERE d.rid = vehicles.rid;
