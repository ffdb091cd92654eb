//! Test drives: create (idempotent), list, get, update with If-Match, changes.

use crate::helpers::{random_id, spawn_app};
use carstrel_client::prelude::*;
use carstrel_testkit::fixtures::first_vehicle;
use futures_util::TryStreamExt;

fn request(vehicle_id: &str, email: &str) -> CreateTestDriveRequest {
    CreateTestDriveRequest {
        vehicle_id: vehicle_id.into(),
        name: "Ada Lovelace".into(),
        email: email.into(),
        phone: Some("+254700000001".into()),
        preferred_date: Some("2030-06-01".into()),
    }
}

#[tokio::test]
async fn create_list_get_update_and_changes() {
    let app = spawn_app().await;
    let drives = app.client.test_drives();
    let vehicle = first_vehicle(&app.client).await;
    let cursor = drives.changes(0, Some(1000)).await.unwrap().next_since;

    let body = request(&vehicle.id, "ada@example.com");
    let created = drives.create(&body).send().await.unwrap();
    assert_eq!(created.vehicle_id, vehicle.id);
    assert_eq!(created.status, TestDriveStatus::Pending);

    let for_vehicle = drives
        .list(&TestDriveQuery::new().vehicle(&vehicle.id))
        .await
        .unwrap();
    assert!(for_vehicle.items.iter().any(|d| d.id == created.id));
    assert!(for_vehicle.items.iter().all(|d| d.vehicle_id == vehicle.id));
    let pending = drives
        .list(
            &TestDriveQuery::new()
                .status(TestDriveStatus::Pending)
                .limit(100),
        )
        .await
        .unwrap();
    assert!(pending
        .items
        .iter()
        .all(|d| d.status == TestDriveStatus::Pending));

    let read = drives.get(&created.id).await.unwrap();
    assert_eq!(read.etag(), Some(format!("\"v{}\"", read.version).as_str()));
    let confirm = TestDriveUpdate {
        status: Some(TestDriveStatus::Confirmed),
        scheduled_at: Some("2030-06-02T10:00:00Z".into()),
        notes: Some("Bring a licence".into()),
    };
    let confirmed = drives
        .update(&created.id, &confirm)
        .if_match(read.etag())
        .send()
        .await
        .unwrap();
    assert_eq!(confirmed.status, TestDriveStatus::Confirmed);
    assert!(confirmed.scheduled_at.is_some());
    assert_ne!(confirmed.etag(), read.etag());

    let complete = TestDriveUpdate {
        status: Some(TestDriveStatus::Completed),
        ..Default::default()
    };
    assert!(matches!(
        drives
            .update(&created.id, &complete)
            .if_match(read.etag())
            .send()
            .await,
        Err(Error::PreconditionFailed { .. })
    ));
    // The record's version works as well as its tag.
    let done = drives
        .update(&created.id, &complete)
        .if_version(confirmed.version)
        .send()
        .await;
    assert_eq!(done.unwrap().status, TestDriveStatus::Completed);
    // Completed is final: the rule book refuses the move, a 400.
    let reopen = TestDriveUpdate {
        status: Some(TestDriveStatus::Pending),
        ..Default::default()
    };
    match drives.update(&created.id, &reopen).send().await {
        Err(Error::Validation {
            status: 400,
            body: Some(body),
            ..
        }) => {
            assert!(body.error.contains("completed"))
        }
        other => panic!("expected a 400, got {other:?}"),
    }

    let changes: Vec<Change<TestDrive>> = drives
        .changes_stream(cursor, None)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(
        changes[0].data.as_ref().unwrap().status,
        TestDriveStatus::Completed
    );

    assert!(matches!(
        drives.get(&random_id()).await,
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        drives
            .create(&request(&random_id(), "x@example.com"))
            .send()
            .await,
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        drives
            .create(&request(&vehicle.id, "not-an-email"))
            .send()
            .await,
        Err(Error::Validation { status: 400, .. })
    ));
}

#[tokio::test]
async fn the_same_idempotency_key_books_once() {
    let app = spawn_app().await;
    let drives = app.client.test_drives();
    let vehicle = app
        .client
        .vehicles()
        .list(&VehicleQuery::default())
        .await
        .unwrap()
        .items[1]
        .clone();
    let body = request(&vehicle.id, "once@example.com");

    let first = drives
        .create(&body)
        .idempotency_key("form-submission-17")
        .send()
        .await
        .unwrap();
    let again = drives
        .create(&body)
        .idempotency_key("form-submission-17")
        .send()
        .await
        .unwrap();
    assert_eq!(first.id, again.id);
    // Without a shared key, each call is its own request.
    let other = drives.create(&body).send().await.unwrap();
    assert_ne!(other.id, first.id);

    let all: Vec<TestDrive> = drives
        .stream(&TestDriveQuery::new().vehicle(&vehicle.id))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        all.iter().filter(|d| d.email == "once@example.com").count(),
        2
    );
}
