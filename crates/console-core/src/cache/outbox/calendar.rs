//! Test drives on the calendar, offline: a drive confirmed or moved takes the dealer's
//! length and must not double-book its vehicle among the cached confirmed drives (the
//! rule book's check, the server's words), and a move the server refused with a 409 can
//! be moved again, which settles its conflict by sending the new time.

use super::entries::new_idempotency_key;
use super::placement::place_offline;
use crate::cache::records::upsert_local_test_drive;
use crate::cache::Cache;
use crate::error::Result;
use carstrel_model::rules::apply_test_drive_update;
use carstrel_model::{TestDrive, TestDriveUpdate};
use sqlx::Row;

impl Cache {
    /// Moves a test drive to `scheduled_at` (RFC 3339), at once and queued. When an
    /// earlier move of the drive met a double booking at the server (a conflict), this
    /// is "keep mine, at another time": the queued move takes the new time on top of the
    /// server's copy and is sent again, and the conflict is settled.
    pub async fn queue_test_drive_reschedule(
        &self,
        id: &str,
        scheduled_at: &str,
    ) -> Result<TestDrive> {
        let change = TestDriveUpdate {
            scheduled_at: Some(scheduled_at.to_owned()),
            ..TestDriveUpdate::default()
        };
        let id = crate::cache::params::id(id, "id")?;
        if let Some(drive) = self.move_conflicted(&id, scheduled_at).await? {
            return Ok(drive);
        }
        self.queue_test_drive_update(&id, &change).await
    }

    async fn move_conflicted(&self, id: &str, scheduled_at: &str) -> Result<Option<TestDrive>> {
        let mut tx = self.write().await?;
        let row = sqlx::query(
            "SELECT c.id, c.outbox_seq, c.theirs, o.payload FROM conflicts c \
             JOIN outbox o ON o.seq = c.outbox_seq \
             WHERE c.entity_id = ? AND o.kind = 'test_drive_update' ORDER BY c.id LIMIT 1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let theirs: String = row.try_get("theirs")?;
        let mut change: TestDriveUpdate = serde_json::from_str(row.try_get("payload")?)?;
        change.scheduled_at = Some(scheduled_at.to_owned());
        let mut drive: TestDrive = serde_json::from_str(&theirs)?;
        let before = drive.status;
        apply_test_drive_update(&mut drive, &change, crate::clock::now_ms())?;
        place_offline(&mut tx, before, &mut drive, &change).await?;
        // The server's copy is the new base (its version goes in If-Match); a fresh key,
        // for the old one is bound to the refused attempt.
        sqlx::query(
            "UPDATE outbox SET payload = ?, state = 'pending', idempotency_key = ?, \
             last_error = NULL, base_doc = ? WHERE seq = ?",
        )
        .bind(serde_json::to_string(&change)?)
        .bind(new_idempotency_key())
        .bind(&theirs)
        .bind(row.try_get::<i64, _>("outbox_seq")?)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM conflicts WHERE id = ?")
            .bind(row.try_get::<i64, _>("id")?)
            .execute(&mut *tx)
            .await?;
        upsert_local_test_drive(&mut tx, &drive).await?;
        tx.commit().await?;
        Ok(Some(drive))
    }
}
