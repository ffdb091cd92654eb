//! The test kit's CarStrel server on a SQLite file that a test can stop and start again
//! on the same port (the network going away and coming back), its fault proxy, clients
//! patient enough for a whole sync, and a cache file reopened across console restarts.

use carstrel_testkit::{ServerConfig, Setup};
use console_core::Cache;

pub use carstrel_testkit::{Fault, Patience};

pub const DEMO_VEHICLES: usize = 240;
pub const DEMO_CUSTOMERS: usize = 60;

pub async fn start_server() -> carstrel_testkit::TestServer {
    start_server_with(ServerConfig::default()).await
}

/// Clients from this server ride out several faults in a row, as a sync must.
pub async fn start_server_with(config: ServerConfig) -> carstrel_testkit::TestServer {
    Setup::new()
        .demo(DEMO_VEHICLES, DEMO_CUSTOMERS)
        .config(config)
        .patience(Patience::Enduring)
        .start()
        .await
}

/// A cache file in its own directory, reopened across "restarts" of the console.
pub struct CacheFile {
    pub dir: tempfile::TempDir,
}

impl CacheFile {
    pub fn new() -> CacheFile {
        CacheFile {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub async fn open(&self) -> Cache {
        Cache::open(self.dir.path().join("cache.db")).await.unwrap()
    }

    /// Indexes (other than SQLite's own) and triggers on `table`, read from the file.
    pub async fn schema_objects(&self, table: &str) -> i64 {
        let url = format!(
            "sqlite://{}?mode=ro",
            self.dir.path().join("cache.db").display()
        );
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        let count = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sqlite_schema WHERE tbl_name = ? AND sql IS NOT NULL \
             AND type IN ('index', 'trigger')",
        )
        .bind(table)
        .fetch_one(&pool)
        .await
        .unwrap();
        pool.close().await;
        count
    }
}

/// One sync with default options, nobody watching its progress.
pub async fn sync_now(
    client: &carstrel_client::Client,
    cache: &Cache,
) -> console_core::Result<console_core::sync::SyncReport> {
    console_core::sync::sync(
        client,
        cache,
        console_core::sync::SyncOptions::default(),
        &mut |_| {},
        &tokio_util::sync::CancellationToken::new(),
    )
    .await
}

/// The cache file is sound after whatever the test did to it.
pub async fn assert_sound(cache: &Cache) {
    assert_eq!(cache.integrity_check().await.unwrap(), "ok");
}
