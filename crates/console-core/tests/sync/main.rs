//! Sync and outbox against the real server: offline reads, offline edits that reach the
//! server exactly once across restarts, conflicts settled both ways, a killed sync that
//! resumes, 429 and 5xx waited out, tombstones, and a server without changes feeds.
//! The cache must pass `PRAGMA integrity_check` after every fault.
//!
//! Run with `cargo test -p console-core --test sync`.

mod both_modes;
mod calendar;
mod capabilities;
mod helpers;
mod large_pages;
mod leads;
mod notifications;
mod outbox;
mod photos;

use carstrel_client::model::*;
use carstrel_client::prelude::CustomerQueryExt;
use console_core::cache::Feed;
use console_core::sync::{sync, SyncOptions, SyncPhase, SyncProgress};
use console_core::{Cache, Error, TestDriveQuery};
use helpers::*;
use tokio_util::sync::CancellationToken;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_sync_every_read_answers_from_the_cache_with_the_server_gone() {
    let mut server = start_server().await;
    let client = server.client();
    let file = CacheFile::new();
    let cache = file.open().await;
    let mut phases = Vec::new();
    let report = sync(
        &client,
        &cache,
        SyncOptions::default(),
        &mut |p: SyncProgress| phases.push(p),
        &CancellationToken::new(),
    )
    .await
    .unwrap();
    assert!(report.full);
    assert_eq!(report.vehicles as usize, DEMO_VEHICLES);
    assert_eq!(report.customers as usize, DEMO_CUSTOMERS);
    let last_vehicles = phases
        .iter()
        .rev()
        .find(|p| p.phase == SyncPhase::Vehicles)
        .unwrap();
    assert_eq!(last_vehicles.done as usize, DEMO_VEHICLES);
    assert_eq!(
        last_vehicles.total,
        Some(DEMO_VEHICLES as u32),
        "the progress bar knew the size"
    );

    // What the API says now...
    let query = VehicleQuery {
        listing_type: Some(ListingType::Sale),
        sort: Some(VehicleSort::Price),
        ..Default::default()
    };
    let live = client.vehicles().list(&query).await.unwrap();
    let live_customers = client
        .customers()
        .list(&CustomerQuery::default().search("a"))
        .await
        .unwrap();
    let live_stats = client.vehicles().stats().await.unwrap();
    let live_drives = client
        .test_drives()
        .list(&carstrel_client::TestDriveQuery::new())
        .await
        .unwrap();

    // ...the cache says with the server gone.
    server.stop().await;
    let offline = cache.list_vehicles(&query, None).await.unwrap();
    let ids = |v: &[Vehicle]| v.iter().map(|v| v.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&offline.items), ids(&live.items));
    assert_eq!(offline.total, live.total);
    let offline_customers = cache
        .list_customers(&CustomerQuery::default().search("a"))
        .await
        .unwrap();
    assert_eq!(offline_customers.total, live_customers.total);
    assert_eq!(cache.vehicle_stats().await.unwrap(), live_stats);
    let drives = cache
        .list_test_drives(&TestDriveQuery::default())
        .await
        .unwrap();
    assert_eq!(drives.total, live_drives.total);
    let one = cache.get_vehicle(&live.items[0].id).await.unwrap();
    assert_eq!(one.name, live.items[0].name);
    let metadata = cache.metadata().await.unwrap();
    assert!(metadata.brands.len() >= 40);

    // A sync now says "offline" and changes nothing.
    let error = sync_now(&server.client_with(Patience::Impatient), &cache)
        .await
        .unwrap_err();
    assert_eq!(error.code(), "offline", "{error}");
    assert_eq!(
        cache.list_vehicles(&query, None).await.unwrap().total,
        live.total
    );
    assert_sound(&cache).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_killed_midway_resumes_from_its_last_page() {
    let server = start_server().await;
    let file = CacheFile::new();
    let cache = file.open().await;
    let api = server.client();
    let cancel = CancellationToken::new();
    let options = SyncOptions {
        page_size: 50,
        ..Default::default()
    };
    let stop_after_two_pages = cancel.clone();
    let error = sync(
        &api,
        &cache,
        options,
        &mut |p: SyncProgress| {
            if p.phase == SyncPhase::Vehicles && p.done >= 100 {
                stop_after_two_pages.cancel();
            }
        },
        &cancel,
    )
    .await
    .unwrap_err();
    assert!(matches!(error, Error::Cancelled), "{error}");
    assert_sound(&cache).await;
    // The first download writes without its search index; a kill leaves it set aside for
    // the download's end. (The triggers deleting a vehicle's document and counting
    // writes stay.)
    assert!(cache.indexes_deferred(Feed::Vehicles).await.unwrap());
    assert_eq!(file.schema_objects("vehicles").await, 4);
    // The console is killed; on the next start the sync continues.
    cache.close().await;
    let cache = file.open().await;
    let report = sync(
        &api,
        &cache,
        options,
        &mut |_| {},
        &CancellationToken::new(),
    )
    .await
    .unwrap();
    assert!(report.resumed);
    assert_eq!(
        report.vehicles as usize,
        DEMO_VEHICLES - 100,
        "only the rest was fetched"
    );
    assert_eq!(
        cache.vehicle_stats().await.unwrap(),
        api.vehicles().stats().await.unwrap()
    );
    // Its end built them, search included, over every vehicle.
    assert!(!cache.indexes_deferred(Feed::Vehicles).await.unwrap());
    assert_eq!(
        file.schema_objects("vehicles").await,
        VEHICLE_INDEXES_AND_TRIGGERS
    );
    let some = api.vehicles().list(&VehicleQuery::default()).await.unwrap();
    let brand = &some.items[0].model.brand.name;
    let found = cache
        .list_vehicles(&VehicleQuery::default(), Some(brand))
        .await
        .unwrap();
    let on_server = api
        .vehicles()
        .list(&VehicleQuery {
            brand_id: Some(some.items[0].model.brand.id.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(found.total >= on_server.total && on_server.total > 0);
    assert_sound(&cache).await;
}

/// The cache's triggers on vehicles: three full-text ones, the one deleting a vehicle's
/// document and three counting writes (the list runs in memory, without indexes).
const VEHICLE_INDEXES_AND_TRIGGERS: i64 = 7;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limits_and_server_errors_are_waited_out() {
    let config = carstrel_server::ServerConfig {
        rate_limit_window_secs: 1,
        ..Default::default()
    };
    let server = start_server_with(config).await;
    let tiny = server.new_key(None, Some(15)).await;
    let cache = Cache::open_in_memory().await.unwrap();
    let report = sync_now(&server.client_with_key(&tiny), &cache)
        .await
        .unwrap();
    assert_eq!(
        report.vehicles as usize, DEMO_VEHICLES,
        "429s were waited out, not failed"
    );

    let flaky = server.proxy().await;
    flaky.fail_next(3, Fault::Unavailable);
    let cache = Cache::open_in_memory().await.unwrap();
    let report = sync_now(&server.client_via(&flaky), &cache).await.unwrap();
    assert_eq!(report.customers as usize, DEMO_CUSTOMERS);
    assert_eq!(flaky.faults_served(), 3);
    assert!(flaky.connections() > 3, "and then it went through");
    assert_sound(&cache).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delta_applies_sales_and_deletions() {
    let server = start_server().await;
    let cache = Cache::open_in_memory().await.unwrap();
    let api = server.client();
    sync_now(&api, &cache).await.unwrap();
    let listed = cache
        .list_vehicles(&VehicleQuery::default(), None)
        .await
        .unwrap();
    // A vehicle with test drives cannot be deleted: take the first without any.
    let mut deleted = None;
    for vehicle in &listed.items[1..] {
        let query = TestDriveQuery::new().vehicle(&vehicle.id);
        if api.test_drives().list(&query).await.unwrap().total == 0 {
            deleted = Some(vehicle.id.clone());
            break;
        }
    }
    let (sold, deleted) = (
        listed.items[0].id.clone(),
        deleted.expect("a vehicle without drives"),
    );
    api.vehicles()
        .update(
            &sold,
            &VehicleUpdate {
                status: Some(VehicleStatus::Sold),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    api.vehicles().delete(&deleted).await.unwrap();

    let report = sync_now(&api, &cache).await.unwrap();
    assert!(!report.full);
    assert_eq!((report.vehicles, report.deleted), (2, 1));
    assert!(matches!(
        cache.get_vehicle(&deleted).await,
        Err(Error::NotFound(_))
    ));
    let after = cache
        .list_vehicles(&VehicleQuery::default(), None)
        .await
        .unwrap();
    assert_eq!(after.total, listed.total - 2);
    assert!(after.items.iter().all(|v| v.id != sold && v.id != deleted));
    assert_eq!(
        cache.vehicle_stats().await.unwrap(),
        api.vehicles().stats().await.unwrap()
    );
    assert_sound(&cache).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_changes_feeds_the_sync_pages_the_lists() {
    let server = start_server().await;
    let old_server = server.proxy().await;
    old_server.fail_paths("/changes", Fault::NotFound);
    let cache = Cache::open_in_memory().await.unwrap();
    let client = server.client_via(&old_server);
    let report = sync_now(&client, &cache).await.unwrap();
    assert!(report.fell_back_to_lists);
    let live = server
        .client()
        .vehicles()
        .list(&VehicleQuery::default())
        .await
        .unwrap();
    let cached = cache
        .list_vehicles(&VehicleQuery::default(), None)
        .await
        .unwrap();
    assert_eq!(cached.total, live.total, "every available vehicle arrived");
    assert_eq!(
        cached.items.iter().map(|v| &v.id).collect::<Vec<_>>(),
        live.items.iter().map(|v| &v.id).collect::<Vec<_>>()
    );
    assert_eq!(
        cache
            .list_customers(&CustomerQuery::default())
            .await
            .unwrap()
            .total as usize,
        DEMO_CUSTOMERS
    );
    assert_sound(&cache).await;
}
