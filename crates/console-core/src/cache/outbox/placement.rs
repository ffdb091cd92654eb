//! Where a change puts a test drive on the calendar, checked in the cache as the server
//! checks it: the rule book's length, slot and double-booking functions.

use crate::cache::calendar::settings_in;
use crate::cache::Cache;
use crate::error::{Error, Result};
use carstrel_model::rules;
use carstrel_model::{TestDrive, TestDriveStatus, TestDriveUpdate};
use sqlx::SqliteConnection;

/// Places a drive a change took from `before` to its current state, as the server does
/// (`store::calendar::place`): confirmed or moved, it takes the dealer's current length,
/// and confirmed, its slot must not overlap another confirmed drive of its vehicle.
pub(super) async fn place_offline(
    conn: &mut SqliteConnection,
    before: TestDriveStatus,
    drive: &mut TestDrive,
    change: &TestDriveUpdate,
) -> Result<()> {
    if !rules::takes_new_slot(before, drive.status, change.scheduled_at.is_some()) {
        return Ok(());
    }
    drive.duration_minutes = settings_in(conn).await?.test_drive_minutes;
    let Some(slot) = rules::slot_of(drive).filter(|_| drive.status == TestDriveStatus::Confirmed)
    else {
        return Ok(());
    };
    let others = Cache::confirmed_drives_of(conn, &drive.vehicle_id).await?;
    match rules::double_booking(&drive.id, &drive.vehicle_id, slot, &others) {
        Some(other) => Err(Error::DoubleBooking(rules::double_booking_message(other))),
        None => Ok(()),
    }
}
