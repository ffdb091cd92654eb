//! The first download of a feed into an empty table. Keeping 30 list indexes and a
//! full-text index up to date row by row is most of what a full sync costs, so while the
//! table is empty its secondary indexes and full-text triggers are set aside (their SQL
//! saved in `deferred_schema`), and the pull that reaches the end of the feed builds them
//! once, in the transaction of its last page.
//!
//! A sync killed half-way leaves them set aside; the next pull resumes the download and
//! builds them at its end. Until then lists still answer (by scanning) and search finds
//! nothing yet: the status says the first download is under way.

use super::checkpoint::Feed;
use super::Cache;
use crate::error::Result;
use sqlx::{Sqlite, Transaction};

/// The tables with a full-text index (external content), which are also the ones worth
/// deferring: (feed, table, full-text table).
pub(super) const FULL_TEXT: [(Feed, &str, &str); 2] = [
    (Feed::Vehicles, "vehicles", "vehicles_fts"),
    (Feed::Customers, "customers", "customers_fts"),
];

fn tables_of(feed: Feed) -> Option<(&'static str, &'static str)> {
    FULL_TEXT
        .iter()
        .find(|(f, _, _)| *f == feed)
        .map(|(_, table, fts)| (*table, *fts))
}

/// Whether `table`'s indexes are set aside.
async fn deferred<'c>(conn: impl sqlx::SqliteExecutor<'c>, table: &str) -> Result<bool> {
    Ok(
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM deferred_schema WHERE table_name = ?)")
            .bind(table)
            .fetch_one(conn)
            .await?,
    )
}

impl Cache {
    /// Sets `feed`'s indexes aside if its table is empty (a download that resumes finds
    /// them set aside already).
    pub async fn defer_indexes(&self, feed: Feed) -> Result<()> {
        let Some((table, fts)) = tables_of(feed) else {
            return Ok(());
        };
        let mut tx = self.write().await?;
        if deferred(&mut *tx, table).await? {
            return Ok(());
        }
        let empty: bool = sqlx::query_scalar(&format!("SELECT NOT EXISTS (SELECT 1 FROM {table})"))
            .fetch_one(&mut *tx)
            .await?;
        if !empty {
            return Ok(());
        }
        // Indexes SQLite made itself (PRIMARY KEY, UNIQUE) have no SQL and stay; so do
        // triggers other than the full-text ones, which a rebuild could not replay.
        let objects: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = ? AND sql IS NOT NULL \
             AND (type = 'index' OR (type = 'trigger' AND name LIKE ? || '\\_%' ESCAPE '\\'))",
        )
        .bind(table)
        .bind(fts)
        .fetch_all(&mut *tx)
        .await?;
        for (kind, name, sql) in &objects {
            sqlx::query(
                "INSERT INTO deferred_schema (name, table_name, kind, sql) VALUES (?, ?, ?, ?)",
            )
            .bind(name)
            .bind(table)
            .bind(kind)
            .bind(sql)
            .execute(&mut *tx)
            .await?;
            let drop = if kind == "index" { "INDEX" } else { "TRIGGER" };
            sqlx::query(&format!("DROP {drop} \"{name}\""))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        tracing::debug!(table, objects = objects.len(), "indexes deferred");
        Ok(())
    }

    /// Whether `feed`'s indexes are set aside (its first download is unfinished).
    pub async fn indexes_deferred(&self, feed: Feed) -> Result<bool> {
        match tables_of(feed) {
            Some((table, _)) => deferred(&self.pool, table).await,
            None => Ok(false),
        }
    }
}

/// Builds what [`Cache::defer_indexes`] set aside for `feed`, and its full-text index from
/// the rows, inside `tx` (the last page's). A no-op when nothing is set aside.
pub(super) async fn restore_in(tx: &mut Transaction<'static, Sqlite>, feed: Feed) -> Result<()> {
    let Some((table, fts)) = tables_of(feed) else {
        return Ok(());
    };
    let objects: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM deferred_schema WHERE table_name = ? \
         ORDER BY kind = 'trigger', name",
    )
    .bind(table)
    .fetch_all(&mut **tx)
    .await?;
    if objects.is_empty() {
        return Ok(());
    }
    let started = std::time::Instant::now();
    for (_, sql) in &objects {
        sqlx::query(sql).execute(&mut **tx).await?;
    }
    sqlx::query(&format!("INSERT INTO {fts} ({fts}) VALUES ('rebuild')"))
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM deferred_schema WHERE table_name = ?")
        .bind(table)
        .execute(&mut **tx)
        .await?;
    tracing::debug!(table, elapsed = ?started.elapsed(), "indexes built");
    Ok(())
}
