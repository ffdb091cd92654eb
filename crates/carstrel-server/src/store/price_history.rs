//! Every headline price a vehicle has had: the listing price first, then one entry per
//! price change made through `PATCH /external/vehicles/{id}`.

use crate::clock::rfc3339;
use crate::db::Db;
use crate::error::{ApiError, Result};
use crate::tenant::Caller;
use carstrel_model::PricePoint;
use sqlx::{AnyConnection, Row};

/// Appends `price` at `changed_at`, in the transaction that changed it; `seq` (the
/// change's sequence number) orders entries of one instant.
pub async fn append(
    conn: &mut AnyConnection,
    vehicle_id: &str,
    seq: i64,
    price: f64,
    changed_at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO vehicle_prices (vehicle_id, seq, price, changed_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(vehicle_id)
    .bind(seq)
    .bind(price)
    .bind(changed_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The caller's vehicle's prices, oldest first; another dealer's vehicle is not found.
pub async fn list(db: &Db, caller: &Caller, vehicle_id: &str) -> Result<Vec<PricePoint>> {
    let owned = sqlx::query(
        "SELECT id FROM vehicles WHERE id = $1 AND organization_id = $2 AND environment = $3",
    )
    .bind(vehicle_id)
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .fetch_optional(&db.pool)
    .await?;
    if owned.is_none() {
        return Err(ApiError::not_found("Vehicle"));
    }
    let rows = sqlx::query(
        "SELECT price, changed_at FROM vehicle_prices WHERE vehicle_id = $1 ORDER BY changed_at, seq",
    )
    .bind(vehicle_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(PricePoint {
                price: row.try_get("price")?,
                changed_date: rfc3339(row.try_get("changed_at")?),
            })
        })
        .collect()
}
