//! A listing's server copy after the outbox sent (or dropped) an edit of it.

use crate::cache::records::{Origin, Record};
use crate::error::Result;
use carstrel_model::Vehicle;
use sqlx::SqliteConnection;

/// Stores the server's copy of a listing after the outbox sent (or dropped) an edit,
/// keeping the record's place in the feed.
pub(super) async fn store_server_vehicle(
    conn: &mut SqliteConnection,
    vehicle: &Vehicle,
) -> Result<()> {
    let seq: Option<i64> = sqlx::query_scalar("SELECT change_seq FROM vehicles WHERE id = ?")
        .bind(&vehicle.id)
        .fetch_optional(&mut *conn)
        .await?;
    vehicle
        .upsert(conn, seq.unwrap_or_default(), Origin::Sync)
        .await?;
    // The entry the server added is read back at the next sync, with its date.
    sqlx::query("UPDATE price_histories SET fetched_at = 0 WHERE vehicle_id = ?")
        .bind(&vehicle.id)
        .execute(conn)
        .await?;
    Ok(())
}
