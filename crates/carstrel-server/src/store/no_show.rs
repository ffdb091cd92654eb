//! The automatic no-show: a confirmed drive whose slot ended more than the dealer's
//! `noShowAfterMinutes` ago, untouched since then, becomes `no_show` and enters the
//! changes feed. A drive confirmed or edited after that deadline is staff recording the
//! past, and is left as they put it.
//!
//! Safe with several servers on one database: each marks a drive only at the version it
//! judged, so a drive marked (or moved) by another server meanwhile is skipped.

use crate::db::{reserve_seqs, Db};
use carstrel_model::DEFAULT_NO_SHOW_AFTER_MINUTES;
use sqlx::Row;

/// Drives marked per pass at most; the next pass takes the rest.
const BATCH: i64 = 500;

/// Marks the drives due at `now_ms`; returns how many this call marked.
pub async fn sweep(db: &Db, now_ms: i64) -> anyhow::Result<u64> {
    // The deadline: the slot's end plus the dealer's delay (in minutes).
    let deadline = format!(
        "t.slot_at + (t.duration_minutes + COALESCE(s.no_show_after_minutes, \
         {DEFAULT_NO_SHOW_AFTER_MINUTES})) * 60000"
    );
    // Read outside a transaction: nearly every pass finds nothing and writes nothing.
    let due = sqlx::query(&format!(
        "SELECT t.id, t.version FROM test_drives t LEFT JOIN dealer_settings s \
         ON s.organization_id = t.organization_id AND s.environment = t.environment \
         WHERE t.status = 'confirmed' AND t.slot_at IS NOT NULL AND {deadline} < $1 \
         AND t.updated_at <= {deadline} ORDER BY t.slot_at, t.id LIMIT $2"
    ))
    .bind(now_ms)
    .bind(BATCH)
    .fetch_all(&db.pool)
    .await?;
    if due.is_empty() {
        return Ok(0);
    }
    let mut tx = db.pool.begin().await?;
    // Writers take the counter first (see `db::next_seq`): one number per drive.
    let last = reserve_seqs(&mut tx, due.len() as i64).await?;
    let mut marked = 0;
    for (n, row) in due.iter().enumerate() {
        let seq = last - due.len() as i64 + 1 + n as i64;
        marked += sqlx::query(
            "UPDATE test_drives SET status = 'no_show', version = version + 1, \
             updated_at = $1, change_seq = $2 WHERE id = $3 AND version = $4 \
             AND status = 'confirmed'",
        )
        .bind(now_ms)
        .bind(seq)
        .bind(row.try_get::<String, _>("id")?)
        .bind(row.try_get::<i64, _>("version")?)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    }
    tx.commit().await?;
    Ok(marked)
}
