//! The calendar and the lot against the real server: an offline move that turns out to
//! double-book comes back as a conflict that either choice settles, a double booking the
//! cache can see is refused before queueing, a price set offline reaches the server once
//! and grows the price history, and the cache's calendar ranges and aging stats are the
//! API's.

use super::helpers::*;
use carstrel_client::model::*;
use carstrel_client::Client;
use console_core::cache::outbox::{EntryState, Keep};
use console_core::sync::calendar::{refresh_price_histories, PRICE_HISTORIES_PER_SYNC};
use console_core::{Cache, Error, TestDriveQuery};

/// A drive requested through the API, then confirmed at `at` by staff.
async fn confirmed_drive(api: &Client, vehicle_id: &str, who: &str, at: &str) -> TestDrive {
    let drive = pending_drive(api, vehicle_id, who).await;
    let change = TestDriveUpdate {
        status: Some(TestDriveStatus::Confirmed),
        scheduled_at: Some(at.to_owned()),
        ..Default::default()
    };
    api.test_drives()
        .update(&drive.id, &change)
        .send()
        .await
        .unwrap()
        .into_inner()
}

async fn pending_drive(api: &Client, vehicle_id: &str, who: &str) -> TestDrive {
    api.test_drives()
        .create(&CreateTestDriveRequest {
            vehicle_id: vehicle_id.to_owned(),
            name: who.to_owned(),
            email: format!("{}@example.com", who.to_lowercase().replace(' ', ".")),
            phone: None,
            preferred_date: Some("2027-03-01".into()),
        })
        .send()
        .await
        .unwrap()
}

async fn server_copy(api: &Client, id: &str) -> TestDrive {
    api.test_drives().get(id).await.unwrap().into_inner()
}

/// Instants far from the demo's drives (which fill the coming two weeks).
fn at(hour: u32) -> String {
    format!("2027-03-01T{hour:02}:00:00.000Z")
}

/// Moves `drive` offline to `hour` while, on the server, another drive of its vehicle
/// is confirmed there first; the sync meets the 409 and keeps both copies.
async fn move_onto_a_slot_taken_meanwhile(
    api: &Client,
    cache: &Cache,
    drive: &TestDrive,
    hour: u32,
) -> (i64, TestDrive) {
    let moved = cache
        .queue_test_drive_reschedule(&drive.id, &at(hour))
        .await
        .unwrap();
    assert_eq!(moved.scheduled_at.as_deref(), Some(at(hour).as_str()));
    let rival = confirmed_drive(api, &drive.vehicle_id, "Rival Buyer", &at(hour)).await;
    let report = sync_now(api, cache).await.unwrap();
    assert_eq!(report.conflicts, 1, "{report:?}");
    let conflicts = cache.conflicts().await.unwrap();
    assert_eq!(conflicts.len(), 1);
    let conflict = &conflicts[0];
    assert_eq!(conflict.entity_id, drive.id);
    assert_eq!(conflict.mine["scheduledAt"], at(hour).as_str());
    assert_eq!(
        conflict.theirs["scheduledAt"],
        drive.scheduled_at.as_deref().unwrap()
    );
    let entry = &cache.outbox().await.unwrap()[0];
    assert_eq!(entry.state, EntryState::Conflict);
    let why = entry.last_error.as_deref().unwrap();
    assert!(
        why.contains(&rival.id),
        "the refusal names the rival: {why}"
    );
    let row = cache.get_test_drive_row(&drive.id).await.unwrap();
    assert!(row.pending, "my move still shows, as not yet on the server");
    (conflict.id, rival)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offline_move_that_double_books_becomes_a_conflict_settled_either_way() {
    let server = start_server().await;
    let api = server.client();
    let cache = Cache::open_in_memory().await.unwrap();
    sync_now(&api, &cache).await.unwrap();
    let vehicle = cache
        .list_vehicles(&VehicleQuery::default(), None)
        .await
        .unwrap()
        .items[3]
        .clone();
    let first = confirmed_drive(&api, &vehicle.id, "Ada First", &at(9)).await;
    let second = confirmed_drive(&api, &vehicle.id, "Bo Second", &at(11)).await;
    sync_now(&api, &cache).await.unwrap();

    // A double booking the cache can see is refused at once, in the server's words.
    let error = cache
        .queue_test_drive_reschedule(&second.id, "2027-03-01T09:15:00.000Z")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::DoubleBooking(_)), "{error}");
    assert_eq!(error.code(), "conflict");
    assert!(error.to_string().contains(&first.id), "{error}");
    assert!(cache.outbox().await.unwrap().is_empty(), "nothing queued");
    // Ending where the other starts is no overlap (slots are half-open).
    cache
        .queue_test_drive_reschedule(&second.id, "2027-03-01T08:30:00.000Z")
        .await
        .unwrap();
    sync_now(&api, &cache).await.unwrap();
    let second = server_copy(&api, &second.id).await;
    assert_eq!(
        second.scheduled_at.as_deref(),
        Some("2027-03-01T08:30:00.000Z")
    );

    // "Take theirs": the drive goes back to the server's time, nothing is left queued.
    let (conflict, _) = move_onto_a_slot_taken_meanwhile(&api, &cache, &second, 13).await;
    cache
        .resolve_conflict(conflict, Keep::Theirs)
        .await
        .unwrap();
    let shown = cache.get_test_drive_row(&second.id).await.unwrap();
    assert!(!shown.pending);
    assert_eq!(shown.test_drive.scheduled_at, second.scheduled_at);
    assert!(cache.outbox().await.unwrap().is_empty());
    assert_eq!(server_copy(&api, &second.id).await, second);

    // "Keep mine, at another time": moving the drive again sends the new time.
    let (_, _) = move_onto_a_slot_taken_meanwhile(&api, &cache, &second, 15).await;
    let moved = cache
        .queue_test_drive_reschedule(&second.id, &at(16))
        .await
        .unwrap();
    assert_eq!(moved.scheduled_at.as_deref(), Some(at(16).as_str()));
    assert!(cache.conflicts().await.unwrap().is_empty());
    let report = sync_now(&api, &cache).await.unwrap();
    assert_eq!((report.sent, report.conflicts), (1, 0));
    let on_server = server_copy(&api, &second.id).await;
    assert_eq!(on_server.scheduled_at.as_deref(), Some(at(16).as_str()));
    assert_eq!(
        cache.get_test_drive(&second.id).await.unwrap(),
        on_server,
        "the cache holds the server's copy"
    );

    // "Keep mine" as it was: once the rival is cancelled on the server, it goes through.
    let (conflict, rival) = move_onto_a_slot_taken_meanwhile(&api, &cache, &on_server, 18).await;
    let cancel = TestDriveUpdate {
        status: Some(TestDriveStatus::Cancelled),
        ..Default::default()
    };
    api.test_drives()
        .update(&rival.id, &cancel)
        .send()
        .await
        .unwrap();
    cache.resolve_conflict(conflict, Keep::Mine).await.unwrap();
    let report = sync_now(&api, &cache).await.unwrap();
    assert_eq!((report.sent, report.conflicts), (1, 0));
    assert_eq!(
        server_copy(&api, &second.id).await.scheduled_at.as_deref(),
        Some(at(18).as_str())
    );
    assert!(cache.outbox().await.unwrap().is_empty());
    assert_sound(&cache).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dealers_drive_length_is_synced_and_used_offline() {
    let server = start_server().await;
    let api = server.client();
    let cache = Cache::open_in_memory().await.unwrap();
    assert_eq!(
        cache.dealer_settings().await.unwrap(),
        DealerSettings::default(),
        "the rule book's defaults before any sync"
    );
    let change = DealerSettingsUpdate {
        test_drive_minutes: Some(90),
        ..Default::default()
    };
    let settings = api.settings().update(&change).await.unwrap();
    sync_now(&api, &cache).await.unwrap();
    assert_eq!(cache.dealer_settings().await.unwrap(), settings);

    let vehicle = cache
        .list_vehicles(&VehicleQuery::default(), None)
        .await
        .unwrap()
        .items[5]
        .clone();
    let first = confirmed_drive(&api, &vehicle.id, "Cy Long", &at(9)).await;
    assert_eq!(first.duration_minutes, 90);
    let other = pending_drive(&api, &vehicle.id, "Di Pending").await;
    sync_now(&api, &cache).await.unwrap();
    // 10:00 overlaps a 90-minute drive from 9:00; 10:30 does not.
    let confirm_at = |hour: &str| TestDriveUpdate {
        status: Some(TestDriveStatus::Confirmed),
        scheduled_at: Some(format!("2027-03-01T{hour}:00.000Z")),
        ..Default::default()
    };
    let error = cache
        .queue_test_drive_update(&other.id, &confirm_at("10:00"))
        .await
        .unwrap_err();
    assert!(error.to_string().contains(&first.id), "{error}");
    let confirmed = cache
        .queue_test_drive_update(&other.id, &confirm_at("10:30"))
        .await
        .unwrap();
    assert_eq!(confirmed.duration_minutes, 90);
    sync_now(&api, &cache).await.unwrap();
    assert_eq!(server_copy(&api, &other.id).await.duration_minutes, 90);

    // The vehicle's free and taken slots that morning.
    let slots = cache
        .vehicle_slots(&vehicle.id, "2027-03-01T08:00:00Z", "2027-03-01T14:00:00Z")
        .await
        .unwrap();
    assert_eq!(slots.minutes, 90);
    let taken: Vec<&str> = slots
        .taken
        .iter()
        .map(|t| t.test_drive_id.as_str())
        .collect();
    assert_eq!(taken, [first.id.as_str(), other.id.as_str()]);
    // 8:00 overlaps 9:00-10:30; 9:30 and 11:00 overlap too; 12:30 is free (ends 14:00).
    assert_eq!(slots.free, ["2027-03-01T12:30:00.000Z"]);
    let refused = cache
        .vehicle_slots(&vehicle.id, "soon", "2027-03-02")
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "invalid_query");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_price_set_offline_reaches_the_server_once_and_grows_the_history() {
    let mut server = start_server().await;
    let api = server.client();
    let file = CacheFile::new();
    let cache = file.open().await;
    sync_now(&api, &cache).await.unwrap();
    // The sync leaves the price histories out; after it, the console keeps the ones of
    // the cars longest on the lot.
    let fetched = refresh_price_histories(&api, &cache).await.unwrap();
    assert_eq!(fetched, PRICE_HISTORIES_PER_SYNC as usize);
    assert_eq!(
        refresh_price_histories(&api, &cache).await.unwrap(),
        PRICE_HISTORIES_PER_SYNC as usize,
        "the next 50 wait for the next round"
    );
    let oldest = cache
        .list_vehicles(
            &VehicleQuery {
                sort: Some(VehicleSort::CreatedDate),
                order: Some(SortOrder::Asc),
                limit: Some(100),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
    let mut chosen = None;
    for vehicle in &oldest.items {
        if let Some(history) = cache.price_history(&vehicle.id).await.unwrap() {
            chosen = Some((vehicle.clone(), history));
            break;
        }
    }
    let (vehicle, history) = chosen.expect("a cached price history");
    assert_eq!(
        history,
        api.vehicles().price_history(&vehicle.id).await.unwrap()
    );
    let new_price = (vehicle.price.unwrap() - 500.0).max(1.0);

    server.stop().await;
    let shown = cache
        .queue_vehicle_price(&vehicle.id, new_price)
        .await
        .unwrap();
    assert_eq!(shown.price, Some(new_price));
    let listed = cache.get_vehicle(&vehicle.id).await.unwrap();
    assert_eq!(listed.price, Some(new_price), "the cache shows it at once");
    let grown = cache.price_history(&vehicle.id).await.unwrap().unwrap();
    assert_eq!(grown.len(), history.len() + 1);
    assert_eq!(grown.last().unwrap().price, new_price);
    let refused = cache
        .queue_vehicle_price(&vehicle.id, -3.0)
        .await
        .unwrap_err();
    assert_eq!(refused.to_string(), "price must be a non-negative number");
    assert_eq!(cache.outbox().await.unwrap().len(), 1);
    // The console restarts, still offline; the edit waits.
    cache.close().await;
    let cache = file.open().await;

    server.restart().await;
    let report = sync_now(&api, &cache).await.unwrap();
    assert_eq!(report.sent, 1);
    refresh_price_histories(&api, &cache).await.unwrap();
    let on_server = api.vehicles().price_history(&vehicle.id).await.unwrap();
    assert_eq!(on_server.len(), history.len() + 1, "applied once");
    assert_eq!(on_server.last().unwrap().price, new_price);
    assert_eq!(
        api.vehicles().get(&vehicle.id).await.unwrap().price,
        Some(new_price)
    );
    assert_eq!(
        cache.price_history(&vehicle.id).await.unwrap().unwrap(),
        on_server,
        "the sync read the server's entry back"
    );
    assert!(cache.outbox().await.unwrap().is_empty());
    assert_sound(&cache).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calendar_ranges_and_aging_stats_are_the_apis() {
    let server = start_server().await;
    let api = server.client();
    let cache = Cache::open_in_memory().await.unwrap();
    sync_now(&api, &cache).await.unwrap();

    let live = api.vehicles().aging().await.unwrap();
    let offline = cache.aging_stats(now_ms()).await.unwrap();
    assert_eq!(offline, live);
    let stock: u64 = offline.buckets.iter().map(|b| b.count).sum();
    assert_eq!(
        stock,
        api.vehicles().stats().await.unwrap().available_vehicles
    );

    let today = &console_core_now()[..10];
    let week_later = rfc3339(now_ms() + 7 * 86_400_000);
    let queries = [
        TestDriveQuery::new().between(today, &week_later[..10]),
        TestDriveQuery::new().between(today, &week_later),
        TestDriveQuery::new().from(today),
        TestDriveQuery::new().to(&week_later),
        TestDriveQuery::new().from(today).limit(3).page(2),
        TestDriveQuery {
            status: Some(TestDriveStatus::Confirmed),
            ..TestDriveQuery::new().between(today, &week_later)
        },
        TestDriveQuery::new().between(&week_later, today),
    ];
    let ids = |d: &[TestDrive]| d.iter().map(|d| d.id.clone()).collect::<Vec<_>>();
    for query in &queries {
        let live = api.test_drives().list(query).await.unwrap();
        let offline = cache.list_test_drives(query).await.unwrap();
        assert_eq!(ids(&offline.items), ids(&live.items), "{query:?}");
        assert_eq!(offline.total, live.total, "{query:?}");
    }
    assert!(
        api.test_drives().list(&queries[0]).await.unwrap().total > 0,
        "the demo has drives this week"
    );
    let bad = TestDriveQuery::new().from("next week");
    let live = api.test_drives().list(&bad).await.unwrap_err();
    let offline = cache.list_test_drives(&bad).await.unwrap_err();
    assert_eq!(offline.code(), "invalid_query");
    assert!(live.to_string().contains(&offline.to_string()), "{live}");
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

fn rfc3339(ms: i64) -> String {
    carstrel_model::rules::rfc3339(ms)
}

fn console_core_now() -> String {
    rfc3339(now_ms())
}
