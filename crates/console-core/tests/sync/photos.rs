//! The offline photo cache against the real server and real files: a sync keeps every
//! vehicle's main photo as a thumbnail, which stays readable offline; a damaged file is
//! replaced; the cache stays within its budget; a failed download leaves the sync green
//! and is tried again.

use carstrel_testkit::{ServerConfig, Setup, TestServer};
use console_core::console::{Console, ConsoleOptions};
use console_core::photos::{PhotoCache, Variant};
use console_core::secrets::{MemoryStore, Secret};
use helpers::sync_now;
use tokio_util::sync::CancellationToken;

use super::helpers;

/// Few vehicles: every one of them gets its photos drawn and fetched.
const VEHICLES: usize = 12;

async fn small_server(config: ServerConfig) -> TestServer {
    Setup::new().demo(VEHICLES, 5).config(config).start().await
}

/// A console on a connection to `server`, with a photo budget.
async fn console_on(server: &TestServer, data: &tempfile::TempDir, budget: Option<u64>) -> Console {
    let console = Console::open(ConsoleOptions {
        data_dir: Some(data.path().to_owned()),
        secrets: Some(std::sync::Arc::new(MemoryStore::new())),
        photo_budget_bytes: budget,
        ..Default::default()
    })
    .await
    .unwrap();
    console
        .add_profile("shop", &server.url(), Secret::new(server.live_key()))
        .await
        .unwrap();
    console.use_profile("shop").await.unwrap();
    console
}

/// A cache file in `data`, synced from `server`.
async fn synced_cache(server: &TestServer, data: &tempfile::TempDir) -> console_core::Cache {
    let cache = console_core::Cache::open(data.path().join("cache.db"))
        .await
        .unwrap();
    sync_now(&server.client(), &cache).await.unwrap();
    cache
}

fn width_of(bytes: &[u8]) -> u32 {
    image::load_from_memory(bytes)
        .expect("a decodable photo")
        .width()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_sync_every_main_photo_is_kept_and_shows_offline() {
    let mut server = small_server(ServerConfig::default()).await;
    let data = tempfile::tempdir().unwrap();
    let console = console_on(&server, &data, None).await;
    console
        .sync(false, &mut |_| {}, &CancellationToken::new())
        .await
        .unwrap();
    console.extras_settled().await;
    let status = console.media_status().await.unwrap();
    assert_eq!(status.vehicles_total as usize, VEHICLES, "{status:?}");
    assert_eq!(
        status.vehicles_with_main_photo as usize, VEHICLES,
        "{status:?}"
    );
    assert_eq!(status.files as usize, VEHICLES, "{status:?}");
    assert_eq!(status.budget_bytes, 1 << 30);
    assert!(status.bytes > 0);

    let cache = console.cache().await;
    let (mains, _) = cache.main_photos().await.unwrap();
    server.stop().await;
    for main in &mains {
        let photo = console.main_photo(&main.vehicle_id).await.unwrap();
        assert!(width_of(&photo.bytes) <= 480);
        let thumb = console
            .photo(&main.vehicle_id, main.position, Variant::Thumb)
            .await
            .unwrap()
            .expect("kept offline");
        assert_eq!(thumb.bytes, photo.bytes);
    }
    // Another photo of a vehicle was never opened: offline it is truly unavailable.
    let other = console
        .photo(&mains[0].vehicle_id, mains[0].position + 1, Variant::Full)
        .await
        .unwrap();
    assert!(other.is_none());

    // Back online, opening it keeps it in full, as served.
    server.restart().await;
    let full = console
        .photo(&mains[0].vehicle_id, mains[0].position + 1, Variant::Full)
        .await
        .unwrap()
        .expect("fetched on a miss");
    assert_eq!(width_of(&full.bytes), 800);
    assert_eq!(
        console.media_status().await.unwrap().files as usize,
        VEHICLES + 1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_or_cut_short_file_is_replaced() {
    let mut server = small_server(ServerConfig::default()).await;
    let data = tempfile::tempdir().unwrap();
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = console_core::Cache::open(cache_dir.path().join("cache.db"))
        .await
        .unwrap();
    sync_now(&server.client(), &cache).await.unwrap();
    let photos = PhotoCache::new(data.path().join("photos"), cache.clone(), 1 << 30, None);
    assert_eq!(
        photos.keep_main_thumbnails().await.unwrap().fetched as usize,
        VEHICLES
    );
    let (mains, _) = cache.main_photos().await.unwrap();
    let good = photos
        .main_photo(&mains[0].vehicle_id)
        .await
        .unwrap()
        .unwrap();

    // Cut every file short, and overwrite one with garbage.
    let mut files: Vec<_> = std::fs::read_dir(photos.dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        std::fs::write(file, &bytes[..bytes.len() / 2]).unwrap();
    }
    std::fs::write(&files[0], b"not a photo").unwrap();

    // Online: each is fetched again, whole.
    let again = photos
        .main_photo(&mains[0].vehicle_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.bytes, good.bytes);
    // Offline: a damaged file is never handed out; the next sync puts it back.
    server.stop().await;
    assert!(photos
        .main_photo(&mains[1].vehicle_id)
        .await
        .unwrap()
        .is_none());
    server.restart().await;
    let report = photos.keep_main_thumbnails().await.unwrap();
    assert_eq!(report.fetched as usize, VEHICLES - 1, "{report:?}");
    let status = photos.status().await.unwrap();
    assert_eq!(status.vehicles_with_main_photo as usize, VEHICLES);
    for main in &mains {
        let photo = photos.main_photo(&main.vehicle_id).await.unwrap().unwrap();
        assert!(width_of(&photo.bytes) <= 480);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cache_evicts_the_least_recently_used_to_stay_within_its_budget() {
    let server = small_server(ServerConfig::default()).await;
    let data = tempfile::tempdir().unwrap();
    let cache = synced_cache(&server, &data).await;
    let unbounded = PhotoCache::new(data.path().join("all"), cache.clone(), 1 << 30, None);
    unbounded.keep_main_thumbnails().await.unwrap();
    let everything = unbounded.status().await.unwrap();
    // A budget for about a third of the thumbnails.
    let budget = everything.bytes / 3;
    let other = console_core::Cache::open(data.path().join("other.db"))
        .await
        .unwrap();
    sync_now(&server.client(), &other).await.unwrap();
    let photos = PhotoCache::new(data.path().join("photos"), other.clone(), budget, None);
    let (mains, _) = other.main_photos().await.unwrap();
    for main in &mains {
        photos
            .main_photo(&main.vehicle_id)
            .await
            .unwrap()
            .expect("fetched");
        // Using the first one again and again keeps it: it is never the least recent.
        photos
            .main_photo(&mains[0].vehicle_id)
            .await
            .unwrap()
            .expect("kept");
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    let status = photos.status().await.unwrap();
    assert!(status.bytes <= budget, "{status:?} over {budget}");
    assert!(
        status.files >= 1 && (status.files as usize) < VEHICLES,
        "{status:?}"
    );
    let on_disk = std::fs::read_dir(photos.dir()).unwrap().count() as u64;
    assert_eq!(on_disk, status.files, "evicted files are deleted");
    // The last one fetched and the one used all along are still there.
    let last = mains.last().unwrap();
    let kept = other
        .photo_file(&last.vehicle_id, last.position, Variant::Thumb)
        .await
        .unwrap();
    assert!(kept.is_some());
    let first = other
        .photo_file(&mains[0].vehicle_id, mains[0].position, Variant::Thumb)
        .await
        .unwrap();
    assert!(first.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_download_leaves_the_sync_green_and_is_tried_again() {
    // Media URLs name an address where nothing listens.
    let dead = ServerConfig {
        public_url: Some("http://127.0.0.1:9".into()),
        ..ServerConfig::default()
    };
    let server = small_server(dead).await;
    let data = tempfile::tempdir().unwrap();
    let console = console_on(&server, &data, None).await;
    let report = console
        .sync(false, &mut |_| {}, &CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(report.vehicles as usize, VEHICLES);
    console.extras_settled().await;
    assert!(console.status().await.unwrap().online);
    let status = console.media_status().await.unwrap();
    assert_eq!(
        (status.vehicles_with_main_photo, status.files),
        (0, 0),
        "{status:?}"
    );

    // The server going away and coming back: what failed is fetched by the next try.
    let mut server = small_server(ServerConfig::default()).await;
    let cache = console_core::Cache::open(data.path().join("retry.db"))
        .await
        .unwrap();
    sync_now(&server.client(), &cache).await.unwrap();
    server.stop().await;
    let photos = PhotoCache::new(data.path().join("retry"), cache.clone(), 1 << 30, None);
    let offline = photos.keep_main_thumbnails().await.unwrap();
    assert_eq!((offline.fetched, offline.failed as usize), (0, VEHICLES));
    server.restart().await;
    let online = photos.keep_main_thumbnails().await.unwrap();
    assert_eq!((online.fetched as usize, online.failed), (VEHICLES, 0));
}

/// Showing a kept photo writes nothing to the cache (the inventory shows one per row at
/// every key of a search); its use is written before the next download, which may evict.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn showing_a_kept_photo_writes_its_use_later_in_a_batch() {
    let server = small_server(ServerConfig::default()).await;
    let data = tempfile::tempdir().unwrap();
    let cache = synced_cache(&server, &data).await;
    let photos = PhotoCache::new(data.path().join("photos"), cache.clone(), 1 << 30, None);
    let (mains, _) = cache.main_photos().await.unwrap();
    let (first, second) = (&mains[0], &mains[1]);
    photos
        .photo(&first.vehicle_id, first.position, Variant::Thumb)
        .await
        .unwrap()
        .expect("fetched");
    // A connection of the test's own, reading what the cache wrote.
    let raw = sqlx::SqlitePool::connect(&format!(
        "sqlite:{}",
        data.path().join("cache.db").display()
    ))
    .await
    .unwrap();
    let last_used = || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT last_used FROM photos WHERE vehicle_id = ? AND variant = 'thumb'",
        )
        .bind(&first.vehicle_id)
        .fetch_one(&raw)
        .await
        .unwrap()
    };
    let kept_at = last_used().await;
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    photos
        .photo(&first.vehicle_id, first.position, Variant::Thumb)
        .await
        .unwrap()
        .expect("shown from the cache");
    assert_eq!(last_used().await, kept_at, "showing it wrote nothing");
    photos
        .photo(&second.vehicle_id, second.position, Variant::Thumb)
        .await
        .unwrap()
        .expect("fetched");
    assert!(
        last_used().await > kept_at,
        "its use was written before the download's eviction"
    );
}
