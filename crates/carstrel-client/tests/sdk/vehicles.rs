//! Vehicles: filters, detail, stats, the changes feed, update and delete.

use crate::helpers::{random_id, spawn_app};
use carstrel_client::prelude::*;
use futures_util::TryStreamExt;
use std::collections::HashSet;

#[tokio::test]
async fn filters_sort_and_detail() {
    let app = spawn_app().await;
    let vehicles = app.client.vehicles();

    let all = vehicles.list(&VehicleQuery::default()).await.unwrap();
    assert!(all.total > 0);
    assert_eq!(all.limit, VEHICLES_DEFAULT_LIMIT);

    let sales = VehicleQuery::default()
        .listing_type(ListingType::Sale)
        .sort(VehicleSort::Price)
        .order(SortOrder::Asc)
        .limit(100);
    let page = vehicles.list(&sales).await.unwrap();
    assert!(!page.items.is_empty() && page.total < all.total);
    assert!(page
        .items
        .iter()
        .all(|v| v.listing_type == ListingType::Sale && v.sale_options.is_some()));
    let prices: Vec<f64> = page.items.iter().map(|v| v.price.unwrap()).collect();
    assert!(
        prices.windows(2).all(|w| w[0] <= w[1]),
        "sorted by price: {prices:?}"
    );

    // Year and price ranges, brand, model and body type, as typed filters.
    let sample = &page.items[page.items.len() / 2];
    let price = sample.price.unwrap();
    let narrow = VehicleQuery::default()
        .listing_type(ListingType::Sale)
        .years(sample.year, sample.year)
        .prices(price, price)
        .brand(&sample.model.brand.id)
        .model(&sample.model.id);
    let narrow = match &sample.model.body_type {
        Some(body) => narrow.body_type(&body.id),
        None => narrow,
    };
    let found = vehicles.list(&narrow).await.unwrap();
    assert!(found.items.iter().any(|v| v.id == sample.id));
    assert!(found
        .items
        .iter()
        .all(|v| v.year == sample.year && v.price == Some(price)));

    let before = sample.impressions_count;
    let detail = vehicles.get(&sample.id).await.unwrap();
    assert_eq!(detail.id, sample.id);
    assert_eq!(detail.impressions_count, before + 1);

    let stats = vehicles.stats().await.unwrap();
    assert_eq!(stats.available_vehicles, all.total);
    let by_type = stats.by_listing_type;
    assert_eq!(
        by_type.sale + by_type.rental + by_type.auction,
        stats.total_vehicles
    );
}

#[tokio::test]
async fn update_and_delete_show_in_the_changes_feed() {
    let app = spawn_app().await;
    let vehicles = app.client.vehicles();
    let stats = vehicles.stats().await.unwrap();

    // The feed, a page at a time, holds every vehicle once.
    let first = vehicles.changes(0, Some(10)).await.unwrap();
    assert_eq!(first.changes.len(), 10);
    assert!(first.has_more);
    let all: Vec<Change<Vehicle>> = vehicles
        .changes_stream(0, Some(25))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len() as u64, stats.total_vehicles);
    let ids: HashSet<_> = all.iter().map(|c| c.id.clone()).collect();
    assert_eq!(ids.len(), all.len());
    let cursor = all.last().unwrap().seq;

    // Vehicles with test drives cannot be deleted; the others can.
    let drives: Vec<TestDrive> = app
        .client
        .test_drives()
        .stream(&TestDriveQuery::new().limit(100))
        .try_collect()
        .await
        .unwrap();
    let booked: HashSet<_> = drives.iter().map(|d| d.vehicle_id.clone()).collect();
    let listed = vehicles
        .list(&VehicleQuery::default().limit(100))
        .await
        .unwrap();
    let free = listed
        .items
        .iter()
        .find(|v| !booked.contains(&v.id))
        .unwrap();
    let taken = listed
        .items
        .iter()
        .find(|v| booked.contains(&v.id))
        .unwrap();

    let change = VehicleUpdate {
        price: Some(12_345.0),
        mileage: Some(42),
        ..Default::default()
    };
    let updated = vehicles.update(&taken.id, &change).await.unwrap();
    assert_eq!((updated.price, updated.mileage), (Some(12_345.0), 42));
    assert!(matches!(
        vehicles.delete(&taken.id).await,
        Err(Error::Conflict { body: Some(_) })
    ));

    vehicles.delete(&free.id).await.unwrap();
    assert!(matches!(
        vehicles.get(&free.id).await,
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        vehicles.delete(&random_id()).await,
        Err(Error::NotFound { .. })
    ));

    let later: Vec<Change<Vehicle>> = vehicles
        .changes_stream(cursor, None)
        .try_collect()
        .await
        .unwrap();
    let upsert = later
        .iter()
        .find(|c| c.id == taken.id)
        .expect("the update is in the feed");
    assert_eq!(upsert.op, ChangeOp::Upsert);
    assert_eq!(upsert.data.as_ref().unwrap().price, Some(12_345.0));
    let tombstone = later
        .iter()
        .find(|c| c.id == free.id)
        .expect("the delete is in the feed");
    assert_eq!(
        (tombstone.op, tombstone.data.is_none()),
        (ChangeOp::Delete, true)
    );
}

#[tokio::test]
async fn invalid_updates_and_queries_are_validation_errors() {
    let app = spawn_app().await;
    let vehicles = app.client.vehicles();
    let id = vehicles.list(&VehicleQuery::default()).await.unwrap().items[0]
        .id
        .clone();

    match vehicles
        .update(
            &id,
            &VehicleUpdate {
                price: Some(-1.0),
                ..Default::default()
            },
        )
        .await
    {
        Err(Error::Validation {
            status: 400,
            message,
            body,
        }) => {
            assert!(message.contains("price"), "{message}");
            assert_eq!(body.unwrap().status_code, 400);
        }
        other => panic!("expected a 400, got {other:?}"),
    }
    match vehicles.list(&VehicleQuery::default().limit(1000)).await {
        Err(Error::Validation {
            status: 400,
            message,
            ..
        }) => {
            assert!(message.contains("limit"), "{message}")
        }
        other => panic!("expected a 400, got {other:?}"),
    }
    assert!(matches!(
        vehicles.changes(-1, None).await,
        Err(Error::Validation { status: 400, .. })
    ));
}
