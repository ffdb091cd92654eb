//! Filling the cache from the changes feeds: a killed pull resumes from its checkpoint,
//! deltas carry edits and tombstones, test drives list as on the server, and a pending
//! local edit survives a sync until the outbox resolves it.

use crate::helpers::*;
use carstrel_model::*;
use console_core::{Cache, Feed, TestDriveQuery};
use reqwest::Method;
use serde_json::json;
use std::collections::HashSet;

async fn all_test_drives(cache: &Cache) -> Vec<TestDrive> {
    let query = TestDriveQuery {
        limit: Some(100),
        ..Default::default()
    };
    let page = cache.list_test_drives(&query).await.unwrap();
    assert!(page.total_pages <= 1);
    page.items
}

/// Every status filter (and none), every page of a small page size, and the id filters:
/// the same test drives in the same order as the server.
async fn assert_test_drives_match(app: &App, cache: &Cache) {
    let drives = all_test_drives(cache).await;
    let mut queries = Vec::new();
    for status in std::iter::once(None).chain(TestDriveStatus::ALL.map(Some)) {
        for page in 1..=5 {
            queries.push(TestDriveQuery {
                page: Some(page),
                limit: Some(9),
                status,
                ..Default::default()
            });
        }
    }
    queries.push(TestDriveQuery {
        vehicle_id: Some(drives[0].vehicle_id.clone()),
        ..Default::default()
    });
    queries.push(TestDriveQuery {
        customer_id: drives[1].customer_id.clone(),
        ..Default::default()
    });
    for query in queries {
        let live = app
            .get::<Vec<TestDrive>>("/external/test-drives", &query.to_pairs())
            .await
            .unwrap();
        let offline = cache.list_test_drives(&query).await.unwrap();
        assert_same_page(&live, &offline, &query);
    }
    let query = TestDriveQuery {
        limit: Some(101),
        ..Default::default()
    };
    let live = app
        .get::<Vec<TestDrive>>("/external/test-drives", &query.to_pairs())
        .await;
    assert_same_refusal(live, cache.list_test_drives(&query).await, &query);
}

#[tokio::test]
async fn a_killed_sync_resumes_and_deltas_apply_edits_and_tombstones() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");

    // Two pages of forty, then the process dies (no orderly close).
    let cache = Cache::open(&path).await.unwrap();
    assert_eq!(pull(&app, &cache, Feed::Vehicles, 40, 2).await, 80);
    let stopped = cache.checkpoint(Feed::Vehicles).await.unwrap();
    assert!(stopped.since > 0 && !stopped.completed_full, "{stopped:?}");
    drop(cache);

    let cache = Cache::open(&path).await.unwrap();
    assert_eq!(cache.checkpoint(Feed::Vehicles).await.unwrap(), stopped);
    assert_eq!(cache.vehicle_stats().await.unwrap().total_vehicles, 80);
    sync_all(&app, &cache).await;
    let live: VehicleStats = app.data("/external/vehicles/stats/summary").await;
    assert_eq!(cache.vehicle_stats().await.unwrap(), live);
    assert_test_drives_match(&app, &cache).await;

    // Staff work on the server: delete a listing, sell one, rename one with test drives,
    // edit a customer, confirm a test drive.
    let drives = all_test_drives(&cache).await;
    let driven: HashSet<&str> = drives.iter().map(|d| d.vehicle_id.as_str()).collect();
    let available = cached_available(&cache).await;
    let mut undriven = available.iter().filter(|v| !driven.contains(v.id.as_str()));
    let doomed = undriven.next().unwrap().id.clone();
    let sold = undriven.next().unwrap().id.clone();
    let renamed = available
        .iter()
        .find(|v| driven.contains(v.id.as_str()))
        .unwrap()
        .id
        .clone();
    let customer = cached_customers(&cache).await[3].clone();
    let drive = drives
        .iter()
        .find(|d| d.status == TestDriveStatus::Pending)
        .unwrap()
        .id
        .clone();
    let deleted = app
        .send(
            Method::DELETE,
            &format!("/external/vehicles/{doomed}"),
            None,
        )
        .await;
    assert_eq!(deleted, 204);
    for (path, body) in [
        (
            format!("/external/vehicles/{sold}"),
            json!({"status": "sold"}),
        ),
        (
            format!("/external/vehicles/{renamed}"),
            json!({"name": "2020 Ferrari Testarossa Classic"}),
        ),
        (
            format!("/external/customers/{}", customer.id),
            json!({"isVip": !customer.classification.is_vip, "notes": "Called back"}),
        ),
        (
            format!("/external/test-drives/{drive}"),
            json!({"status": "confirmed"}),
        ),
    ] {
        app.send(Method::PATCH, &path, Some(body)).await;
    }

    // The delta from the saved checkpoints carries exactly those changes.
    assert_eq!(pull(&app, &cache, Feed::Vehicles, 500, 10).await, 3);
    assert_eq!(pull(&app, &cache, Feed::Customers, 500, 10).await, 1);
    assert_eq!(pull(&app, &cache, Feed::TestDrives, 500, 10).await, 1);

    // The tombstone removed the listing, from the lists and from search.
    assert_eq!(
        cache.get_vehicle(&doomed).await.unwrap_err().code(),
        "not_found"
    );
    let listed = cached_available(&cache).await;
    assert!(!listed.iter().any(|v| v.id == doomed || v.id == sold));
    assert_eq!(listed.len(), available.len() - 2);
    assert_eq!(
        cache.get_vehicle(&sold).await.unwrap().status,
        VehicleStatus::Sold
    );
    let all = VehicleQuery {
        limit: Some(100),
        ..Default::default()
    };
    let doomed_name = &available.iter().find(|v| v.id == doomed).unwrap().name;
    let found = cache.list_vehicles(&all, Some(doomed_name)).await.unwrap();
    assert!(!found.items.iter().any(|v| v.id == doomed));
    let found = cache.list_vehicles(&all, Some("testaross")).await.unwrap();
    assert_eq!(
        found.items.iter().map(|v| &v.id).collect::<Vec<_>>(),
        [&renamed]
    );
    // Its test drives show the new name, as the server's do.
    let query = TestDriveQuery {
        vehicle_id: Some(renamed.clone()),
        ..Default::default()
    };
    let renamed_drives = cache.list_test_drives(&query).await.unwrap();
    assert!(renamed_drives
        .items
        .iter()
        .all(|d| d.vehicle_name.as_deref() == Some("2020 Ferrari Testarossa Classic")));
    assert_eq!(
        cache.get_test_drive(&drive).await.unwrap().status,
        TestDriveStatus::Confirmed
    );

    // Everything still equals the server.
    let live: VehicleStats = app.data("/external/vehicles/stats/summary").await;
    assert_eq!(cache.vehicle_stats().await.unwrap(), live);
    assert_eq!(cache.metadata().await.unwrap(), app.metadata().await);
    let before = now_ms();
    let live: CustomerStats = app.data("/external/customers/stats/summary").await;
    let after = now_ms();
    assert!(
        live == cache.customer_stats(before).await.unwrap()
            || live == cache.customer_stats(after).await.unwrap()
    );
    for sort in VehicleSort::ALL {
        for order in [SortOrder::Asc, SortOrder::Desc] {
            let query = VehicleQuery {
                limit: Some(100),
                page: Some(2),
                sort: Some(sort),
                order: Some(order),
                ..Default::default()
            };
            let live = app
                .get::<Vec<Vehicle>>("/external/vehicles", &query.to_pairs())
                .await
                .unwrap();
            assert_same_page(
                &live,
                &cache.list_vehicles(&query, None).await.unwrap(),
                &query,
            );
        }
    }
    for segment in CustomerSegment::ALL {
        let query = CustomerQuery {
            segment: Some(segment),
            limit: Some(100),
            ..Default::default()
        };
        let live = app
            .get::<Vec<Customer>>("/external/customers", &query.to_pairs())
            .await
            .unwrap();
        let offline = cache.list_customers_at(&query, now_ms()).await.unwrap();
        assert_same_page(&live, &offline, &query);
    }
    assert_test_drives_match(&app, &cache).await;
    assert_eq!(cache.integrity_check().await.unwrap(), "ok");
}

#[tokio::test]
async fn a_pending_local_edit_survives_a_sync_until_resolved() {
    let app = spawn_app().await;
    let cache = synced_cache(&app).await;
    let original = cached_customers(&cache).await[0].clone();

    // The dealer edits offline; the outbox holds the edit, the cache shows it at once.
    let mut local = original.clone();
    local.notes = Some("Wants a blue one".into());
    cache.stage_customer_edit(&local).await.unwrap();
    assert_eq!(cache.get_customer(&original.id).await.unwrap(), local);

    // Meanwhile a colleague edits the same customer online; the sync skips the record.
    let path = format!("/external/customers/{}", original.id);
    app.send(Method::PATCH, &path, Some(json!({"tags": ["from-web"]})))
        .await;
    assert_eq!(pull(&app, &cache, Feed::Customers, 500, 10).await, 1);
    assert_eq!(cache.get_customer(&original.id).await.unwrap(), local);

    // The outbox replays the edit, then stores the server's record: both edits, not
    // pending any more, so later syncs update it again.
    app.send(
        Method::PATCH,
        &path,
        Some(json!({"notes": "Wants a blue one"})),
    )
    .await;
    let server: Customer = app.data(&path).await;
    cache.resolve_customer(&server).await.unwrap();
    assert_eq!(cache.get_customer(&original.id).await.unwrap(), server);
    assert_eq!(server.tags, ["from-web"]);
    assert_eq!(server.notes.as_deref(), Some("Wants a blue one"));
    app.send(Method::PATCH, &path, Some(json!({"tags": []})))
        .await;
    pull(&app, &cache, Feed::Customers, 500, 10).await;
    assert!(cache
        .get_customer(&original.id)
        .await
        .unwrap()
        .tags
        .is_empty());
    assert_eq!(cache.integrity_check().await.unwrap(), "ok");
}
