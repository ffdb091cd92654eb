//! Inventory aging: the list's `minDaysOnLot`/`maxDaysOnLot` filters as bounds on
//! `listed_at`, and the aging stats over the available stock. Days on the lot are the
//! rule book's ([`rules::days_on_lot`]): whole UTC days by the server's clock.

use super::sql::{Arg, Sql};
use crate::clock::now_ms;
use crate::db::Db;
use crate::error::Result;
use crate::tenant::Caller;
use carstrel_model::rules::{self, AGING_BUCKETS, DAY_MS};
use carstrel_model::{AgingStats, VehicleQuery};
use sqlx::Row;

/// ` AND column <= …` / ` AND column > …` for the query's days-on-lot filters at `now_ms`.
/// `column` is the list's spelling of `listed_at` (`+v.listed_at` to keep SQLite off its
/// index, see the list's filter).
pub fn push_listed_bounds(filter: &mut Sql, query: &VehicleQuery, now_ms: i64, column: &str) {
    let bounds = rules::listed_bounds(query, now_ms);
    if let Some(at_most) = bounds.at_most {
        filter.and(&format!("{column} <= "), Arg::Int(at_most), "");
    }
    if let Some(after) = bounds.after {
        filter.and(&format!("{column} > "), Arg::Int(after), "");
    }
}

/// `GET /external/vehicles/stats/aging`: every available vehicle of the caller in one of
/// the buckets, and their mean days on the lot.
pub async fn stats(db: &Db, caller: &Caller) -> Result<AgingStats> {
    // `days` as the rule book counts them: integer division truncates, and a listing
    // dated in the future has 0 days.
    let days = format!("CASE WHEN v.listed_at >= $3 THEN 0 ELSE ($3 - v.listed_at) / {DAY_MS} END");
    let buckets: Vec<String> = AGING_BUCKETS
        .iter()
        .enumerate()
        .map(|(i, (_, min, max))| {
            let upper = max.map_or(String::new(), |max| format!(" AND d.days <= {max}"));
            format!("CAST(COALESCE(SUM(CASE WHEN d.days >= {min}{upper} THEN 1 ELSE 0 END), 0) AS BIGINT) AS b{i}")
        })
        .collect();
    let sql = format!(
        "SELECT CAST(COALESCE(SUM(d.days), 0) AS BIGINT) AS total_days, {} FROM \
         (SELECT {days} AS days FROM vehicles v WHERE v.organization_id = $1 \
         AND v.environment = $2 AND v.status = 'available') d",
        buckets.join(", ")
    );
    let row = sqlx::query(&sql)
        .bind(&caller.org_id)
        .bind(caller.env_str())
        .bind(now_ms())
        .fetch_one(&db.pool)
        .await?;
    let mut counts = [0u64; AGING_BUCKETS.len()];
    for (i, count) in counts.iter_mut().enumerate() {
        *count = row.try_get::<i64, _>(format!("b{i}").as_str())?.max(0) as u64;
    }
    let total_days = row.try_get::<i64, _>("total_days")?.max(0) as u64;
    Ok(rules::aging_stats_from(counts, total_days))
}
