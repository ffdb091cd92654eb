//! Where each changes feed stands: the cursor a pull continues from, whether a full copy
//! has been reached, and when a batch last committed. Read and written inside the batch's
//! own transaction, so a sync killed half-way resumes from the last batch that committed.

use super::Cache;
use crate::error::Result;
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

/// A stream of server state the cache keeps a checkpoint for. Its `sync_state` key is the
/// snake_case name (`test_drives`), through `sqlx::Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case")]
pub enum Feed {
    Vehicles,
    Customers,
    TestDrives,
    Leads,
    Tasks,
    /// Reference data: no cursor, only when it was last replaced.
    Metadata,
}

impl Feed {
    pub const ALL: [Feed; 6] = [
        Feed::Vehicles,
        Feed::Customers,
        Feed::TestDrives,
        Feed::Leads,
        Feed::Tasks,
        Feed::Metadata,
    ];
}

/// Where a feed stands: ask the server for changes after `since` next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Checkpoint {
    /// The last sequence number applied (0: nothing yet).
    pub since: i64,
    /// Whether a pull has reached the end of the feed once, i.e. the cache holds a full
    /// copy and later pulls are deltas. Until then, screens can say "still downloading".
    pub completed_full: bool,
    /// When a batch of this feed last committed (ms since the epoch).
    pub last_synced_at_ms: Option<i64>,
}

impl Cache {
    /// Where `feed` stands (all zero for a feed never pulled).
    pub async fn checkpoint(&self, feed: Feed) -> Result<Checkpoint> {
        let mut conn = self.pool.acquire().await?;
        read_checkpoint(&mut conn, feed).await
    }

    /// Forgets where `feed` stands, so the next pull starts from the beginning (a full
    /// re-sync, e.g. after [`crate::Error::Corrupt`]). The cached records stay until the
    /// pull overwrites them.
    pub async fn reset_checkpoint(&self, feed: Feed) -> Result<()> {
        sqlx::query("DELETE FROM sync_state WHERE feed = ?")
            .bind(feed)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

pub(super) async fn read_checkpoint(conn: &mut SqliteConnection, feed: Feed) -> Result<Checkpoint> {
    let row: Option<(i64, bool, Option<i64>)> = sqlx::query_as(
        "SELECT since, completed_full, last_synced_at FROM sync_state WHERE feed = ?",
    )
    .bind(feed)
    .fetch_optional(conn)
    .await?;
    Ok(
        row.map_or_else(Checkpoint::default, |(since, completed_full, at)| {
            Checkpoint {
                since,
                completed_full,
                last_synced_at_ms: at,
            }
        }),
    )
}

pub(super) async fn write_checkpoint(
    conn: &mut SqliteConnection,
    feed: Feed,
    checkpoint: &Checkpoint,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO sync_state (feed, since, completed_full, last_synced_at) VALUES (?, ?, ?, ?) \
         ON CONFLICT (feed) DO UPDATE SET since = excluded.since, \
         completed_full = excluded.completed_full, last_synced_at = excluded.last_synced_at",
    )
    .bind(feed)
    .bind(checkpoint.since)
    .bind(checkpoint.completed_full)
    .bind(checkpoint.last_synced_at_ms)
    .execute(conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn feeds_keep_the_keys_existing_cache_files_hold() {
        let cache = Cache::open_in_memory().await.unwrap();
        let stored = Checkpoint {
            since: 7,
            completed_full: true,
            last_synced_at_ms: Some(1),
        };
        for feed in Feed::ALL {
            write_checkpoint(&mut cache.pool.acquire().await.unwrap(), feed, &stored)
                .await
                .unwrap();
        }
        let mut keys: Vec<String> = sqlx::query_scalar("SELECT feed FROM sync_state")
            .fetch_all(&cache.pool)
            .await
            .unwrap();
        keys.sort();
        assert_eq!(
            keys,
            [
                "customers",
                "leads",
                "metadata",
                "tasks",
                "test_drives",
                "vehicles"
            ]
        );
        assert_eq!(cache.checkpoint(Feed::TestDrives).await.unwrap(), stored);
    }
}
