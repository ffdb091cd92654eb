//! Sync and outbox against the real server: offline reads, offline edits that reach the
//! server exactly once across restarts, conflicts settled both ways, a killed sync that
//! resumes, 429 and 5xx waited out, tombstones, and a server without changes feeds.
//! The cache must pass `PRAGMA integrity_check` after every fault.
//!
//! Run with `cargo test -p console-core --test sync`.

mod helpers;

use carstrel_client::model::*;
use carstrel_client::prelude::CustomerQueryExt;
use console_core::cache::outbox::{EntryState, Keep};
use console_core::cache::Feed;
use console_core::sync::{sync, SyncOptions, SyncPhase, SyncProgress};
use console_core::{Cache, Error, TestDriveQuery};
use helpers::*;
use tokio_util::sync::CancellationToken;

async fn sync_now(
    client: &carstrel_client::Client,
    cache: &Cache,
) -> console_core::Result<console_core::sync::SyncReport> {
    sync(
        client,
        cache,
        SyncOptions::default(),
        &mut |_| {},
        &CancellationToken::new(),
    )
    .await
}

async fn assert_sound(cache: &Cache) {
    assert_eq!(cache.integrity_check().await.unwrap(), "ok");
}

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
async fn offline_edits_survive_a_restart_and_reach_the_server_exactly_once() {
    let mut server = start_server().await;
    let file = CacheFile::new();
    let cache = file.open().await;
    sync_now(&server.client(), &cache).await.unwrap();
    let customer = cache
        .list_customers(&CustomerQuery::default())
        .await
        .unwrap()
        .items[0]
        .clone();
    let vehicle = cache
        .list_vehicles(&VehicleQuery::default(), None)
        .await
        .unwrap()
        .items[0]
        .clone();
    let pending = cache
        .list_test_drives(&TestDriveQuery {
            status: Some(TestDriveStatus::Pending),
            ..Default::default()
        })
        .await
        .unwrap();
    let drive = pending.items[0].clone();

    server.stop().await;
    let change = CustomerUpdate {
        notes: Some("Wants a hybrid SUV".into()),
        tags: Some(vec!["hybrid".into(), "Hybrid".into(), "trade-in".into()]),
        is_vip: Some(true),
        ..Default::default()
    };
    let shown = cache
        .queue_customer_update(&customer.id, &change)
        .await
        .unwrap();
    assert_eq!(
        shown.tags,
        ["hybrid", "trade-in"],
        "tags as the server will keep them"
    );
    assert_eq!(shown.classification.customer_segment, CustomerSegment::Vip);
    let booked = cache
        .queue_test_drive_create(&CreateTestDriveRequest {
            vehicle_id: vehicle.id.clone(),
            name: "Offline Booking".into(),
            email: "offline.booking@example.com".into(),
            phone: None,
            preferred_date: Some("2026-12-24".into()),
        })
        .await
        .unwrap();
    cache
        .queue_test_drive_update(
            &booked.id,
            &TestDriveUpdate {
                status: Some(TestDriveStatus::Confirmed),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    cache
        .queue_test_drive_update(
            &drive.id,
            &TestDriveUpdate {
                status: Some(TestDriveStatus::Cancelled),
                notes: Some("Customer called".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    // Refused offline exactly as the server would: cancelled is final.
    let refused = cache
        .queue_test_drive_update(
            &drive.id,
            &TestDriveUpdate {
                status: Some(TestDriveStatus::Confirmed),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "invalid_change");
    assert_eq!(cache.pending_count().await.unwrap(), 4);
    assert_eq!(
        cache
            .get_customer(&customer.id)
            .await
            .unwrap()
            .notes
            .as_deref(),
        Some("Wants a hybrid SUV")
    );

    // The console quits and starts again; the server comes back.
    cache.close().await;
    let cache = file.open().await;
    assert_eq!(
        cache.pending_count().await.unwrap(),
        4,
        "nothing lost across the restart"
    );
    server.restart().await;
    let report = sync_now(&server.client(), &cache).await.unwrap();
    assert_eq!(report.sent, 4);
    assert_eq!(report.conflicts, 0);
    assert_eq!(cache.pending_count().await.unwrap(), 0);

    let api = server.client();
    let on_server = api
        .customers()
        .get(&customer.id)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(on_server.notes.as_deref(), Some("Wants a hybrid SUV"));
    assert_eq!(on_server.tags, ["hybrid", "trade-in"]);
    assert!(on_server.classification.is_vip);
    assert_eq!(on_server.version, customer.version + 1, "applied once");
    let bookings: Vec<TestDrive> = api
        .test_drives()
        .list(&carstrel_client::TestDriveQuery::new().limit(100))
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|d| d.email == "offline.booking@example.com")
        .collect();
    assert_eq!(bookings.len(), 1, "booked once");
    assert_eq!(bookings[0].status, TestDriveStatus::Confirmed);
    assert_eq!(
        api.test_drives()
            .get(&drive.id)
            .await
            .unwrap()
            .into_inner()
            .status,
        TestDriveStatus::Cancelled
    );
    // The cache holds the server's copies: the booking under the server's id.
    let cached = cache.get_test_drive(&bookings[0].id).await.unwrap();
    assert_eq!(cached.status, TestDriveStatus::Confirmed);
    assert!(
        cache.get_test_drive(&booked.id).await.is_err(),
        "the provisional id is gone"
    );
    // Another sync sends nothing again.
    assert_eq!(sync_now(&api, &cache).await.unwrap().sent, 0);
    assert_eq!(
        api.customers()
            .get(&customer.id)
            .await
            .unwrap()
            .into_inner()
            .version,
        customer.version + 1
    );
    assert_sound(&cache).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_whose_reply_was_lost_in_a_crash_is_not_applied_twice() {
    let server = start_server().await;
    let file = CacheFile::new();
    let cache = file.open().await;
    let api = server.client();
    sync_now(&api, &cache).await.unwrap();
    let customer = cache
        .list_customers(&CustomerQuery::default())
        .await
        .unwrap()
        .items[1]
        .clone();
    let change = CustomerUpdate {
        notes: Some("sent just before the crash".into()),
        ..Default::default()
    };
    cache
        .queue_customer_update(&customer.id, &change)
        .await
        .unwrap();
    // The console sent the entry, the server applied it, and the console died before
    // recording the reply: replay that first attempt with the entry's own key.
    cache.close().await;
    let raw = sqlx::SqlitePool::connect(&format!(
        "sqlite:{}",
        file.dir.path().join("cache.db").display()
    ))
    .await
    .unwrap();
    let key: String = sqlx::query_scalar("SELECT idempotency_key FROM outbox")
        .fetch_one(&raw)
        .await
        .unwrap();
    raw.close().await;
    api.customers()
        .update(&customer.id, &change)
        .if_version(customer.version)
        .idempotency_key(&key)
        .send()
        .await
        .unwrap();

    let cache = file.open().await;
    let report = sync_now(&api, &cache).await.unwrap();
    assert_eq!(
        (report.sent, report.conflicts),
        (1, 0),
        "the resend was a replay, not a conflict"
    );
    let now = api
        .customers()
        .get(&customer.id)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(now.version, customer.version + 1, "applied once");
    assert_sound(&cache).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_edit_becomes_a_conflict_settled_either_way() {
    let server = start_server().await;
    let cache = Cache::open_in_memory().await.unwrap();
    let api = server.client();
    sync_now(&api, &cache).await.unwrap();
    let customers = cache
        .list_customers(&CustomerQuery::default())
        .await
        .unwrap()
        .items;
    let (a, b) = (customers[0].clone(), customers[1].clone());
    for c in [&a, &b] {
        cache
            .queue_customer_update(
                &c.id,
                &CustomerUpdate {
                    notes: Some("mine".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        // Meanwhile a colleague edits the same customer online.
        api.customers()
            .update(
                &c.id,
                &CustomerUpdate {
                    notes: Some("theirs".into()),
                    tags: Some(vec!["colleague".into()]),
                    ..Default::default()
                },
            )
            .send()
            .await
            .unwrap();
    }
    let report = sync_now(&api, &cache).await.unwrap();
    assert_eq!((report.sent, report.conflicts), (0, 2));
    let conflicts = cache.conflicts().await.unwrap();
    assert_eq!(conflicts.len(), 2);
    assert_eq!(conflicts[0].mine["notes"], "mine");
    assert_eq!(conflicts[0].theirs["notes"], "theirs");
    assert!(cache
        .outbox()
        .await
        .unwrap()
        .iter()
        .all(|e| e.state == EntryState::Conflict));
    // The sync did not overwrite my copy while the conflict waits.
    assert_eq!(
        cache.get_customer(&a.id).await.unwrap().notes.as_deref(),
        Some("mine")
    );

    let for_a = conflicts.iter().find(|c| c.entity_id == a.id).unwrap().id;
    let for_b = conflicts.iter().find(|c| c.entity_id == b.id).unwrap().id;
    cache.resolve_conflict(for_a, Keep::Mine).await.unwrap();
    cache.resolve_conflict(for_b, Keep::Theirs).await.unwrap();
    assert_eq!(
        cache.get_customer(&b.id).await.unwrap().notes.as_deref(),
        Some("theirs")
    );
    let report = sync_now(&api, &cache).await.unwrap();
    assert_eq!((report.sent, report.conflicts), (1, 0));
    let a_now = api.customers().get(&a.id).await.unwrap().into_inner();
    assert_eq!(
        a_now.notes.as_deref(),
        Some("mine"),
        "keep mine wins on the server"
    );
    assert_eq!(a_now.tags, ["colleague"], "but only the field I changed");
    assert_eq!(
        api.customers()
            .get(&b.id)
            .await
            .unwrap()
            .into_inner()
            .notes
            .as_deref(),
        Some("theirs")
    );
    assert_eq!(cache.get_customer(&a.id).await.unwrap(), a_now);
    assert!(
        cache.conflicts().await.unwrap().is_empty() && cache.outbox().await.unwrap().is_empty()
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
    // The first download writes without its list and search indexes; a kill leaves them
    // set aside for the download's end.
    assert!(cache.indexes_deferred(Feed::Vehicles).await.unwrap());
    assert_eq!(file.schema_objects("vehicles").await, 0);
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

/// The cache's list indexes on vehicles (30) and its three full-text triggers.
const VEHICLE_INDEXES_AND_TRIGGERS: i64 = 33;

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
    let (sold, deleted) = (listed.items[0].id.clone(), listed.items[1].id.clone());
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
