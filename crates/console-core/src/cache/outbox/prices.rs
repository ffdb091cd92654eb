//! Prices set in the console (`inventory:write`): the cached listing shows the new price
//! at once (the rule book's [`rules::apply_vehicle_price`], as the server applies it),
//! its cached price history gains the entry the server will add, and the edit waits in
//! the outbox as a `PATCH /external/vehicles/{id}`.

use super::entries::{insert_entry, read_doc};
use super::EntryKind;
use crate::cache::Cache;
use crate::error::{Error, Result};
use carstrel_model::rules;
use carstrel_model::{PricePoint, Vehicle, VehicleUpdate};
use sqlx::SqliteConnection;

impl Cache {
    /// Sets a listing's headline price offline and queues the change. Returns the
    /// listing as the console now shows it.
    pub async fn queue_vehicle_price(&self, id: &str, price: f64) -> Result<Vehicle> {
        let change = VehicleUpdate {
            price: Some(price),
            ..VehicleUpdate::default()
        };
        rules::check_vehicle_update(&change)?;
        let id = crate::cache::params::id(id, "id")?;
        let now = crate::clock::now_ms();
        let mut tx = self.write().await?;
        let mut vehicle: Vehicle = read_doc(&mut tx, "vehicles", &id)
            .await?
            .ok_or(Error::NotFound("Vehicle"))?;
        let base = serde_json::to_string(&vehicle)?;
        let changed = rules::apply_vehicle_price(&mut vehicle, price);
        vehicle.updated_date = crate::clock::rfc3339(now);
        show_local_vehicle(&mut tx, &vehicle).await?;
        if changed {
            append_price(&mut tx, &id, price, now).await?;
        }
        insert_entry(
            &mut tx,
            EntryKind::VehicleUpdate,
            &id,
            &serde_json::to_string(&change)?,
            Some(&base),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(vehicle)
    }

    /// Shows again the prices still queued after a sync brought the server's listings
    /// (which do not have them yet): the queued edit is what the server will hold.
    pub(crate) async fn reapply_queued_prices(&self) -> Result<()> {
        let mut tx = self.write().await?;
        let queued: Vec<(String, String)> = sqlx::query_as(
            "SELECT entity_id, payload FROM outbox WHERE kind = 'vehicle_update' \
             AND state = 'pending' ORDER BY seq",
        )
        .fetch_all(&mut *tx)
        .await?;
        for (id, payload) in queued {
            let change: VehicleUpdate = serde_json::from_str(&payload)?;
            let vehicle: Option<Vehicle> = read_doc(&mut tx, "vehicles", &id).await?;
            if let (Some(mut vehicle), Some(price)) = (vehicle, change.price) {
                if rules::apply_vehicle_price(&mut vehicle, price) {
                    show_local_vehicle(&mut tx, &vehicle).await?;
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Writes the listing's price and document in place (its other columns are unchanged by
/// a price).
async fn show_local_vehicle(conn: &mut SqliteConnection, vehicle: &Vehicle) -> Result<()> {
    sqlx::query("UPDATE vehicles SET price = ?, updated_at = ?, doc = ? WHERE id = ?")
        .bind(vehicle.price)
        .bind(crate::cache::params::ms(&vehicle.updated_date)?)
        .bind(serde_json::to_string(vehicle)?)
        .bind(&vehicle.id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Adds a price to the cached history, when there is one (a history never fetched stays
/// unknown rather than starting at this price).
async fn append_price(conn: &mut SqliteConnection, id: &str, price: f64, now: i64) -> Result<()> {
    let doc: Option<String> =
        sqlx::query_scalar("SELECT doc FROM price_histories WHERE vehicle_id = ?")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some(doc) = doc else { return Ok(()) };
    let mut history: Vec<PricePoint> = serde_json::from_str(&doc)?;
    history.push(PricePoint {
        price,
        changed_date: crate::clock::rfc3339(now),
    });
    sqlx::query("UPDATE price_histories SET doc = ? WHERE vehicle_id = ?")
        .bind(serde_json::to_string(&history)?)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
