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
    /// The feed's sequence number of this copy: written with a change, never alone.
    change_seq: i64,
    doc: String,
}

/// The columns of [`Row`] in `vehicles`, in order (`doc` is in `vehicle_docs`).
const COLUMNS: [&str; 19] = [
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
    "change_seq",
];

/// The columns compared to tell whether a vehicle changed: all but `id` and `change_seq`.
const COMPARED: std::ops::Range<usize> = 1..18;

/// A column's value, to bind.
enum Value<'a> {
    Text(Option<&'a str>),
    Int(Option<i64>),
    Real(Option<f64>),
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

fn bind<'a>(sql: &mut QueryBuilder<'a, Sqlite>, value: Value<'a>) {
    match value {
        Value::Text(text) => sql.push_bind(text),
        Value::Int(int) => sql.push_bind(int),
        Value::Real(real) => sql.push_bind(real),
    };
}

/// Rows per multi-row insert: 20 values each, far below SQLite's limit of 32 766.
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
        sql.push(
            ", COALESCE(d.doc, '') AS doc FROM vehicles v LEFT JOIN vehicle_docs d ON d.rid = v.rid \
             WHERE v.id IN (SELECT value FROM json_each(",
        )
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
    for row in &rows {
        match cached.remove(&row.id) {
            None => new.push(row),
            Some((rid, old)) => update(conn, rid, &old, row).await?,
        }
    }
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
                match row.value(column) {
                    Value::Text(text) => values.push_bind(text),
                    Value::Int(int) => values.push_bind(int),
                    Value::Real(real) => values.push_bind(real),
                };
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

/// A cached row as read back, with its `rid`.
#[derive(sqlx::FromRow)]
struct CachedRow {
    rid: i64,
    #[sqlx(flatten)]
    row: Row,
}

/// Writes the columns of `new` that differ from `old`, and the document if it moved.
async fn update(conn: &mut SqliteConnection, rid: i64, old: &Row, new: &Row) -> Result<()> {
    let mut changed: Vec<usize> = COMPARED.filter(|column| !old.same(new, *column)).collect();
    if changed.is_empty() && old.doc == new.doc {
        // Nothing the console shows moved (a copy already applied, say).
        return Ok(());
    }
    changed.push(COMPARED.end);
    let mut sql = QueryBuilder::<Sqlite>::new("UPDATE vehicles SET ");
    for (i, column) in changed.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.push(format_args!("{} = ", COLUMNS[*column]));
        bind(&mut sql, new.value(*column));
    }
    sql.push(" WHERE rid = ").push_bind(rid);
    sql.build().execute(&mut *conn).await?;
    if old.doc != new.doc {
        sqlx::query("INSERT OR REPLACE INTO vehicle_docs (rid, doc) VALUES (?, ?)")
            .bind(rid)
            .bind(&new.doc)
            .execute(&mut *conn)
            .await?;
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
}
