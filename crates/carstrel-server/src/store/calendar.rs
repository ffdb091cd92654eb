//! Test drives on the calendar: where a change puts a drive's slot, the double-booking
//! check (made race-free per vehicle), and the slots of drives that predate the column.
//! What overlaps is the rule book's ([`rules::double_booking`]), as offline.

use crate::clock::parse;
use crate::db::{Backend, Db};
use crate::error::{ApiError, Result};
use crate::tenant::Caller;
use carstrel_model::rules::{self, Slot, MAX_SLOT_MINUTES};
use carstrel_model::{TestDrive, TestDriveStatus};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// How test-drive rows are read (`store::test_drives`' select and decoder, handed in as
/// the changes feed takes them, so that neither module imports the other).
#[derive(Clone, Copy)]
pub struct Rows {
    pub select: &'static str,
    pub decode: fn(&AnyRow) -> anyhow::Result<TestDrive>,
}

/// A drive as a change finds it.
#[derive(Debug, Clone)]
pub struct Current {
    pub id: String,
    pub vehicle_id: String,
    pub status: TestDriveStatus,
    pub scheduled_at: Option<i64>,
    pub preferred_date: Option<String>,
}

/// Where a change leaves a drive: its slot's start, and a new length when the change
/// confirmed or moved it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub slot_at: Option<i64>,
    pub duration_minutes: Option<u32>,
}

/// Places a drive that becomes `status` and, when `scheduled_at` is given, moves there.
/// A drive confirmed or moved takes the dealer's current length; one that ends up
/// confirmed that way must not overlap another confirmed drive of its vehicle (409,
/// naming that drive). Call it inside the change's transaction.
pub async fn place(
    conn: &mut AnyConnection,
    backend: Backend,
    rows: Rows,
    caller: &Caller,
    drive: &Current,
    status: TestDriveStatus,
    scheduled_at: Option<i64>,
) -> Result<Placement> {
    let slot_at = scheduled_at
        .or(drive.scheduled_at)
        .or_else(|| drive.preferred_date.as_deref().and_then(parse));
    if !rules::takes_new_slot(drive.status, status, scheduled_at.is_some()) {
        return Ok(Placement {
            slot_at,
            duration_minutes: None,
        });
    }
    let minutes = super::dealer_settings::read(conn, caller)
        .await?
        .test_drive_minutes;
    if let (TestDriveStatus::Confirmed, Some(start_ms)) = (status, slot_at) {
        let slot = Slot { start_ms, minutes };
        check_free(conn, backend, rows, caller, drive, slot).await?;
    }
    Ok(Placement {
        slot_at,
        duration_minutes: Some(minutes),
    })
}

/// 409 when `slot` overlaps another confirmed drive of the drive's vehicle. The vehicle
/// is locked first, so of two overlapping confirmations at once the second waits for the
/// first to commit and then sees it.
async fn check_free(
    conn: &mut AnyConnection,
    backend: Backend,
    rows: Rows,
    caller: &Caller,
    drive: &Current,
    slot: Slot,
) -> Result<()> {
    lock_vehicle(conn, backend, &drive.vehicle_id).await?;
    // Only drives starting less than the longest slot before this one can reach into it.
    let earliest = slot.start_ms - i64::from(MAX_SLOT_MINUTES) * 60_000;
    let found = sqlx::query(&format!(
        "{} WHERE t.vehicle_id = $1 AND t.organization_id = $2 AND t.environment = $3 \
         AND t.status = 'confirmed' AND t.id <> $4 AND t.slot_at > $5 AND t.slot_at < $6 \
         ORDER BY t.slot_at, t.id",
        rows.select
    ))
    .bind(&drive.vehicle_id)
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .bind(&drive.id)
    .bind(earliest)
    .bind(slot.end_ms())
    .fetch_all(&mut *conn)
    .await?;
    let others = found
        .iter()
        .map(rows.decode)
        .collect::<anyhow::Result<Vec<_>>>()?;
    match rules::double_booking(&drive.id, &drive.vehicle_id, slot, &others) {
        Some(other) => Err(ApiError::Conflict(rules::double_booking_message(other))),
        None => Ok(()),
    }
}

/// Serializes the vehicle's bookings until the transaction ends: a row lock on
/// PostgreSQL; on SQLite a write, which holds the database's one write lock.
async fn lock_vehicle(
    conn: &mut AnyConnection,
    backend: Backend,
    vehicle_id: &str,
) -> sqlx::Result<()> {
    let sql = match backend {
        Backend::Postgres => "SELECT id FROM vehicles WHERE id = $1 FOR UPDATE",
        Backend::Sqlite => "UPDATE vehicles SET id = id WHERE id = $1",
    };
    sqlx::query(sql).bind(vehicle_id).execute(conn).await?;
    Ok(())
}

/// Gives drives recorded before slots were stored (only a preferred date, which SQL
/// cannot read) their slot. Idempotent; cheap once done.
pub async fn backfill_slots(db: &Db) -> anyhow::Result<()> {
    let rows = sqlx::query(
        "SELECT id, preferred_date FROM test_drives \
         WHERE slot_at IS NULL AND preferred_date IS NOT NULL",
    )
    .fetch_all(&db.pool)
    .await?;
    for row in rows {
        let preferred: String = row.try_get("preferred_date")?;
        if let Some(at) = parse(&preferred) {
            sqlx::query("UPDATE test_drives SET slot_at = $1 WHERE id = $2 AND slot_at IS NULL")
                .bind(at)
                .bind(row.try_get::<String, _>("id")?)
                .execute(&db.pool)
                .await?;
        }
    }
    Ok(())
}
