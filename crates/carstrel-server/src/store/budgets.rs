//! Rate-limit and sign-in budgets kept in PostgreSQL, so that every server of a
//! deployment spends one budget (see [`crate::rate_limit`] and [`crate::throttle`]). Each
//! statement is one atomic upsert: the row lock orders the servers, and no read-then-write
//! window lets two of them spend the same request.
//!
//! These run on PostgreSQL only (SQLite serves one process, which counts in memory), so
//! they use its `GREATEST`/`LEAST`.

use crate::db::Db;
use sqlx::Row;

/// A lease of requests out of a key's window: `granted` of them (0 when the budget is
/// spent), leaving `used` counted in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lease {
    pub granted: u32,
    pub used: u32,
}

/// Takes up to `most` requests of `key_id`'s window starting at `window_start`, but never
/// more than `1/spread` of what is left (at least one), and never past `limit`.
pub async fn lease(
    db: &Db,
    key_id: &str,
    window_start: i64,
    limit: u32,
    most: u32,
    spread: u32,
) -> sqlx::Result<Lease> {
    let row = sqlx::query(
        "INSERT INTO rate_limit_windows (api_key_id, window_start, used, granted) \
         VALUES ($1, $2, LEAST($3, GREATEST(1, $4 / $5), $4), LEAST($3, GREATEST(1, $4 / $5), $4)) \
         ON CONFLICT (api_key_id, window_start) DO UPDATE SET \
           used = rate_limit_windows.used + LEAST($3, GREATEST(1, ($4 - rate_limit_windows.used) / $5), \
                  GREATEST(0, $4 - rate_limit_windows.used)), \
           granted = LEAST($3, GREATEST(1, ($4 - rate_limit_windows.used) / $5), \
                  GREATEST(0, $4 - rate_limit_windows.used)) \
         RETURNING used, granted",
    )
    .bind(key_id)
    .bind(window_start)
    .bind(i64::from(most))
    .bind(i64::from(limit))
    .bind(i64::from(spread.max(1)))
    .fetch_one(&db.pool)
    .await?;
    let count = |col| -> sqlx::Result<u32> {
        Ok(row.try_get::<i64, _>(col)?.clamp(0, i64::from(u32::MAX)) as u32)
    };
    Ok(Lease {
        granted: count("granted")?,
        used: count("used")?,
    })
}

/// Gives back requests leased but not used (a server shutting down), so that the other
/// servers can spend them.
pub async fn give_back(db: &Db, key_id: &str, window_start: i64, unused: u32) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE rate_limit_windows SET used = GREATEST(used - $1, 0) \
         WHERE api_key_id = $2 AND window_start = $3",
    )
    .bind(i64::from(unused))
    .bind(key_id)
    .bind(window_start)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Counts an attempt against `subject`'s budget in the throttle `throttle`, whose
/// window opens at the first attempt and lasts `per_ms`. Returns when the window opened
/// and whether the attempt fits in `attempts`; a refused attempt is not counted.
pub async fn attempt(
    db: &Db,
    throttle: &str,
    subject: &str,
    attempts: u32,
    per_ms: i64,
    now_ms: i64,
) -> sqlx::Result<(i64, bool)> {
    // `used` stops at attempts + 1, which marks a refusal without counting it.
    let row = sqlx::query(
        "INSERT INTO throttle_windows (throttle, subject, opened_at, used) VALUES ($1, $2, $3, 1) \
         ON CONFLICT (throttle, subject) DO UPDATE SET \
           opened_at = CASE WHEN throttle_windows.opened_at <= $3 - $4 THEN $3 \
                       ELSE throttle_windows.opened_at END, \
           used = CASE WHEN throttle_windows.opened_at <= $3 - $4 THEN 1 \
                  ELSE LEAST(throttle_windows.used, $5) + 1 END \
         RETURNING opened_at, used",
    )
    .bind(throttle)
    .bind(subject)
    .bind(now_ms)
    .bind(per_ms)
    .bind(i64::from(attempts))
    .fetch_one(&db.pool)
    .await?;
    let opened_at: i64 = row.try_get("opened_at")?;
    let used: i64 = row.try_get("used")?;
    Ok((opened_at, used <= i64::from(attempts)))
}

/// Takes back one counted attempt (it succeeded, or a later budget refused it).
pub async fn forgive(
    db: &Db,
    throttle: &str,
    subject: &str,
    attempts: u32,
    per_ms: i64,
    now_ms: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE throttle_windows SET used = GREATEST(LEAST(used, $1) - 1, 0) \
         WHERE throttle = $2 AND subject = $3 AND opened_at > $4",
    )
    .bind(i64::from(attempts))
    .bind(throttle)
    .bind(subject)
    .bind(now_ms - per_ms)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Deletes rate-limit windows that ended before `before_window_start` and throttle
/// windows of `throttle` opened before `opened_before`: they hold nothing any more.
pub async fn prune_rate_limits(db: &Db, before_window_start: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM rate_limit_windows WHERE window_start < $1")
        .bind(before_window_start)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn prune_throttle(db: &Db, throttle: &str, opened_before: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM throttle_windows WHERE throttle = $1 AND opened_at < $2")
        .bind(throttle)
        .bind(opened_before)
        .execute(&db.pool)
        .await?;
    Ok(())
}
