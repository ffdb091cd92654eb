//! Stored responses of POSTs that carried an `Idempotency-Key`.

use crate::clock::now_ms;
use crate::db::Db;
use sqlx::Row;

/// Records are kept a day, long enough for any client's retries.
const RETENTION_MS: i64 = 24 * 3600 * 1000;

pub enum Claim {
    /// First time: the request runs.
    Fresh,
    /// Seen and finished: send this again.
    Replay { status: u16, body: String },
    /// Seen and still running.
    InProgress,
    /// Seen with another body: refuse.
    Mismatch,
}

pub async fn claim(db: &Db, key_id: &str, key: &str, request_hash: &str) -> sqlx::Result<Claim> {
    let now = now_ms();
    sqlx::query("DELETE FROM idempotency_records WHERE api_key_id = $1 AND created_at < $2")
        .bind(key_id)
        .bind(now - RETENTION_MS)
        .execute(&db.pool)
        .await?;
    let inserted = sqlx::query(
        "INSERT INTO idempotency_records (api_key_id, idempotency_key, request_hash, status_code, \
         created_at) VALUES ($1, $2, $3, 0, $4) ON CONFLICT (api_key_id, idempotency_key) DO NOTHING",
    )
    .bind(key_id)
    .bind(key)
    .bind(request_hash)
    .bind(now)
    .execute(&db.pool)
    .await?
    .rows_affected();
    if inserted == 1 {
        return Ok(Claim::Fresh);
    }
    let row = sqlx::query(
        "SELECT request_hash, status_code, response_body FROM idempotency_records \
         WHERE api_key_id = $1 AND idempotency_key = $2",
    )
    .bind(key_id)
    .bind(key)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else {
        // Released between our insert and read: the other attempt failed; run this one.
        return Box::pin(claim(db, key_id, key, request_hash)).await;
    };
    if row.try_get::<String, _>("request_hash")? != request_hash {
        return Ok(Claim::Mismatch);
    }
    let status: i64 = row.try_get("status_code")?;
    if status == 0 {
        return Ok(Claim::InProgress);
    }
    Ok(Claim::Replay {
        status: status as u16,
        body: row
            .try_get::<Option<String>, _>("response_body")?
            .unwrap_or_default(),
    })
}

pub async fn complete(
    db: &Db,
    key_id: &str,
    key: &str,
    status: u16,
    body: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE idempotency_records SET status_code = $1, response_body = $2 \
         WHERE api_key_id = $3 AND idempotency_key = $4",
    )
    .bind(i64::from(status))
    .bind(body)
    .bind(key_id)
    .bind(key)
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn release(db: &Db, key_id: &str, key: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM idempotency_records WHERE api_key_id = $1 AND idempotency_key = $2")
        .bind(key_id)
        .bind(key)
        .execute(&db.pool)
        .await?;
    Ok(())
}
