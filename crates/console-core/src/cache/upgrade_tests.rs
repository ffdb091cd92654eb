//! A cache written by the previous version (documents inside `vehicles`, the 30 list
//! indexes, no `listed_at`) opens, migrates in place and keeps answering.

use super::{Cache, MIGRATOR};
use carstrel_model::{Vehicle, VehicleQuery, VehicleSort};
use sqlx::migrate::Migrator;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::ConnectOptions;

/// The vehicles table as the previous version wrote it.
const OLD_ROW: &str = "INSERT INTO vehicles (id, name, description, status, listing_type, \
    brand_id, brand_name, model_id, model_name, body_type_id, body_type_name, year, mileage, \
    price, impressions_count, created_at, updated_at, change_seq, doc) \
    VALUES (?, ?, NULL, 'available', ?, 'b', 'Toyota', 'm', 'Corolla', NULL, NULL, 2020, \
    1000, ?, 0, 0, 0, 1, ?)";

fn vehicle(id: &str, name: &str, price: f64, listed: Option<&str>) -> Vehicle {
    serde_json::from_value(serde_json::json!({
        "id": id, "name": name, "slug": "s", "description": null,
        "year": 2020, "mileage": 1000, "exteriorColor": null, "interiorColor": null,
        "listingType": "sale", "status": "available",
        "model": {"id": "m", "name": "Corolla", "slug": "corolla",
            "brand": {"id": "b", "name": "Toyota", "logoUrl": null}, "bodyType": null},
        "engine": null, "media": [], "saleOptions": null, "rentalOptions": null,
        "auctionOptions": null,
        "features": {"safety": [], "exterior": [], "interior": [], "entertainment": []},
        "pickupDetails": null, "price": price, "impressionsCount": 0,
        "createdDate": "1970-01-01T00:00:00.000Z", "updatedDate": "1970-01-01T00:00:00.000Z",
        "listedDate": listed, "daysOnLot": listed.map(|_| 1)
    }))
    .unwrap()
}

#[tokio::test]
async fn a_cache_of_the_previous_version_migrates_and_keeps_its_vehicles() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let previous = Migrator {
        migrations: MIGRATOR
            .iter()
            .filter(|m| m.version < 20261201000008)
            .cloned()
            .collect::<Vec<_>>()
            .into(),
        ..Migrator::DEFAULT
    };
    let older = vehicle(
        "00000000-0000-0000-0000-000000000001",
        "2020 Toyota Corolla",
        9000.0,
        Some("2024-01-15T10:30:00.123Z"),
    );
    let newer = vehicle(
        "00000000-0000-0000-0000-000000000002",
        "2021 Toyota Corolla",
        8000.0,
        None,
    );
    // What the inventory's rows show beyond the list columns, read out of the documents
    // by the migration that gave them columns.
    let mut older = older;
    older.pickup_details = Some(carstrel_model::PickupDetails {
        address: "1 Ngong Road".into(),
        location_name: "Nairobi".into(),
    });
    let media = |position: u32, kind: &str, featured: bool| carstrel_model::Media {
        id: format!("m{position}"),
        url: format!("https://example.com/{position}.jpg"),
        media_type: kind.into(),
        category: "exterior".into(),
        is_featured: featured,
        sort_order: position,
    };
    older.media = vec![
        media(0, "video", true),
        media(3, "photo", false),
        media(2, "photo", false),
    ];
    let mut newer = newer;
    newer.listing_type = carstrel_model::ListingType::Auction;
    newer.auction_options = Some(carstrel_model::AuctionOptions {
        starting_bid: 8000.0,
        reserve_price: None,
        current_bid: Some(8500.0),
        auction_end: None,
    });
    newer.media = vec![
        media(1, "photo", false),
        media(4, "photo", true),
        media(5, "photo", true),
    ];
    {
        let mut conn = SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true)
            .connect()
            .await
            .unwrap();
        previous.run(&mut conn).await.unwrap();
        for v in [&older, &newer] {
            sqlx::query(OLD_ROW)
                .bind(&v.id)
                .bind(&v.name)
                .bind(v.listing_type.as_str())
                .bind(v.price)
                .bind(serde_json::to_string(v).unwrap())
                .execute(&mut conn)
                .await
                .unwrap();
        }
    }

    let cache = Cache::open(&path).await.unwrap();
    let listed: Option<i64> = sqlx::query_scalar("SELECT listed_at FROM vehicles WHERE id = ?")
        .bind(&older.id)
        .fetch_one(&cache.pool)
        .await
        .unwrap();
    assert_eq!(
        listed,
        Some(super::params::ms("2024-01-15T10:30:00.123Z").unwrap())
    );
    let indexes: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND name LIKE 'vehicles\\_%' ESCAPE '\\'",
    )
    .fetch_one(&cache.pool)
    .await
    .unwrap();
    assert_eq!(indexes, 0);

    let query = VehicleQuery {
        sort: Some(VehicleSort::Price),
        ..Default::default()
    };
    let page = cache.list_vehicles(&query, None).await.unwrap();
    let names: Vec<&str> = page.items.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["2020 Toyota Corolla", "2021 Toyota Corolla"]);
    // `daysOnLot` counts to today, not to when the copy was cached.
    let today = carstrel_model::rules::days_on_lot(listed.unwrap(), crate::clock::now_ms());
    assert_eq!(page.items[0].days_on_lot, Some(today));
    assert_eq!(page.items[1].days_on_lot, None);
    let aged = VehicleQuery {
        min_days_on_lot: Some(today),
        ..Default::default()
    };
    assert_eq!(cache.list_vehicles(&aged, None).await.unwrap().total, 1);
    assert_eq!(cache.get_vehicle(&newer.id).await.unwrap(), newer);
    let rows = cache.list_vehicle_rows(&query, None).await.unwrap();
    let shown: Vec<_> = rows
        .items
        .iter()
        .map(|r| (r.location_name.as_deref(), r.current_bid, r.photo))
        .collect();
    // The featured photo, else the first by `sortOrder`; a video is no photo.
    assert_eq!(
        shown,
        [
            (Some("Nairobi"), None, Some(2)),
            (None, Some(8500.0), Some(4))
        ]
    );
    let found = cache
        .list_vehicles(&VehicleQuery::default(), Some("2021"))
        .await
        .unwrap();
    assert_eq!(found.total, 1);

    // A tombstone takes the document with the row.
    let tombstone = carstrel_model::Change {
        seq: 2,
        id: newer.id.clone(),
        op: carstrel_model::ChangeOp::Delete,
        data: None,
    };
    cache
        .apply_vehicle_changes(&[tombstone], None)
        .await
        .unwrap();
    let docs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM vehicle_docs")
        .fetch_one(&cache.pool)
        .await
        .unwrap();
    assert_eq!(docs, 1);
    assert_eq!(cache.list_vehicles(&query, None).await.unwrap().total, 1);
    assert_eq!(cache.integrity_check().await.unwrap(), "ok");
}
