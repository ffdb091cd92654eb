//! The offline cache: a SQLite file per profile that holds everything the console shows
//! (reference data, the whole inventory, the CRM, test drives) and the sync checkpoints.
//!
//! Reads answer exactly what the API would answer for the same query, so a screen
//! cannot tell online from offline: see [`vehicles`], [`customers`], [`test_drives`],
//! [`leads`], [`tasks`].
//! Writes come from the changes feeds in batches, one transaction each, with the feed's
//! checkpoint saved in the same transaction: see `write` and `checkpoint`.

mod bulk;
pub mod calendar;
mod capabilities;
mod checkpoint;
mod customers;
mod fts;
pub mod leads;
pub mod metadata;
pub mod notifications;
pub mod outbox;
mod params;
pub mod photos;
mod records;
pub mod tasks;
pub mod test_drives;
#[cfg(test)]
mod upgrade_tests;
mod vehicle_index;
mod vehicle_rows;
pub mod vehicles;
mod write;

pub use calendar::{TakenSlot, VehicleSlots};
pub use checkpoint::{Checkpoint, Feed};
pub use customers::CustomerRow;
pub use leads::{LeadDetailRow, LeadRow};
pub use metadata::Metadata;
pub use tasks::TaskRow;
pub use test_drives::{TestDriveQuery, TestDriveRow};
pub use vehicle_index::shown::VehicleRow;

use crate::error::Result;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

/// The cache schema, embedded at compile time (see `build.rs`).
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("src/cache/migrations");

/// How long a statement waits for another process (a second console window, a backup
/// tool) to release the file before failing with [`crate::Error::Busy`].
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Bytes of the cache file each connection may map (address space, not memory: pages are
/// resident only while the OS keeps them cached).
const MMAP_SIZE: u64 = 4 << 30;

/// Page cache of each connection, in KiB (SQLite's default is 2 MiB).
const CACHE_SIZE_KIB: u64 = 64 * 1024;

/// WAL pages between automatic checkpoints (SQLite's default is 1 000).
const WAL_AUTOCHECKPOINT_PAGES: u64 = 16 * 1024;

/// A handle on the offline cache. Cheap to clone; all clones share one connection pool.
#[derive(Debug, Clone)]
pub struct Cache {
    pool: SqlitePool,
    /// The inventory list's columns in memory, shared by every clone.
    vehicle_index: std::sync::Arc<vehicle_index::Slot>,
}

impl Cache {
    /// Opens the cache file at `path`, creating it and its directory (owner-only, and
    /// bringing its schema up to date) as needed. The file runs in WAL mode, so the UI keeps reading
    /// while a sync writes.
    pub async fn open(path: impl AsRef<Path>) -> Result<Cache> {
        let path = path.as_ref();
        // Customers' personal data: the file (and a folder made for it) is the user's alone.
        let owned = path.to_owned();
        tokio::task::spawn_blocking(move || crate::paths::create_private_file(&owned))
            .await
            .map_err(|e| sqlx::Error::Io(std::io::Error::other(e)))?
            .map_err(sqlx::Error::Io)?;
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT)
            // The list indexes and the FTS index are read and written all over during a
            // sync and a list query: read through a memory map and keep a large page
            // cache, instead of a system call per 4 KiB page (see the bench crate).
            .pragma("mmap_size", MMAP_SIZE.to_string())
            .pragma("cache_size", format!("-{CACHE_SIZE_KIB}"))
            .pragma("temp_store", "memory")
            // A page of the feed writes a few MiB: checkpoint every 64 MiB of WAL rather
            // than every 4 MiB, so index pages are written back (and synced) less often.
            .pragma("wal_autocheckpoint", WAL_AUTOCHECKPOINT_PAGES.to_string());
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            // A file on this machine does not drop a connection: no ping before each use
            // (a round trip to the connection's thread, a quarter of an offline list
            // query's time).
            .test_before_acquire(false)
            .connect_with(options)
            .await?;
        Cache::migrated(pool).await
    }

    /// A private cache in memory, gone when the last clone is dropped: for tests and for
    /// a console running without a profile directory.
    pub async fn open_in_memory() -> Result<Cache> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:")?
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        // An in-memory database lives and dies with its one connection.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await?;
        Cache::migrated(pool).await
    }

    async fn migrated(pool: SqlitePool) -> Result<Cache> {
        MIGRATOR.run(&pool).await?;
        Ok(Cache {
            pool,
            vehicle_index: Default::default(),
        })
    }

    /// Waits for the pool's connections to close, checkpointing the WAL into the file.
    pub async fn close(self) {
        self.pool.close().await;
    }

    /// SQLite's own consistency check of the file and its indexes: `"ok"` when sound.
    pub async fn integrity_check(&self) -> Result<String> {
        let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&self.pool)
            .await?;
        // The FTS indexes are checked against their content tables too, unless a first
        // download has set them aside (they are built at its end).
        for (feed, _, table) in bulk::FULL_TEXT {
            if self.indexes_deferred(feed).await? {
                continue;
            }
            let check = format!("INSERT INTO {table} ({table}) VALUES ('integrity-check')");
            if let Err(e) = sqlx::query(&check).execute(&self.pool).await {
                return Ok(format!("{table}: {e}"));
            }
        }
        Ok(rows.join("\n"))
    }

    /// The journal mode in force (`wal` for a file cache), for diagnostics.
    pub async fn journal_mode(&self) -> Result<String> {
        Ok(sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&self.pool)
            .await?)
    }

    /// A write transaction that takes the write lock up front, so two writers queue on
    /// the busy timeout instead of failing when a read lock cannot be upgraded.
    async fn write(&self) -> Result<Transaction<'static, Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use carstrel_model::{Change, ChangeOp, Vehicle, VehicleQuery};

    fn vehicle(id: &str, name: &str) -> Vehicle {
        serde_json::from_value(serde_json::json!({
            "id": id, "name": name, "slug": "s", "description": "Low mileage, one owner",
            "year": 2020, "mileage": 12000, "exteriorColor": "Red", "interiorColor": null,
            "listingType": "sale", "status": "available",
            "model": {"id": "00000000-0000-0000-0000-0000000000a1", "name": "Corolla",
                "slug": "corolla",
                "brand": {"id": "00000000-0000-0000-0000-0000000000b1", "name": "Toyota",
                    "logoUrl": null},
                "bodyType": {"id": "00000000-0000-0000-0000-0000000000c1", "name": "Sedan",
                    "code": "SEDAN"}},
            "engine": null, "media": [],
            "saleOptions": {"price": 15000.0, "isNegotiable": true, "financingAvailable": false},
            "rentalOptions": null, "auctionOptions": null,
            "features": {"safety": ["ABS"], "exterior": [], "interior": [], "entertainment": []},
            "pickupDetails": {"address": "1 Road", "locationName": "Nairobi"},
            "price": 15000.0, "impressionsCount": 3,
            "createdDate": "2024-01-15T10:30:00.123Z", "updatedDate": "2024-01-16T10:30:00.000Z"
        }))
        .unwrap()
    }

    fn upsert(seq: i64, vehicle: &Vehicle) -> Change<Vehicle> {
        Change {
            seq,
            id: vehicle.id.clone(),
            op: ChangeOp::Upsert,
            data: Some(vehicle.clone()),
        }
    }

    async fn search(cache: &Cache, text: &str) -> Vec<String> {
        let query = VehicleQuery::default();
        let page = cache.list_vehicles(&query, Some(text)).await.unwrap();
        page.items.into_iter().map(|v| v.id).collect()
    }

    #[tokio::test]
    async fn a_file_cache_is_created_migrated_once_and_keeps_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("profiles").join("sandbox").join("cache.db");
        let id = "00000000-0000-0000-0000-000000000001";
        let cache = Cache::open(&path).await.unwrap();
        assert_eq!(cache.journal_mode().await.unwrap(), "wal");
        let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&cache.pool)
            .await
            .unwrap();
        assert_eq!(foreign_keys, 1);
        let checkpoint = Checkpoint {
            since: 41,
            completed_full: true,
            last_synced_at_ms: Some(1_700_000_000_000),
        };
        cache
            .apply_vehicle_changes(&[upsert(41, &vehicle(id, "Old name"))], Some(&checkpoint))
            .await
            .unwrap();
        cache
            .apply_vehicle_changes(&[upsert(42, &vehicle(id, "2020 Toyota Corolla"))], None)
            .await
            .unwrap();
        cache.close().await;

        let cache = Cache::open(&path).await.unwrap();
        assert_eq!(cache.journal_mode().await.unwrap(), "wal");
        let migrations: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
            .fetch_one(&cache.pool)
            .await
            .unwrap();
        assert_eq!(migrations, MIGRATOR.iter().count() as i64);
        assert_eq!(cache.checkpoint(Feed::Vehicles).await.unwrap(), checkpoint);
        assert_eq!(
            cache.get_vehicle(id).await.unwrap(),
            vehicle(id, "2020 Toyota Corolla")
        );
        // The FTS index followed the rename, through the update trigger.
        assert_eq!(search(&cache, "coroll").await, [id]);
        assert_eq!(search(&cache, "nairobi old").await, Vec::<String>::new());
        assert_eq!(search(&cache, "one OWNER").await, [id]);

        let tombstone = Change {
            seq: 43,
            id: id.to_owned(),
            op: ChangeOp::Delete,
            data: None,
        };
        cache
            .apply_vehicle_changes(&[tombstone], None)
            .await
            .unwrap();
        assert_eq!(cache.get_vehicle(id).await.unwrap_err().code(), "not_found");
        assert!(search(&cache, "corolla").await.is_empty());
        assert_eq!(cache.integrity_check().await.unwrap(), "ok");
    }

    #[tokio::test]
    async fn replacing_all_vehicles_drops_the_missing_ones() {
        let cache = Cache::open_in_memory().await.unwrap();
        let kept = vehicle(
            "00000000-0000-0000-0000-000000000001",
            "2020 Toyota Corolla",
        );
        let gone = vehicle(
            "00000000-0000-0000-0000-000000000002",
            "2019 Toyota Corolla",
        );
        let both = [upsert(1, &kept), upsert(2, &gone)];
        cache.apply_vehicle_changes(&both, None).await.unwrap();
        cache
            .replace_vehicles(std::slice::from_ref(&kept))
            .await
            .unwrap();
        assert_eq!(cache.get_vehicle(&kept.id).await.unwrap(), kept);
        assert_eq!(
            cache.get_vehicle(&gone.id).await.unwrap_err().code(),
            "not_found"
        );
        assert_eq!(search(&cache, "2019").await, Vec::<String>::new());
        let checkpoint = cache.checkpoint(Feed::Vehicles).await.unwrap();
        assert!(checkpoint.completed_full && checkpoint.since == 0);
        assert_eq!(cache.integrity_check().await.unwrap(), "ok");
    }

    #[tokio::test]
    async fn a_page_moves_the_checkpoint_forward_only() {
        let cache = Cache::open_in_memory().await.unwrap();
        let page = |next_since, has_more| carstrel_model::ChangesPage::<Vehicle> {
            changes: Vec::new(),
            next_since,
            has_more,
        };
        let first = cache.apply_vehicle_page(&page(10, true)).await.unwrap();
        assert_eq!((first.since, first.completed_full), (10, false));
        let done = cache.apply_vehicle_page(&page(20, false)).await.unwrap();
        assert_eq!((done.since, done.completed_full), (20, true));
        let stale = cache.apply_vehicle_page(&page(5, false)).await.unwrap();
        assert_eq!((stale.since, stale.completed_full), (20, true));
        assert!(stale.last_synced_at_ms.is_some());
        assert_eq!(
            cache.checkpoint(Feed::Customers).await.unwrap(),
            Checkpoint::default()
        );
    }
}
