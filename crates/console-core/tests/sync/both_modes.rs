//! The console against both servers it meets: ours with every addition, and the published
//! API alone (`serve --docs-only`, as a dealer's real CarStrel account is). Each scenario
//! runs twice, `full::…` and `docs_only::…`: sync, offline reads, offline edits landing
//! exactly once, the conflict check without `If-Match`, and a booking whose reply was lost.

use super::helpers::*;
use carstrel_client::model::*;
use carstrel_testkit::{Setup, TestServer};
use console_core::cache::outbox::{EntryState, Keep};
use console_core::{Cache, TestDriveQuery};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    Full,
    DocsOnly,
}

pub(super) async fn start(mode: Mode) -> TestServer {
    let setup = Setup::new()
        .demo(DEMO_VEHICLES, DEMO_CUSTOMERS)
        .patience(Patience::Enduring);
    match mode {
        Mode::Full => setup.start().await,
        Mode::DocsOnly => setup.docs_only().start().await,
    }
}

/// Bookings on the server for `email`, read from its database (a docs-only server has no
/// list to ask).
async fn bookings_on_server(server: &TestServer, email: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM test_drives WHERE email = $1")
        .bind(email)
        .fetch_one(&server.db().pool)
        .await
        .unwrap()
}

/// Marks a vehicle sold on the server, as the dealer's other systems would.
async fn sell_elsewhere(server: &TestServer, id: &str) {
    let caller = carstrel_server::tenant::Caller {
        key_id: "elsewhere".into(),
        org_id: server.org().id.clone(),
        env: Environment::Live,
        scopes: vec![Scope::Admin],
    };
    let sold = VehicleUpdate {
        status: Some(VehicleStatus::Sold),
        ..Default::default()
    };
    carstrel_server::store::vehicles::update(server.db(), &caller, id, &sold)
        .await
        .unwrap();
}

fn booking(vehicle_id: &str, email: &str) -> CreateTestDriveRequest {
    CreateTestDriveRequest {
        vehicle_id: vehicle_id.to_owned(),
        name: "Offline Booking".into(),
        email: email.to_owned(),
        phone: None,
        preferred_date: Some("2026-12-24".into()),
    }
}

async fn first_vehicle(cache: &Cache) -> Vehicle {
    cache
        .list_vehicles(&VehicleQuery::default(), None)
        .await
        .unwrap()
        .items[0]
        .clone()
}

async fn sync_reads_offline_and_drops_stock_sold_elsewhere(mode: Mode) {
    let mut server = start(mode).await;
    let api = server.client();
    let cache = Cache::open_in_memory().await.unwrap();
    let report = sync_now(&api, &cache).await.unwrap();
    let caps = cache.capabilities().await.unwrap().expect("learned");
    match mode {
        Mode::Full => {
            assert!(report.missing.is_empty(), "{:?}", report.missing);
            assert_eq!(caps.source, CapabilitySource::OpenApi);
        }
        Mode::DocsOnly => {
            assert_eq!(caps, Capabilities::none(CapabilitySource::Probing));
            assert_eq!(report.missing, Feature::ALL);
            assert!(report.fell_back_to_lists);
        }
    }
    let live = api.vehicles().list(&VehicleQuery::default()).await.unwrap();
    let listed = cache
        .list_vehicles(&VehicleQuery::default(), None)
        .await
        .unwrap();
    assert_eq!(listed.total, live.total, "every available vehicle arrived");
    let sold = listed.items[3].id.clone();
    sell_elsewhere(&server, &sold).await;
    let report = sync_now(&api, &cache).await.unwrap();
    assert!(
        report.missing.len()
            == if mode == Mode::Full {
                0
            } else {
                Feature::ALL.len()
            }
    );
    let after = cache
        .list_vehicles(&VehicleQuery::default(), None)
        .await
        .unwrap();
    assert_eq!(after.total, live.total - 1, "the car sold elsewhere left");
    assert!(after.items.iter().all(|v| v.id != sold));
    let test_drives = cache
        .list_test_drives(&TestDriveQuery::default())
        .await
        .unwrap();
    match mode {
        Mode::Full => assert!(test_drives.total > 0),
        Mode::DocsOnly => assert_eq!(test_drives.total, 0, "none invented"),
    }

    server.stop().await;
    let offline = cache
        .list_customers(&CustomerQuery::default())
        .await
        .unwrap();
    assert_eq!(offline.total as usize, DEMO_CUSTOMERS);
    assert!(cache.vehicle_stats().await.unwrap().total_vehicles > 0);
    assert!(!cache.metadata().await.unwrap().brands.is_empty());
    assert_sound(&cache).await;
}

async fn offline_edits_land_exactly_once(mode: Mode) {
    let mut server = start(mode).await;
    let api = server.client();
    let file = CacheFile::new();
    let cache = file.open().await;
    sync_now(&api, &cache).await.unwrap();
    let customer = cache
        .list_customers(&CustomerQuery::default())
        .await
        .unwrap()
        .items[0]
        .clone();
    let vehicle = first_vehicle(&cache).await;

    server.stop().await;
    let change = CustomerUpdate {
        notes: Some("Wants a hybrid SUV".into()),
        tags: Some(vec!["hybrid".into()]),
        ..Default::default()
    };
    cache
        .queue_customer_update(&customer.id, &change)
        .await
        .unwrap();
    let email = "both.modes@example.com";
    let booked = cache
        .queue_test_drive_create(&booking(&vehicle.id, email))
        .await
        .unwrap();
    cache.close().await;
    let cache = file.open().await;
    server.restart().await;
    let report = sync_now(&api, &cache).await.unwrap();
    assert_eq!(
        (report.sent, report.conflicts, report.unconfirmed),
        (2, 0, 0)
    );
    assert_eq!(sync_now(&api, &cache).await.unwrap().sent, 0);

    let on_server = api
        .customers()
        .get(&customer.id)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(on_server.notes.as_deref(), Some("Wants a hybrid SUV"));
    assert_eq!(on_server.tags, ["hybrid"]);
    assert_eq!(bookings_on_server(&server, email).await, 1, "booked once");
    // The booking stays in the cache under the server's id, marked as booked here.
    let rows = cache
        .list_test_drive_rows(&TestDriveQuery::default())
        .await
        .unwrap();
    let mine: Vec<_> = rows
        .items
        .iter()
        .filter(|r| r.test_drive.email == email)
        .collect();
    assert_eq!(mine.len(), 1);
    assert!(mine[0].booked_here && !mine[0].pending);
    assert_ne!(mine[0].test_drive.id, booked.id, "the server's id");
    assert_sound(&cache).await;
}

async fn an_edit_of_a_field_changed_meanwhile_is_a_conflict(mode: Mode) {
    let server = start(mode).await;
    let api = server.client();
    let cache = Cache::open_in_memory().await.unwrap();
    sync_now(&api, &cache).await.unwrap();
    let customers = cache
        .list_customers(&CustomerQuery::default())
        .await
        .unwrap()
        .items;
    let (a, b) = (&customers[0], &customers[1]);
    for c in [a, b] {
        let mine = CustomerUpdate {
            notes: Some("mine".into()),
            ..Default::default()
        };
        cache.queue_customer_update(&c.id, &mine).await.unwrap();
    }
    // A colleague changes a's notes (the field my edit touches) and b's tags (one it
    // does not).
    let theirs = CustomerUpdate {
        notes: Some("theirs".into()),
        ..Default::default()
    };
    api.customers().update(&a.id, &theirs).send().await.unwrap();
    let tags = CustomerUpdate {
        tags: Some(vec!["colleague".into()]),
        ..Default::default()
    };
    api.customers().update(&b.id, &tags).send().await.unwrap();

    let report = sync_now(&api, &cache).await.unwrap();
    let conflicts = cache.conflicts().await.unwrap();
    let on_a = conflicts
        .iter()
        .find(|c| c.entity_id == a.id)
        .expect("a conflict");
    assert_eq!(on_a.mine["notes"], "mine");
    assert_eq!(on_a.theirs["notes"], "theirs");
    let b_now = api.customers().get(&b.id).await.unwrap().into_inner();
    match mode {
        // If-Match refuses any change since the read.
        Mode::Full => assert_eq!((report.sent, report.conflicts), (0, 2)),
        // The stand-in compares the fields the edit touches: b's edit goes through.
        Mode::DocsOnly => {
            assert_eq!((report.sent, report.conflicts), (1, 1));
            assert_eq!(b_now.notes.as_deref(), Some("mine"));
            assert_eq!(b_now.tags, ["colleague"], "their change kept");
        }
    }
    assert_eq!(
        api.customers()
            .get(&a.id)
            .await
            .unwrap()
            .into_inner()
            .notes
            .as_deref(),
        Some("theirs"),
        "nothing overwritten"
    );
    // Keep mine: sent on top of theirs, once.
    cache.resolve_conflict(on_a.id, Keep::Mine).await.unwrap();
    let report = sync_now(&api, &cache).await.unwrap();
    assert_eq!(report.conflicts, 0);
    assert_eq!(
        api.customers()
            .get(&a.id)
            .await
            .unwrap()
            .into_inner()
            .notes
            .as_deref(),
        Some("mine")
    );
    assert_sound(&cache).await;
}

async fn a_booking_whose_reply_was_lost_is_never_doubled(mode: Mode) {
    let server = start(mode).await;
    let proxy = server.proxy().await;
    let api = server.client_via(&proxy);
    let cache = Cache::open_in_memory().await.unwrap();
    sync_now(&api, &cache).await.unwrap();
    let vehicle = first_vehicle(&cache).await;
    let email = "lost.reply@example.com";
    let booked = cache
        .queue_test_drive_create(&booking(&vehicle.id, email))
        .await
        .unwrap();
    proxy.fail_next(1, Fault::LoseReply);
    let report = console_core::sync::drain::drain(&api, &cache)
        .await
        .unwrap();
    assert_eq!(bookings_on_server(&server, email).await, 1);
    match mode {
        // The retry carried the same Idempotency-Key: the server replayed its reply.
        Mode::Full => {
            assert_eq!(report.sent, 1);
            assert!(cache.outbox().await.unwrap().is_empty());
        }
        // No key, no list to check: the user decides, nothing is resent.
        Mode::DocsOnly => {
            assert_eq!((report.sent, report.unconfirmed), (0, 1));
            let outbox = cache.outbox().await.unwrap();
            assert_eq!(outbox[0].state, EntryState::Unconfirmed);
            assert_eq!(
                outbox[0].last_error.as_deref(),
                Some(console_core::sync::UNCONFIRMED)
            );
            let again = sync_now(&api, &cache).await.unwrap();
            assert_eq!(again.sent, 0);
            assert_eq!(bookings_on_server(&server, email).await, 1, "not resent");
            cache.discard_unconfirmed(outbox[0].seq).await.unwrap();
            assert!(cache.outbox().await.unwrap().is_empty());
            assert!(cache.get_test_drive(&booked.id).await.is_err());
            assert_eq!(bookings_on_server(&server, email).await, 1);

            // Another lost reply; this time the user knows it did not arrive.
            let other = "sent.again@example.com";
            cache
                .queue_test_drive_create(&booking(&vehicle.id, other))
                .await
                .unwrap();
            proxy.fail_next(1, Fault::LoseReply);
            console_core::sync::drain::drain(&api, &cache)
                .await
                .unwrap();
            let seq = cache.outbox().await.unwrap()[0].seq;
            cache.send_again(seq).await.unwrap();
            let again = console_core::sync::drain::drain(&api, &cache)
                .await
                .unwrap();
            assert_eq!(again.sent, 1);
            assert_eq!(
                bookings_on_server(&server, other).await,
                2,
                "sent again, as the user chose"
            );
            let kept = cache
                .list_test_drive_rows(&TestDriveQuery::default())
                .await
                .unwrap();
            assert!(kept
                .items
                .iter()
                .any(|r| r.test_drive.email == other && r.booked_here && !r.pending));
            assert_sound(&cache).await;
            return;
        }
    }
    assert_eq!(bookings_on_server(&server, email).await, 1);
    assert_sound(&cache).await;
}

async fn an_edit_whose_reply_was_lost_lands_once(mode: Mode) {
    let server = start(mode).await;
    let proxy = server.proxy().await;
    let api = server.client_via(&proxy);
    let cache = Cache::open_in_memory().await.unwrap();
    sync_now(&api, &cache).await.unwrap();
    let customer = cache
        .list_customers(&CustomerQuery::default())
        .await
        .unwrap()
        .items[2]
        .clone();
    let change = CustomerUpdate {
        notes: Some("Reply lost".into()),
        ..Default::default()
    };
    cache
        .queue_customer_update(&customer.id, &change)
        .await
        .unwrap();
    // The edit's reply is lost once. With Idempotency-Key the client resends it at once
    // and the server replays; without, the drain stops, and the next one finds the edit
    // already on the server (the read that stands in for If-Match).
    match mode {
        Mode::Full => proxy.fail_next(1, Fault::LoseReply),
        Mode::DocsOnly => proxy.fail_paths("PATCH", Fault::LoseReply),
    }
    let first = console_core::sync::drain::drain(&api, &cache)
        .await
        .unwrap();
    proxy.heal();
    let second = console_core::sync::drain::drain(&api, &cache)
        .await
        .unwrap();
    assert_eq!(
        (first.sent + second.sent, first.conflicts + second.conflicts),
        (1, 0),
        "{first:?} then {second:?}"
    );
    let on_server = api
        .customers()
        .get(&customer.id)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(on_server.notes.as_deref(), Some("Reply lost"));
    assert_eq!(on_server.version, customer.version + 1, "applied once");
    assert!(cache.outbox().await.unwrap().is_empty());
    assert_sound(&cache).await;
}

/// A server with a test-drive list but no `Idempotency-Key`: the console looks for the
/// booking before sending it again, and finds it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_idempotency_a_lost_booking_is_looked_for_before_a_resend() {
    let server = start(Mode::Full).await;
    let proxy = server.proxy().await;
    let api = server.client_via(&proxy);
    let cache = Cache::open_in_memory().await.unwrap();
    sync_now(&api, &cache).await.unwrap();
    let no_keys = Capabilities {
        idempotency: false,
        ..Capabilities::all(CapabilitySource::OpenApi)
    };
    cache.store_capabilities(&no_keys).await.unwrap();
    let vehicle = first_vehicle(&cache).await;
    let email = "looked.for@example.com";
    cache
        .queue_test_drive_create(&booking(&vehicle.id, email))
        .await
        .unwrap();
    proxy.fail_next(1, Fault::LoseReply);
    let first = console_core::sync::drain::drain(&api, &cache)
        .await
        .unwrap();
    assert!(first.stopped && first.sent == 0, "{first:?}");
    let second = console_core::sync::drain::drain(&api, &cache)
        .await
        .unwrap();
    assert_eq!(second.sent, 1, "found, not resent");
    assert_eq!(bookings_on_server(&server, email).await, 1);
    assert!(cache.outbox().await.unwrap().is_empty());
}

macro_rules! in_both_modes {
    ($($scenario:ident),* $(,)?) => {
        mod full {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    super::$scenario(super::Mode::Full).await
                }
            )*
        }
        mod docs_only {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    super::$scenario(super::Mode::DocsOnly).await
                }
            )*
        }
    };
}

in_both_modes!(
    sync_reads_offline_and_drops_stock_sold_elsewhere,
    offline_edits_land_exactly_once,
    an_edit_of_a_field_changed_meanwhile_is_a_conflict,
    an_edit_whose_reply_was_lost_lands_once,
    a_booking_whose_reply_was_lost_is_never_doubled,
);

/// A connection to the published API alone: what it offers is known as soon as it is
/// added, a sync completes with a full copy (test drives aside), and a status change the
/// server cannot take is refused in words instead of queued forever.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_to_the_published_api_knows_what_it_lacks() {
    use console_core::console::{Console, ConsoleOptions};
    use console_core::secrets::{MemoryStore, Secret};
    let server = start(Mode::DocsOnly).await;
    let data = tempfile::tempdir().unwrap();
    let console = Console::open(ConsoleOptions {
        data_dir: Some(data.path().to_owned()),
        profile: None,
        secrets: Some(std::sync::Arc::new(MemoryStore::new())),
        ..Default::default()
    })
    .await
    .unwrap();
    console
        .add_profile("real", &server.url(), Secret::new(server.live_key()))
        .await
        .unwrap();
    let status = console.use_profile("real").await.unwrap();
    let none = Capabilities::none(CapabilitySource::Probing);
    assert_eq!(status.capabilities, Some(none), "learned when connecting");
    let report = console
        .sync(
            false,
            &mut |_| {},
            &tokio_util::sync::CancellationToken::new(),
        )
        .await
        .unwrap();
    assert_eq!(report.missing, Feature::ALL);
    let status = console.status().await.unwrap();
    assert!(status.online && status.has_full_copy, "{status:?}");

    let vehicle = console
        .list_vehicles(&VehicleQuery::default(), None)
        .await
        .unwrap()
        .items[0]
        .clone();
    let booked = console
        .create_test_drive(&booking(&vehicle.id, "connected@example.com"))
        .await
        .unwrap();
    assert!(booked.booked_here);
    let refused = console
        .update_test_drive(
            &booked.test_drive.id,
            &TestDriveUpdate {
                status: Some(TestDriveStatus::Confirmed),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        refused.to_string(),
        console_core::sync::NO_TEST_DRIVE_UPDATE
    );
    assert_eq!(console.push().await.unwrap(), 1, "the booking itself goes");
    console.close().await;
}
