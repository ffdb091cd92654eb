//! Customers: search, detail with ETag, update with If-Match, stats, changes, scopes.

use crate::helpers::{random_id, spawn_app};
use carstrel_client::prelude::*;
use futures_util::TryStreamExt;

#[tokio::test]
async fn list_search_get_stats_and_changes() {
    let app = spawn_app().await;
    let customers = app.client.customers();

    let all = customers
        .list(&CustomerQuery::default().limit(100))
        .await
        .unwrap();
    assert!(all.total > 0);
    assert_eq!(all.items.len() as u64, all.total);
    let stats = customers.stats().await.unwrap();
    assert_eq!(stats.total_customers, all.total);
    let segments = stats.segment_breakdown;
    assert_eq!(
        segments.new + segments.regular + segments.vip + segments.at_risk,
        all.total
    );

    let target = &all.items[3];
    let by_email = customers
        .list(&CustomerQuery::default().search(&target.user.email))
        .await
        .unwrap();
    assert!(by_email.items.iter().any(|c| c.id == target.id));

    let vips = customers
        .list(
            &CustomerQuery::default()
                .segment(CustomerSegment::Vip)
                .limit(100),
        )
        .await
        .unwrap();
    assert_eq!(vips.total, segments.vip);
    assert!(vips
        .items
        .iter()
        .all(|c| c.classification.customer_segment == CustomerSegment::Vip));

    let by_spend = customers
        .list(
            &CustomerQuery::default()
                .sort_by(CustomerSort::TotalSpent)
                .sort_order(SortOrder::Asc),
        )
        .await
        .unwrap();
    let spent: Vec<f64> = by_spend.items.iter().map(|c| c.stats.total_spent).collect();
    assert!(spent.windows(2).all(|w| w[0] <= w[1]), "{spent:?}");

    let customer = customers.get(&target.id).await.unwrap();
    assert_eq!(customer.id, target.id);
    assert_eq!(
        customer.etag(),
        Some(format!("\"v{}\"", customer.version).as_str())
    );

    let feed: Vec<Change<Customer>> = customers
        .changes_stream(0, Some(7))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(feed.len() as u64, all.total);
    let page = customers.changes(0, Some(5)).await.unwrap();
    assert_eq!(page.changes.len(), 5);
    assert!(page.has_more);
}

#[tokio::test]
async fn if_match_guards_updates() {
    let app = spawn_app().await;
    let customers = app.client.customers();
    let id = customers
        .list(&CustomerQuery::default())
        .await
        .unwrap()
        .items[0]
        .id
        .clone();

    let read = customers.get(&id).await.unwrap();
    let change = CustomerUpdate {
        notes: Some("Prefers weekend calls".into()),
        tags: Some(vec!["weekend".into()]),
        is_vip: Some(true),
        ..Default::default()
    };
    let updated = customers
        .update(&id, &change)
        .if_match(read.etag())
        .send()
        .await
        .unwrap();
    assert_eq!(
        updated.customer.notes.as_deref(),
        Some("Prefers weekend calls")
    );
    assert!(updated.is_vip);
    assert_eq!(updated.customer_segment, CustomerSegment::Vip);
    assert_ne!(updated.etag(), read.etag());
    assert_eq!(updated.customer.version, read.version + 1);

    // Writing with the tag read before that update is refused, and nothing changes.
    let late = CustomerUpdate {
        notes: Some("stale write".into()),
        ..Default::default()
    };
    match customers
        .update(&id, &late)
        .if_match(read.etag())
        .send()
        .await
    {
        Err(Error::PreconditionFailed { body: Some(body) }) => assert_eq!(body.status_code, 412),
        other => panic!("expected PreconditionFailed, got {other:?}"),
    }
    let now = customers.get(&id).await.unwrap();
    assert_eq!(now.notes.as_deref(), Some("Prefers weekend calls"));

    // With the current tag (or none) the write goes through.
    let fresh = customers
        .update(&id, &late)
        .if_match(now.etag())
        .send()
        .await
        .unwrap();
    assert_eq!(fresh.customer.notes.as_deref(), Some("stale write"));
    customers.update(&id, &late).send().await.unwrap();
    assert!(matches!(
        customers
            .update(&id, &late)
            .if_version(read.version)
            .send()
            .await,
        Err(Error::PreconditionFailed { .. })
    ));

    // Rules of the CRM fields come back as 400 with the rule book's message.
    let too_many = CustomerUpdate {
        tags: Some((0..60).map(|i| format!("t{i}")).collect()),
        ..Default::default()
    };
    match customers.update(&id, &too_many).send().await {
        Err(Error::Validation {
            status: 400,
            message,
            ..
        }) => {
            assert!(message.contains("tags"), "{message}")
        }
        other => panic!("expected a 400, got {other:?}"),
    }
    assert!(matches!(
        customers.get(&random_id()).await,
        Err(Error::NotFound { .. })
    ));
}

#[tokio::test]
async fn a_read_only_key_is_forbidden_with_the_missing_scope() {
    let app = spawn_app().await;
    let read_only = app.client_with_key(&app.org().keys.read_only);

    // Inventory is readable...
    read_only
        .vehicles()
        .list(&VehicleQuery::default())
        .await
        .unwrap();
    // ...customers are not, and the error names the scope.
    match read_only.customers().list(&CustomerQuery::default()).await {
        Err(Error::Forbidden {
            missing_scope,
            body,
        }) => {
            assert_eq!(missing_scope, Some(Scope::CustomersRead));
            assert_eq!(body.unwrap().status_code, 403);
        }
        other => panic!("expected Forbidden, got {other:?}"),
    }
    let err = read_only
        .vehicles()
        .update(
            &random_id(),
            &VehicleUpdate {
                mileage: Some(1),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        Error::Forbidden {
            missing_scope: Some(Scope::InventoryWrite),
            ..
        }
    ));
}
