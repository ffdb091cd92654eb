//! The outbox against the real server: offline edits that reach it exactly once across
//! restarts, a lost reply not applied twice, and stale edits settled either way.

use super::helpers::*;
use carstrel_client::model::*;
use console_core::cache::outbox::{EntryState, Keep};
use console_core::{Cache, TestDriveQuery};

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
