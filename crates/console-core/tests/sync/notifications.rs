//! Desktop notifications against the real server: a sync that brings a new lead, a
//! test-drive request or a task falling due is announced once, summarised, and not at
//! all when the setting is off.

use super::helpers::*;
use carstrel_client::model::*;
use console_core::clock::{now_ms, rfc3339};
use console_core::notify::{check_at, Notification};
use console_core::Cache;

fn titles(notes: &[Notification]) -> Vec<&str> {
    notes.iter().map(|n| n.title.as_str()).collect()
}

async fn contact(api: &carstrel_client::Client, email: &str) {
    api.engagement()
        .contact(&ContactRequest {
            name: "Ada".into(),
            email: email.into(),
            message: "Is the blue one still available?".into(),
            subject: None,
        })
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_announces_new_leads_requests_and_due_tasks_once() {
    let server = start_server().await;
    let api = server.client();
    let cache = Cache::open_in_memory().await.unwrap();
    sync_now(&api, &cache).await.unwrap();
    assert!(cache.notifications_enabled().await.unwrap());
    // The first download is history, not news.
    assert_eq!(check_at(&cache, now_ms()).await.unwrap(), []);

    contact(&api, "notify-one@example.com").await;
    sync_now(&api, &cache).await.unwrap();
    let notes = check_at(&cache, now_ms()).await.unwrap();
    assert_eq!(titles(&notes), ["1 new lead"]);

    sync_now(&api, &cache).await.unwrap();
    assert_eq!(check_at(&cache, now_ms()).await.unwrap(), []);

    // A test-drive request opens a lead too; it is announced once, as the request.
    let vehicle = api
        .vehicles()
        .list(&VehicleQuery::default())
        .await
        .unwrap()
        .items
        .remove(0);
    api.test_drives()
        .create(&CreateTestDriveRequest {
            vehicle_id: vehicle.id.clone(),
            name: "Bo".into(),
            email: "notify-bo@example.com".into(),
            phone: None,
            preferred_date: None,
        })
        .send()
        .await
        .unwrap();
    contact(&api, "notify-two@example.com").await;
    contact(&api, "notify-three@example.com").await;
    sync_now(&api, &cache).await.unwrap();
    let notes = check_at(&cache, now_ms()).await.unwrap();
    assert_eq!(titles(&notes), ["2 new leads", "1 new test-drive request"]);

    // A task falls due between two checks (an odd instant no seeded task shares).
    let due = now_ms() + 3_600_000 + 437;
    api.tasks()
        .create(&CreateTaskRequest {
            title: "Call Ada back".into(),
            due_at: rfc3339(due),
            notes: None,
            customer_id: None,
            lead_id: None,
            assigned_to: None,
        })
        .send()
        .await
        .unwrap();
    sync_now(&api, &cache).await.unwrap();
    check_at(&cache, due - 1_000).await.unwrap();
    let notes = check_at(&cache, due + 1_000).await.unwrap();
    assert_eq!(
        notes,
        [Notification {
            title: "Task due".into(),
            body: "Call Ada back".into()
        }]
    );
    assert_eq!(check_at(&cache, due + 2_000).await.unwrap(), []);

    // Off: nothing, and turning them back on does not replay what happened meanwhile.
    cache.set_notifications_enabled(false).await.unwrap();
    assert!(!cache.notifications_enabled().await.unwrap());
    contact(&api, "notify-four@example.com").await;
    sync_now(&api, &cache).await.unwrap();
    assert_eq!(check_at(&cache, due + 3_000).await.unwrap(), []);
    cache.set_notifications_enabled(true).await.unwrap();
    assert_eq!(check_at(&cache, due + 4_000).await.unwrap(), []);
}
