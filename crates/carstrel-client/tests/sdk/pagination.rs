//! Pagination: streams cross pages, end at the envelope's total, and fetch lazily.

use crate::helpers::spawn_app;
use carstrel_client::prelude::*;
use futures_util::{StreamExt, TryStreamExt};
use std::collections::HashSet;

#[tokio::test]
async fn streams_walk_every_page_to_the_total() {
    let app = spawn_app().await;

    let query = VehicleQuery::default()
        .limit(7)
        .sort(VehicleSort::Name)
        .order(SortOrder::Asc);
    let first = app.client.vehicles().list(&query).await.unwrap();
    assert!(first.total_pages > 3, "several pages: {first:?}");
    let before = app.client.rate_limit().unwrap().remaining;
    let all: Vec<Vehicle> = app
        .client
        .vehicles()
        .stream(&query)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len() as u64, first.total);
    let ids: HashSet<_> = all.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids.len(), all.len(), "no vehicle twice");
    assert_eq!(all[..7], first.items[..]);
    // One request per page.
    let used = before - app.client.rate_limit().unwrap().remaining;
    assert_eq!(used, first.total_pages);

    // Starting from a later page skips the earlier ones.
    let rest: Vec<Vehicle> = app
        .client
        .vehicles()
        .stream(&query.clone().page(2))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rest.len() as u64, first.total - 7);

    let customers = CustomerQuery::default().limit(4);
    let total = app.client.customers().list(&customers).await.unwrap().total;
    let every: Vec<Customer> = app
        .client
        .customers()
        .stream(&customers)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(every.len() as u64, total);

    let drives = TestDriveQuery::new().limit(3);
    let total = app.client.test_drives().list(&drives).await.unwrap().total;
    let every: Vec<TestDrive> = app
        .client
        .test_drives()
        .stream(&drives)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(every.len() as u64, total);

    // An empty result is an empty stream.
    let none = VehicleQuery::default().years(1800, 1801);
    assert_eq!(app.client.vehicles().stream(&none).count().await, 0);
}

#[tokio::test]
async fn pages_are_fetched_only_as_the_stream_reaches_them() {
    let app = spawn_app().await;
    app.client.metadata().body_types().await.unwrap();
    let before = app.client.rate_limit().unwrap().remaining;

    let query = VehicleQuery::default().limit(5);
    let mut stream = app.client.vehicles().stream(&query);
    for _ in 0..5 {
        stream.try_next().await.unwrap().unwrap();
    }
    assert_eq!(before - app.client.rate_limit().unwrap().remaining, 1);
    stream.try_next().await.unwrap().unwrap();
    assert_eq!(before - app.client.rate_limit().unwrap().remaining, 2);
}
