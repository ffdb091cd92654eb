//! Bookings in doubt: a create sent to a server without `Idempotency-Key` whose reply was
//! lost may have landed, so it is never resent blindly. The drain marks it before sending
//! and checks (or asks the user) before sending again.

use super::{EntryKind, EntryState};
use crate::cache::Cache;
use crate::error::{Error, Result};

impl Cache {
    /// Notes that a create is on its way to a server that would not recognise a resend.
    pub(crate) async fn mark_sending(&self, seq: i64) -> Result<()> {
        self.set_sent_at(seq, Some(crate::clock::now_ms())).await
    }

    /// The create certainly did not reach the server (the connection was refused) or its
    /// fate is settled: a resend is safe again.
    pub(crate) async fn clear_sending(&self, seq: i64) -> Result<()> {
        self.set_sent_at(seq, None).await
    }

    async fn set_sent_at(&self, seq: i64, at: Option<i64>) -> Result<()> {
        sqlx::query("UPDATE outbox SET sent_at = ? WHERE seq = ?")
            .bind(at)
            .bind(seq)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The user chose "send again" for a booking in doubt, accepting that it may arrive
    /// twice.
    pub async fn send_again(&self, seq: i64) -> Result<()> {
        let done = sqlx::query(
            "UPDATE outbox SET state = 'pending', sent_at = NULL, last_error = NULL \
             WHERE seq = ? AND state = ?",
        )
        .bind(seq)
        .bind(EntryState::Unconfirmed)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound("Unconfirmed booking"));
        }
        Ok(())
    }

    /// The user chose "discard" for a booking in doubt (it probably arrived): the entry,
    /// the console's provisional copy and the edits queued on it go.
    pub async fn discard_unconfirmed(&self, seq: i64) -> Result<()> {
        let mut tx = self.write().await?;
        let entity_id: Option<String> = sqlx::query_scalar(
            "SELECT entity_id FROM outbox WHERE seq = ? AND state = ? AND kind = ?",
        )
        .bind(seq)
        .bind(EntryState::Unconfirmed)
        .bind(EntryKind::TestDriveCreate)
        .fetch_optional(&mut *tx)
        .await?;
        let entity_id = entity_id.ok_or(Error::NotFound("Unconfirmed booking"))?;
        sqlx::query("DELETE FROM outbox WHERE entity_id = ?")
            .bind(&entity_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM test_drives WHERE id = ?")
            .bind(&entity_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
