//! How a batch of vehicles from the feed is written: the typed columns in `vehicles`, the
//! document in `vehicle_docs` (so scans of `vehicles` stay small).
//!
//! A first download inserts rows many at a time. A delta compares each vehicle with the
//! cached row and writes only what moved: an unchanged vehicle is skipped, a price change
//! updates the price column and the document, and only a change of the searched text
//! (name, description, brand or model name) reaches the full-text index's trigger.

use super::params::ms;
use crate::error::Result;
use carstrel_model::Vehicle;
use sqlx::query_builder::Separated;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};
use std::collections::HashMap;

/// A vehicle as the cache stores it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
struct Row {
    id: String,
    name: String,
    description: Option<String>,
    status: String,
    listing_type: String,
    brand_id: String,
    brand_name: String,
    model_id: String,
    model_name: String,
    body_type_id: Option<String>,
    body_type_name: Option<String>,
    year: i64,
    mileage: i64,
    price: Option<f64>,
    impressions_count: i64,
    created_at: i64,
    updated_at: i64,
    listed_at: Option<i64>,
    location_name: Option<String>,
    current_bid: Option<f64>,
    /// The main photo's `sortOrder`.
    main_photo: Option<i64>,
    /// The feed's sequence number of this copy: written with a change, never alone.
    change_seq: i64,
    doc: String,
}

/// The columns of [`Row`] in `vehicles`, in order (`doc` is in `vehicle_docs`).
const COLUMNS: [&str; 22] = [
    "id",
    "name",
    "description",
    "status",
    "listing_type",
    "brand_id",
    "brand_name",
    "model_id",
    "model_name",
    "body_type_id",
    "body_type_name",
    "year",
    "mileage",
    "price",
    "impressions_count",
    "created_at",
    "updated_at",
    "listed_at",
    "location_name",
    "current_bid",
    "main_photo",
    "change_seq",
];

/// The columns compared to tell whether a vehicle changed: all but `id` and `change_seq`.
const COMPARED: std::ops::Range<usize> = 1..21;

/// A column's value, to bind.
enum Value<'a> {
    Text(Option<&'a str>),
    Int(Option<i64>),
    Real(Option<f64>),
}

impl<'a> Value<'a> {
    /// Binds the value as the next of a multi-row statement's values.
    fn bind_to(self, values: &mut Separated<'_, 'a, Sqlite, &'static str>) {
        match self {
            Value::Text(text) => values.push_bind(text),
            Value::Int(int) => values.push_bind(int),
            Value::Real(real) => values.push_bind(real),
        };
    }
}

impl Row {
    fn of(seq: i64, vehicle: &Vehicle) -> Result<Row> {
        let body_type = vehicle.model.body_type.as_ref();
        // `daysOnLot` is recomputed from `listedDate` when read: the stored document
        // leaves it out, so it does not change every day for nothing.
        let mut stored = vehicle.clone();
        stored.days_on_lot = None;
        Ok(Row {
            id: vehicle.id.clone(),
            name: vehicle.name.clone(),
            description: vehicle.description.clone(),
            status: vehicle.status.as_str().to_owned(),
            listing_type: vehicle.listing_type.as_str().to_owned(),
            brand_id: vehicle.model.brand.id.clone(),
            brand_name: vehicle.model.brand.name.clone(),
            model_id: vehicle.model.id.clone(),
            model_name: vehicle.model.name.clone(),
            body_type_id: body_type.map(|b| b.id.clone()),
            body_type_name: body_type.map(|b| b.name.clone()),
            year: i64::from(vehicle.year),
            mileage: vehicle.mileage,
            price: vehicle.price,
            impressions_count: vehicle.impressions_count,
            created_at: ms(&vehicle.created_date)?,
            updated_at: ms(&vehicle.updated_date)?,
            listed_at: vehicle.listed_date.as_deref().map(ms).transpose()?,
            location_name: vehicle
                .pickup_details
                .as_ref()
                .map(|p| p.location_name.clone()),
            current_bid: vehicle.auction_options.as_ref().and_then(|a| a.current_bid),
            main_photo: super::photos::main_photo(&vehicle.media).map(|m| i64::from(m.sort_order)),
            change_seq: seq,
            doc: serde_json::to_string(&stored)?,
        })
    }

    fn value(&self, column: usize) -> Value<'_> {
        match column {
            0 => Value::Text(Some(&self.id)),
            1 => Value::Text(Some(&self.name)),
            2 => Value::Text(self.description.as_deref()),
            3 => Value::Text(Some(&self.status)),
            4 => Value::Text(Some(&self.listing_type)),
            5 => Value::Text(Some(&self.brand_id)),
            6 => Value::Text(Some(&self.brand_name)),
            7 => Value::Text(Some(&self.model_id)),
            8 => Value::Text(Some(&self.model_name)),
            9 => Value::Text(self.body_type_id.as_deref()),
            10 => Value::Text(self.body_type_name.as_deref()),
            11 => Value::Int(Some(self.year)),
            12 => Value::Int(Some(self.mileage)),
            13 => Value::Real(self.price),
            14 => Value::Int(Some(self.impressions_count)),
            15 => Value::Int(Some(self.created_at)),
            16 => Value::Int(Some(self.updated_at)),
            17 => Value::Int(self.listed_at),
            18 => Value::Text(self.location_name.as_deref()),
            19 => Value::Real(self.current_bid),
            20 => Value::Int(self.main_photo),
            _ => Value::Int(Some(self.change_seq)),
        }
    }

    /// Whether column `column` holds the same value in both rows.
    fn same(&self, other: &Row, column: usize) -> bool {
        match (self.value(column), other.value(column)) {
            (Value::Text(a), Value::Text(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            // Bitwise, so a stored 0.0 and a new -0.0 still write (harmless), and NaN
            // (never sent) cannot make a row look changed forever.
            (Value::Real(a), Value::Real(b)) => a.map(f64::to_bits) == b.map(f64::to_bits),
            _ => false,
        }
    }
}

/// Rows per multi-row insert: 23 values each, far below SQLite's limit of 32 766.
const INSERT_BATCH: usize = 100;

/// Writes `batch` (feed order; a vehicle appearing twice ends as its last copy).
pub(super) async fn upsert(conn: &mut SqliteConnection, batch: &[(i64, &Vehicle)]) -> Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let mut rows: Vec<Row> = Vec::with_capacity(batch.len());
    let mut position: HashMap<String, usize> = HashMap::with_capacity(batch.len());
    for (seq, vehicle) in batch {
        let row = Row::of(*seq, vehicle)?;
        match position.get(&row.id) {
            Some(at) => rows[*at] = row,
            None => {
                position.insert(row.id.clone(), rows.len());
                rows.push(row);
            }
        }
    }
    let ids: Vec<&str> = rows.iter().map(|row| row.id.as_str()).collect();
    let cached: Vec<(i64, Row)> = {
        let mut sql = QueryBuilder::<Sqlite>::new("SELECT v.rid");
        for column in COLUMNS {
            sql.push(format_args!(", v.{column}"));
        }
        sql.push(", '' AS doc FROM vehicles v WHERE v.id IN (SELECT value FROM json_each(")
            .push_bind(serde_json::to_string(&ids)?)
            .push("))");
        let found: Vec<CachedRow> = sql.build_query_as().fetch_all(&mut *conn).await?;
        found.into_iter().map(|c| (c.rid, c.row)).collect()
    };
    let mut cached: HashMap<String, (i64, Row)> = cached
        .into_iter()
        .map(|(rid, row)| (row.id.clone(), (rid, row)))
        .collect();
    let mut new: Vec<&Row> = Vec::new();
    let mut updates: Vec<(i64, Row, &Row)> = Vec::new();
    for row in &rows {
        match cached.remove(&row.id) {
            None => new.push(row),
            Some((rid, old)) => updates.push((rid, old, row)),
        }
    }
    update_all(conn, &updates).await?;
    if new.is_empty() {
        return Ok(());
    }
    // Explicit rids, so each document goes in beside its row in one statement each.
    let top: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(rid), 0) FROM vehicles")
        .fetch_one(&mut *conn)
        .await?;
    let numbered: Vec<(i64, &Row)> = new
        .into_iter()
        .enumerate()
        .map(|(i, row)| (top + 1 + i as i64, row))
        .collect();
    for chunk in numbered.chunks(INSERT_BATCH) {
        let mut sql = QueryBuilder::<Sqlite>::new("INSERT INTO vehicles (rid, ");
        sql.push(COLUMNS.join(", ")).push(") ");
        sql.push_values(chunk, |mut values, (rid, row)| {
            values.push_bind(*rid);
            for column in 0..COLUMNS.len() {
                row.value(column).bind_to(&mut values);
            }
        });
        sql.build().execute(&mut *conn).await?;
        let mut docs = QueryBuilder::<Sqlite>::new("INSERT INTO vehicle_docs (rid, doc) ");
        docs.push_values(chunk, |mut values, (rid, row)| {
            values.push_bind(*rid).push_bind(row.doc.as_str());
        });
        docs.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// The stored documents of the rows `rids`.
async fn stored_docs(conn: &mut SqliteConnection, rids: &[i64]) -> Result<HashMap<i64, String>> {
    if rids.is_empty() {
        return Ok(HashMap::new());
    }
    let found: Vec<(i64, String)> = sqlx::query_as(
        "SELECT rid, doc FROM vehicle_docs WHERE rid IN (SELECT value FROM json_each(?))",
    )
    .bind(serde_json::to_string(rids)?)
    .fetch_all(&mut *conn)
    .await?;
    Ok(found.into_iter().collect())
}

/// A cached row as read back, with its `rid`.
#[derive(sqlx::FromRow)]
struct CachedRow {
    rid: i64,
    #[sqlx(flatten)]
    row: Row,
}

/// Writes, of each cached row in `updates` (`rid`, as cached without its document, as
/// received), the columns that moved, and the document if it moved. A row whose columns
/// moved has a new document too (the columns come from it); only the others' stored
/// documents are read, to tell a copy already applied from a change the columns do not
/// show. Rows that moved the same columns go in one statement per batch (`UPDATE … FROM
/// (VALUES …)`): a statement per row cost a delta of 100 price changes 200 round trips
/// to SQLite's thread, two thirds of its time.
async fn update_all(conn: &mut SqliteConnection, updates: &[(i64, Row, &Row)]) -> Result<()> {
    let moved: Vec<Vec<usize>> = updates
        .iter()
        .map(|(_, old, new)| COMPARED.filter(|column| !old.same(new, *column)).collect())
        .collect();
    let unmoved: Vec<i64> = updates
        .iter()
        .zip(&moved)
        .filter(|(_, columns)| columns.is_empty())
        .map(|((rid, _, _), _)| *rid)
        .collect();
    let stored = stored_docs(conn, &unmoved).await?;
    let mut by_columns: HashMap<Vec<usize>, Vec<(i64, &Row)>> = HashMap::new();
    let mut docs: Vec<(i64, &str)> = Vec::new();
    for ((rid, _, new), mut changed) in updates.iter().zip(moved) {
        if changed.is_empty() && stored.get(rid) == Some(&new.doc) {
            // Nothing the console shows moved (a copy already applied, say).
            continue;
        }
        changed.push(COMPARED.end);
        by_columns.entry(changed).or_default().push((*rid, *new));
        docs.push((*rid, new.doc.as_str()));
    }
    for (columns, rows) in &by_columns {
        for chunk in rows.chunks(INSERT_BATCH) {
            let mut sql = QueryBuilder::<Sqlite>::new("UPDATE vehicles SET ");
            for (i, column) in columns.iter().enumerate() {
                if i > 0 {
                    sql.push(", ");
                }
                // `column1` of the VALUES is the rid; the moved columns follow.
                sql.push(format_args!("{} = u.column{}", COLUMNS[*column], i + 2));
            }
            sql.push(" FROM (");
            sql.push_values(chunk, |mut values, (rid, row)| {
                values.push_bind(*rid);
                for column in columns {
                    row.value(*column).bind_to(&mut values);
                }
            });
            sql.push(") AS u WHERE vehicles.rid = u.column1");
            sql.build().execute(&mut *conn).await?;
        }
    }
    for chunk in docs.chunks(INSERT_BATCH) {
        let mut sql =
            QueryBuilder::<Sqlite>::new("INSERT OR REPLACE INTO vehicle_docs (rid, doc) ");
        sql.push_values(chunk, |mut values, (rid, doc)| {
            values.push_bind(*rid).push_bind(*doc);
        });
        sql.build().execute(&mut *conn).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::cache::Cache;
    use carstrel_model::{Change, ChangeOp, Vehicle, VehicleQuery};

    fn vehicle(price: f64) -> Vehicle {
        serde_json::from_value(serde_json::json!({
            "id": "00000000-0000-0000-0000-000000000001", "name": "2020 Toyota Corolla",
            "slug": "s", "description": "One owner", "year": 2020, "mileage": 1000,
            "exteriorColor": null, "interiorColor": null, "listingType": "sale",
            "status": "available",
            "model": {"id": "m", "name": "Corolla", "slug": "corolla",
                "brand": {"id": "b", "name": "Toyota", "logoUrl": null}, "bodyType": null},
            "engine": null, "media": [], "saleOptions": null, "rentalOptions": null,
            "auctionOptions": null,
            "features": {"safety": [], "exterior": [], "interior": [], "entertainment": []},
            "pickupDetails": null, "price": price, "impressionsCount": 0,
            "createdDate": "2024-01-01T00:00:00.000Z", "updatedDate": "2024-01-01T00:00:00.000Z",
            "listedDate": "2024-01-01T00:00:00.000Z", "daysOnLot": 3
        }))
        .unwrap()
    }

    fn upsert(seq: i64, vehicle: &Vehicle) -> Change<Vehicle> {
        Change {
            seq,
            id: vehicle.id.clone(),
            op: ChangeOp::Upsert,
            data: Some(vehicle.clone()),
        }
    }

    async fn seq(cache: &Cache) -> i64 {
        sqlx::query_scalar("SELECT change_seq FROM vehicles")
            .fetch_one(&cache.pool)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_delta_skips_what_did_not_move_and_writes_what_did() {
        let cache = Cache::open_in_memory().await.unwrap();
        cache
            .apply_vehicle_changes(&[upsert(1, &vehicle(9000.0))], None)
            .await
            .unwrap();
        // The same vehicle again, read a day later (`daysOnLot` moved): nothing is written.
        let mut later = vehicle(9000.0);
        later.days_on_lot = Some(4);
        cache
            .apply_vehicle_changes(&[upsert(2, &later)], None)
            .await
            .unwrap();
        assert_eq!(seq(&cache).await, 1);
        // A price change, twice in one batch: the last copy stays.
        let changes = [upsert(3, &vehicle(8000.0)), upsert(4, &vehicle(7000.0))];
        cache.apply_vehicle_changes(&changes, None).await.unwrap();
        assert_eq!(seq(&cache).await, 4);
        let page = cache
            .list_vehicles(&VehicleQuery::default(), Some("owner"))
            .await
            .unwrap();
        assert_eq!(page.items[0].price, Some(7000.0));
        // Any write to `vehicles` (here one outside the feed, as an offline price edit
        // makes) moves the in-memory list on.
        let cheap = VehicleQuery {
            max_price: Some(6000.0),
            ..Default::default()
        };
        assert_eq!(cache.list_vehicles(&cheap, None).await.unwrap().total, 0);
        sqlx::query("UPDATE vehicles SET price = 5000.0")
            .execute(&cache.pool)
            .await
            .unwrap();
        assert_eq!(cache.list_vehicles(&cheap, None).await.unwrap().total, 1);
        assert_eq!(cache.integrity_check().await.unwrap(), "ok");
    }

    fn another(id: u8, name: &str, price: f64) -> Vehicle {
        let mut vehicle = vehicle(price);
        vehicle.id = format!("00000000-0000-0000-0000-0000000000{id:02}");
        vehicle.name = name.to_owned();
        vehicle
    }

    async fn found(cache: &Cache, words: &str) -> Vec<String> {
        let page = cache
            .list_vehicles(&VehicleQuery::default(), Some(words))
            .await
            .unwrap();
        page.items.into_iter().map(|v| v.id).collect()
    }

    #[tokio::test]
    async fn one_delta_moving_different_columns_of_many_rows_writes_each_as_sent() {
        let cache = Cache::open_in_memory().await.unwrap();
        let first = [
            another(1, "Corolla Alpha", 1000.0),
            another(2, "Corolla Bravo", 2000.0),
            another(3, "Corolla Charlie", 3000.0),
            another(4, "Corolla Delta", 4000.0),
        ];
        let changes: Vec<_> = (1..).zip(&first).map(|(seq, v)| upsert(seq, v)).collect();
        cache.apply_vehicle_changes(&changes, None).await.unwrap();

        let price_moved = another(1, "Corolla Alpha", 900.0);
        let renamed = another(2, "Corolla Zulu", 2000.0);
        let mut described = another(3, "Corolla Charlie", 3000.0);
        described.description = Some("Garage kept".into());
        let mut doc_only = first[3].clone();
        doc_only.exterior_color = Some("Red".into());
        let added = another(5, "Corolla Echo", 5000.0);
        let delta = [&price_moved, &renamed, &described, &doc_only, &added];
        let changes: Vec<_> = (10..).zip(delta).map(|(seq, v)| upsert(seq, v)).collect();
        cache.apply_vehicle_changes(&changes, None).await.unwrap();

        for sent in delta {
            let mut stored = cache.get_vehicle(&sent.id).await.unwrap();
            stored.days_on_lot = sent.days_on_lot;
            assert_eq!(&stored, sent, "{} as sent", sent.name);
        }
        assert_eq!(found(&cache, "zulu").await, [renamed.id.as_str()]);
        assert!(
            found(&cache, "bravo").await.is_empty(),
            "the old name is gone"
        );
        assert_eq!(found(&cache, "garage").await, [described.id.as_str()]);
        let cheapest = cache
            .list_vehicles(
                &VehicleQuery {
                    max_price: Some(950.0),
                    ..Default::default()
                },
                None,
            )
            .await
            .unwrap();
        assert_eq!(cheapest.total, 1);
        assert_eq!(cheapest.items[0].id, price_moved.id);
        let seqs: Vec<i64> = sqlx::query_scalar("SELECT change_seq FROM vehicles ORDER BY id")
            .fetch_all(&cache.pool)
            .await
            .unwrap();
        assert_eq!(seqs, [10, 11, 12, 13, 14]);
        assert_eq!(cache.integrity_check().await.unwrap(), "ok");
    }
}
