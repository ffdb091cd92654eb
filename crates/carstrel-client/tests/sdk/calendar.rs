//! The calendar and inventory aging through the SDK: `TestDriveQuery::between`, a double
//! booking as `Error::Conflict`, the dealer's settings, the days-on-lot filters and sort,
//! the price history and the aging stats.

use crate::helpers::spawn_app;
use carstrel_client::prelude::*;
use carstrel_client::Error;
use carstrel_testkit::fixtures::first_vehicle;

fn booking(vehicle_id: &str) -> CreateTestDriveRequest {
    CreateTestDriveRequest {
        vehicle_id: vehicle_id.into(),
        name: "Cal Endar".into(),
        email: "cal.sdk@example.com".into(),
        phone: None,
        preferred_date: Some("2031-02-03".into()),
    }
}

#[tokio::test]
async fn a_week_of_drives_a_double_booking_and_the_settings() {
    let app = spawn_app().await;
    let (drives, settings) = (app.client.test_drives(), app.client.settings());
    let vehicle = first_vehicle(&app.client).await;
    assert_eq!(settings.get().await.unwrap(), DealerSettings::default());
    let longer = DealerSettingsUpdate {
        test_drive_minutes: Some(45),
        ..Default::default()
    };
    assert_eq!(
        settings.update(&longer).await.unwrap().test_drive_minutes,
        45
    );

    let first = drives.create(&booking(&vehicle.id)).send().await.unwrap();
    let second = drives.create(&booking(&vehicle.id)).send().await.unwrap();
    let week = TestDriveQuery::new().between("2031-02-02", "2031-02-09");
    let listed = drives.list(&week).await.unwrap();
    // Both ask for the same slot: their order is the tie-break's, not the test's concern.
    let mut ids: Vec<&str> = listed.items.iter().map(|d| d.id.as_str()).collect();
    ids.sort_unstable();
    let mut booked = [first.id.as_str(), second.id.as_str()];
    booked.sort_unstable();
    assert_eq!(ids, booked);
    assert!(drives
        .list(&TestDriveQuery::new().from("2031-02-04"))
        .await
        .unwrap()
        .items
        .is_empty());

    let confirm = |at: &str| TestDriveUpdate {
        status: Some(TestDriveStatus::Confirmed),
        scheduled_at: Some(at.into()),
        ..Default::default()
    };
    let ten = confirm("2031-02-03T10:00:00Z");
    let confirmed = drives.update(&first.id, &ten).send().await.unwrap();
    assert_eq!(confirmed.duration_minutes, 45);
    let clash = confirm("2031-02-03T10:30:00Z");
    match drives.update(&second.id, &clash).send().await {
        Err(Error::Conflict { body: Some(body) }) => assert!(body.error.contains(&first.id)),
        other => panic!("expected a double booking, got {other:?}"),
    }
    let later = confirm("2031-02-03T10:45:00Z");
    drives.update(&second.id, &later).send().await.unwrap();

    let bad = DealerSettingsUpdate {
        no_show_after_minutes: Some(-5),
        ..Default::default()
    };
    assert!(matches!(
        settings.update(&bad).await,
        Err(Error::Validation { status: 400, .. })
    ));
}

#[tokio::test]
async fn aging_filters_price_history_and_stats() {
    let app = spawn_app().await;
    let vehicles = app.client.vehicles();
    let old = VehicleQuery::default()
        .min_days_on_lot(60)
        .sort(VehicleSort::DaysOnLot)
        .order(SortOrder::Desc)
        .limit(100);
    let page = vehicles.list(&old).await.unwrap();
    assert!(!page.items.is_empty());
    let days: Vec<u32> = page.items.iter().map(|v| v.days_on_lot.unwrap()).collect();
    assert!(days.iter().all(|d| *d >= 60) && days.windows(2).all(|w| w[0] >= w[1]));
    let young = VehicleQuery::default().max_days_on_lot(30).limit(100);
    assert!(vehicles
        .list(&young)
        .await
        .unwrap()
        .items
        .iter()
        .all(|v| v.days_on_lot.unwrap() <= 30 && v.listed_date.is_some()));

    let car = &page.items[0];
    let before = vehicles.price_history(&car.id).await.unwrap();
    assert_eq!(before.last().unwrap().price, car.price.unwrap());
    let cheaper = VehicleUpdate {
        price: Some((car.price.unwrap() * 0.9).round()),
        ..Default::default()
    };
    vehicles.update(&car.id, &cheaper).await.unwrap();
    let after = vehicles.price_history(&car.id).await.unwrap();
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(after.last().unwrap().price, cheaper.price.unwrap());

    let aging = vehicles.aging().await.unwrap();
    let stock = vehicles.stats().await.unwrap().available_vehicles;
    assert_eq!(aging.buckets.iter().map(|b| b.count).sum::<u64>(), stock);
    assert_eq!(aging.buckets.len(), 4);
}
