//! Inventory aging (issue 17): `listedDate` and `daysOnLot` on every vehicle, the list's
//! `minDaysOnLot`/`maxDaysOnLot` filters and `daysOnLot` sort, the price history, and the
//! aging stats.

use crate::backend_tests;
use crate::helpers::{spawn_docs_only_app, TestApp};
use serde_json::{json, Value};
use std::collections::BTreeSet;

const DAY_MS: i64 = 86_400_000;

/// Every available vehicle of the first dealer, walking the list.
async fn all_vehicles(app: &TestApp, query: &str) -> Vec<Value> {
    let mut all = Vec::new();
    for page in 1.. {
        let path = format!("/external/vehicles?limit=100&page={page}&{query}");
        let reply = app.get(&path, app.live_key()).await;
        all.extend(reply.data(200).as_array().unwrap().iter().cloned());
        if page >= reply.body["totalPages"].as_u64().unwrap() {
            break;
        }
    }
    all
}

async fn stock(app: &TestApp) -> u64 {
    let summary = app
        .get("/external/vehicles/stats/summary", app.live_key())
        .await;
    summary.data(200)["availableVehicles"].as_u64().unwrap()
}

async fn aging(app: &TestApp) -> Value {
    let stats = app
        .get("/external/vehicles/stats/aging", app.live_key())
        .await;
    stats.data(200).clone()
}

fn ids(vehicles: &[Value]) -> Vec<String> {
    vehicles
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .collect()
}

fn days(vehicle: &Value) -> u64 {
    vehicle["daysOnLot"]
        .as_u64()
        .expect("daysOnLot is a whole number")
}

fn millis(rfc3339: &str) -> i64 {
    let at = time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339);
    (at.unwrap().unix_timestamp_nanos() / 1_000_000) as i64
}

/// Puts every available vehicle of the first dealer half a day into a known number of
/// days on the lot (`i * 7 % 150`, by id order), so no day boundary falls mid-test.
/// Returns (id, days) as set.
async fn known_listing_dates(app: &TestApp) -> Vec<(String, u64)> {
    let mut vehicles = ids(&all_vehicles(app, "").await);
    vehicles.sort();
    let now = carstrel_server::clock::now_ms();
    let mut set = Vec::new();
    for (i, id) in vehicles.into_iter().enumerate() {
        let days = (i as i64 * 7) % 150;
        sqlx::query("UPDATE vehicles SET listed_at = $1 WHERE id = $2")
            .bind(now - days * DAY_MS - DAY_MS / 2)
            .bind(&id)
            .execute(&app.db().pool)
            .await
            .unwrap();
        set.push((id, days as u64));
    }
    // Written behind the API's back: forget remembered pages.
    app.db().memo.everything_changed();
    set
}

backend_tests! {
    async fn vehicles_carry_their_listing_date_and_days_on_the_lot(app: TestApp) {
        let before = carstrel_server::clock::now_ms();
        let vehicles = all_vehicles(&app, "").await;
        let after = carstrel_server::clock::now_ms();
        let mut most = 0;
        for v in &vehicles {
            let listed = millis(v["listedDate"].as_str().expect("listedDate"));
            let days = days(v) as i64;
            // Whole UTC days by the server's clock, rounded down.
            assert!((before - listed) / DAY_MS <= days && days <= (after - listed) / DAY_MS, "{v}");
            most = most.max(days);
        }
        // The demo spreads listings over 0-200 days.
        assert!((100..=200).contains(&most), "{most}");
        let one = &vehicles[0];
        let detail = app.get(&format!("/external/vehicles/{}", one["id"].as_str().unwrap()), app.live_key()).await;
        assert_eq!(detail.data(200)["listedDate"], one["listedDate"]);
        assert_eq!(detail.data(200)["daysOnLot"], one["daysOnLot"]);
        // The feed carries them too.
        let feed = app.get("/external/vehicles/changes?limit=5", app.live_key()).await;
        assert!(feed.data(200)["changes"][0]["data"]["listedDate"].is_string());
    }

    async fn days_on_lot_filter_and_sort_the_list(app: TestApp) {
        let set = known_listing_dates(&app).await;
        let expect = |min: Option<u64>, max: Option<u64>| -> BTreeSet<String> {
            set.iter()
                .filter(|(_, d)| min.is_none_or(|m| *d >= m) && max.is_none_or(|m| *d <= m))
                .map(|(id, _)| id.clone())
                .collect()
        };
        for (query, min, max) in [
            ("minDaysOnLot=60", Some(60), None),
            ("maxDaysOnLot=30", None, Some(30)),
            ("minDaysOnLot=31&maxDaysOnLot=60", Some(31), Some(60)),
            ("minDaysOnLot=0&maxDaysOnLot=0", Some(0), Some(0)),
            ("minDaysOnLot=7&maxDaysOnLot=7", Some(7), Some(7)),
            ("minDaysOnLot=61&maxDaysOnLot=60", Some(61), Some(60)),
            ("minDaysOnLot=4000000000", Some(4_000_000_000), None),
        ] {
            let found = all_vehicles(&app, query).await;
            let got: BTreeSet<String> = ids(&found).into_iter().collect();
            assert_eq!(got, expect(min, max), "{query}");
            assert!(found.iter().all(|v| min.is_none_or(|m| days(v) >= m) && max.is_none_or(|m| days(v) <= m)));
        }
        // With the documented filters.
        let sales = all_vehicles(&app, "listingType=sale&minDaysOnLot=45").await;
        assert!(!sales.is_empty() && sales.iter().all(|v| v["listingType"] == "sale" && days(v) >= 45));
        // Sorted by days on the lot, ties on id ascending, both ways, across pages.
        for order in ["desc", "asc"] {
            let sorted = all_vehicles(&app, &format!("sort=daysOnLot&order={order}")).await;
            assert_eq!(sorted.len(), set.len());
            for pair in sorted.windows(2) {
                let (a, b) = (days(&pair[0]), days(&pair[1]));
                let in_order = if order == "desc" { a > b } else { a < b };
                assert!(in_order || (a == b && pair[0]["id"].as_str() < pair[1]["id"].as_str()), "{order}: {a} then {b}");
            }
            let page_2 = app.get(&format!("/external/vehicles?sort=daysOnLot&order={order}&limit=7&page=2"), app.live_key()).await;
            assert_eq!(ids(page_2.data(200).as_array().unwrap()), ids(&sorted[7..14]));
        }
        for bad in ["minDaysOnLot=-1", "maxDaysOnLot=abc", "minDaysOnLot=", "maxDaysOnLot=1.5", "minDaysOnLot=4294967296"] {
            let message = app.get(&format!("/external/vehicles?{bad}"), app.live_key()).await.assert_error(400).to_owned();
            assert!(message.contains("DaysOnLot must be a non-negative integer"), "{bad}: {message}");
        }
    }

    async fn the_price_history_grows_with_each_price_change(app: TestApp) {
        let key = app.live_key();
        let vehicle = &all_vehicles(&app, "listingType=sale").await[0];
        let id = vehicle["id"].as_str().unwrap();
        let path = format!("/external/vehicles/{id}/price-history");
        let history = app.get(&path, key).await.data(200).as_array().unwrap().clone();
        assert!(!history.is_empty());
        assert_eq!(history[0]["changedDate"], vehicle["listedDate"], "the first entry is the listing");
        assert_eq!(history.last().unwrap()["price"], vehicle["price"], "the last is today's price");
        let new_price = vehicle["price"].as_f64().unwrap() - 500.0;
        let before = carstrel_server::clock::now_ms();
        app.patch(&format!("/external/vehicles/{id}"), key, json!({"price": new_price})).await.data(200);
        let grown = app.get(&path, key).await.data(200).as_array().unwrap().clone();
        assert_eq!(grown.len(), history.len() + 1);
        assert_eq!(grown[..history.len()], history[..], "earlier entries stay as they were");
        assert_eq!(grown.last().unwrap()["price"], new_price);
        assert!(millis(grown.last().unwrap()["changedDate"].as_str().unwrap()) >= before);
        // The same price again, or another field, is no price change.
        app.patch(&format!("/external/vehicles/{id}"), key, json!({"price": new_price, "name": "Renamed"})).await.data(200);
        assert_eq!(app.get(&path, key).await.data(200).as_array().unwrap().len(), grown.len());
        app.patch(&format!("/external/vehicles/{id}"), key, json!({"price": new_price + 100.0})).await.data(200);
        let again = app.get(&path, key).await.data(200).as_array().unwrap().clone();
        assert_eq!(again.len(), grown.len() + 1);
        assert_eq!(again.last().unwrap()["price"], new_price + 100.0);
        // Reading needs inventory:read only; another dealer's vehicle is not found.
        app.get(&path, app.read_only_key()).await.data(200);
        app.get(&path, app.other_org_key()).await.assert_error(404);
        app.get(&format!("/external/vehicles/{}/price-history", uuid::Uuid::new_v4()), key).await.assert_error(404);
        app.get("/external/vehicles/not-an-id/price-history", key).await.assert_error(400);
    }

    async fn older_demo_sale_listings_show_price_drops(app: TestApp) {
        let old = all_vehicles(&app, "listingType=sale&minDaysOnLot=60").await;
        assert!(!old.is_empty());
        for vehicle in old.iter().take(5) {
            let path = format!("/external/vehicles/{}/price-history", vehicle["id"].as_str().unwrap());
            let history = app.get(&path, app.live_key()).await.data(200).as_array().unwrap().clone();
            assert!(history.len() >= 3, "two drops or more after 60 days: {history:?}");
            let prices: Vec<f64> = history.iter().map(|p| p["price"].as_f64().unwrap()).collect();
            assert!(prices.windows(2).all(|w| w[0] > w[1]), "drops: {prices:?}");
            let dates: Vec<&str> = history.iter().map(|p| p["changedDate"].as_str().unwrap()).collect();
            assert!(dates.windows(2).all(|w| w[0] < w[1]), "oldest first: {dates:?}");
        }
    }

    async fn aging_buckets_add_up_to_the_available_stock(app: TestApp) {
        let key = app.live_key();
        let stats = aging(&app).await;
        let labels: Vec<&str> = stats["buckets"].as_array().unwrap().iter().map(|b| b["label"].as_str().unwrap()).collect();
        assert_eq!(labels, ["0-30", "31-60", "61-90", "91+"]);
        assert_eq!(stats["buckets"][3]["maxDays"], Value::Null);
        let counted = |stats: &Value| stats["buckets"].as_array().unwrap().iter().map(|b| b["count"].as_u64().unwrap()).sum::<u64>();
        assert_eq!(counted(&stats), stock(&app).await);

        // With known listing dates, each bucket and the mean are exact.
        let set = known_listing_dates(&app).await;
        let stats = aging(&app).await;
        for bucket in stats["buckets"].as_array().unwrap() {
            let (min, max) = (bucket["minDays"].as_u64().unwrap(), bucket["maxDays"].as_u64().unwrap_or(u64::MAX));
            let expected = set.iter().filter(|(_, d)| (min..=max).contains(d)).count() as u64;
            assert_eq!(bucket["count"], expected, "{bucket}");
        }
        let mean = set.iter().map(|(_, d)| *d as f64).sum::<f64>() / set.len() as f64;
        assert_eq!(stats["averageDaysOnLot"], (mean * 10.0).round() / 10.0);
        // A car sold leaves the stock and its bucket.
        let (sold, _) = &set[0];
        app.patch(&format!("/external/vehicles/{sold}"), key, json!({"status": "sold"})).await.data(200);
        let after = aging(&app).await;
        assert_eq!(counted(&after), set.len() as u64 - 1);
        assert_eq!(counted(&after), stock(&app).await);
        // Each dealer counts its own stock only.
        let theirs = app.get("/external/vehicles/stats/aging", app.other_org_key()).await;
        let their_stock = app.get("/external/vehicles/stats/summary", app.other_org_key()).await;
        assert_eq!(counted(theirs.data(200)), their_stock.data(200)["availableVehicles"].as_u64().unwrap());
    }
}

/// The published API alone lists vehicles as documented: the days-on-lot filters are
/// unknown parameters (ignored), and `daysOnLot` is no sort it offers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_published_api_ignores_the_aging_filters_and_refuses_the_sort() {
    let app = spawn_docs_only_app().await;
    let everything = app.get("/external/vehicles?limit=1", app.live_key()).await;
    let filtered = app
        .get(
            "/external/vehicles?limit=1&minDaysOnLot=100000&maxDaysOnLot=x",
            app.live_key(),
        )
        .await;
    assert_eq!(filtered.data(200), everything.data(200));
    assert_eq!(filtered.body["total"], everything.body["total"]);
    let sorted = app
        .get("/external/vehicles?sort=daysOnLot", app.live_key())
        .await;
    assert_eq!(
        sorted.assert_error(400),
        "sort must be one of createdDate, impressionsCount, year, mileage, price, name (got \"daysOnLot\")"
    );
}
