//! Resilience: a tiny rate limit, dropped connections, gateway errors, hanging servers,
//! and which requests may be retried.

use crate::helpers::{spawn_app, spawn_app_with, Fault};
use carstrel_client::prelude::*;
use carstrel_testkit::fixtures::{first_customer, first_vehicle};
use carstrel_testkit::ServerConfig;
use futures_util::future::join_all;
use std::time::{Duration, Instant};

#[tokio::test]
async fn a_tiny_rate_limit_makes_the_client_wait_and_succeed() {
    let app = spawn_app_with(ServerConfig {
        rate_limit_window_secs: 2,
        ..Default::default()
    })
    .await;
    let key = app.new_key(Some(vec![Scope::InventoryRead]), Some(3)).await;

    // Seven calls on a budget of three per two-second window: the client waits out the
    // window (X-RateLimit-Reset) instead of failing.
    let client = app.client_with_key(&key);
    let started = Instant::now();
    for _ in 0..7 {
        client
            .metadata()
            .engine_types()
            .await
            .expect("the client waits and succeeds");
    }
    assert!(
        started.elapsed() >= Duration::from_millis(1900),
        "{:?}",
        started.elapsed()
    );
    let state = client.rate_limit().unwrap();
    assert_eq!(state.limit, 3);
    assert!(state.remaining < 3);

    // Eight calls at once from a client that knows nothing yet: most get 429 with
    // Retry-After, wait, and retry until they are through.
    let fresh = app.client_with_key(&key);
    let calls = (0..8).map(|_| fresh.metadata().drivetrain_types());
    for result in join_all(calls).await {
        assert_eq!(result.expect("every call eventually succeeds").len(), 4);
    }
}

#[tokio::test]
async fn dropped_connections_are_retried() {
    let app = spawn_app().await;
    let proxy = app.proxy().await;
    proxy.fail_next(2, Fault::Drop);
    let client = app.client_via(&proxy);

    let body_types = client
        .metadata()
        .body_types()
        .await
        .expect("third attempt succeeds");
    assert!(!body_types.is_empty());
    assert_eq!(
        proxy.connections(),
        3,
        "two dropped attempts and one that went through"
    );
}

#[tokio::test]
async fn a_retried_post_reuses_its_idempotency_key_and_books_once() {
    let app = spawn_app().await;
    let proxy = app.proxy().await;
    proxy.fail_next(1, Fault::LoseReply);
    let client = app.client_via(&proxy);
    let vehicle = first_vehicle(&app.client).await;

    let request = CreateTestDriveRequest {
        vehicle_id: vehicle.id.clone(),
        name: "Lost Response".into(),
        email: "lost.response@example.com".into(),
        phone: None,
        preferred_date: None,
    };
    let drive = client
        .test_drives()
        .create(&request)
        .send()
        .await
        .expect("the retry gets the replay");
    assert_eq!(proxy.connections(), 2);

    let booked: Vec<TestDrive> = app
        .client
        .test_drives()
        .list(&TestDriveQuery::new().vehicle(&vehicle.id).limit(100))
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|d| d.email == "lost.response@example.com")
        .collect();
    assert_eq!(
        booked.len(),
        1,
        "the server processed the first attempt; the retry replayed it"
    );
    assert_eq!(booked[0].id, drive.id);
}

#[tokio::test]
async fn a_patch_is_not_retried_after_a_dropped_connection() {
    let app = spawn_app().await;
    let id = first_customer(&app.client).await.id;
    let proxy = app.proxy().await;
    proxy.fail_next(1, Fault::Drop);
    let client = app.client_via(&proxy);

    let change = CustomerUpdate {
        notes: Some("once".into()),
        ..Default::default()
    };
    let err = client
        .customers()
        .update(&id, &change)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Network(_)), "{err:?}");
    assert_eq!(
        proxy.connections(),
        1,
        "a PATCH without idempotency is not resent"
    );
}

#[tokio::test]
async fn a_patch_with_an_idempotency_key_survives_a_lost_reply_and_applies_once() {
    let app = spawn_app().await;
    let original = first_customer(&app.client).await;
    let proxy = app.proxy().await;
    proxy.fail_next(1, Fault::LoseReply);
    let client = app.client_via(&proxy);

    let change = CustomerUpdate {
        notes: Some("sent from the outbox".into()),
        ..Default::default()
    };
    let updated = client
        .customers()
        .update(&original.id, &change)
        .if_version(original.version)
        .idempotency_key("outbox-entry-7")
        .send()
        .await
        .expect("the retry is answered with the first reply, not a 412");
    assert_eq!(proxy.connections(), 2, "the lost reply was retried once");
    assert_eq!(
        updated.customer.version,
        original.version + 1,
        "applied once"
    );
    let now = app
        .client
        .customers()
        .get(&original.id)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(now.version, original.version + 1);
    assert_eq!(now.notes.as_deref(), Some("sent from the outbox"));
}

#[tokio::test]
async fn gateway_errors_are_retried_then_reported_with_their_body() {
    let app = spawn_app().await;
    let flaky = app.proxy().await;
    flaky.fail_next(2, Fault::Unavailable);
    let client = app.client_via(&flaky);
    client
        .metadata()
        .engines()
        .await
        .expect("the third attempt goes through");
    assert_eq!(flaky.connections(), 3);

    let down = app.proxy().await;
    down.fail_all(Fault::Unavailable);
    let client = app.builder_via(&down).max_retries(2).build().unwrap();
    match client.metadata().engines().await {
        Err(Error::Server {
            status: 503,
            body: Some(body),
        }) => {
            assert_eq!(body.error, "upstream is restarting")
        }
        other => panic!("expected a 503 Server error, got {other:?}"),
    }
    assert_eq!(down.connections(), 3, "one attempt and two retries");
}

#[tokio::test]
async fn timeouts_and_the_time_budget_bound_a_hanging_server() {
    let app = spawn_app().await;
    let hang = app.proxy().await;
    hang.fail_all(Fault::Stall);

    // Each attempt times out; the client retries, then reports the timeout.
    let client = app
        .builder_via(&hang)
        .timeout(Duration::from_millis(200))
        .max_retries(2)
        .build()
        .unwrap();
    let err = client.metadata().engines().await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(hang.connections(), 3);

    // The total budget cuts a long attempt short.
    let client = app
        .builder_via(&hang)
        .timeout(Duration::from_secs(20))
        .time_budget(Duration::from_millis(600))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.metadata().engines().await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );

    let client = app.builder().time_budget(Duration::ZERO).build().unwrap();
    assert!(matches!(
        client.metadata().engines().await,
        Err(Error::BudgetExhausted { .. })
    ));
}
