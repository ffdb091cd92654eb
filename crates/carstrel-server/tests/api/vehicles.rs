//! `GET /external/vehicles` (filters, sorts, paging), the detail's impressions, and the
//! stats summary.

use crate::helpers::{TestApp, DEMO_VEHICLES};
use crate::{backend_tests, documented_tests};
use serde_json::Value;

/// Every documented field of a vehicle, present even when null.
const VEHICLE_FIELDS: [&str; 21] = [
    "id",
    "name",
    "slug",
    "description",
    "year",
    "mileage",
    "exteriorColor",
    "interiorColor",
    "listingType",
    "status",
    "model",
    "engine",
    "media",
    "saleOptions",
    "rentalOptions",
    "auctionOptions",
    "features",
    "pickupDetails",
    "createdDate",
    "updatedDate",
    "impressionsCount",
];

/// Renames vehicle `id` as a second server on the same database does: the change counter
/// advanced and the vehicle's `change_seq` set in one transaction, and no word to this
/// server's memo.
async fn write_as_another_server(app: &TestApp, id: &str, name: &str) {
    let mut tx = app.db().pool.begin().await.unwrap();
    sqlx::query("UPDATE change_counter SET value = value + 1 WHERE id = 1")
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query(
        "UPDATE vehicles SET name = $1, change_seq = (SELECT value FROM change_counter WHERE id = 1) \
         WHERE id = $2",
    )
    .bind(name)
    .bind(id)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

/// The live key's page for `query` once the memo serves it (on PostgreSQL, once this
/// server hears the others).
async fn remembered_page(
    app: &TestApp,
    query: &carstrel_model::VehicleQuery,
) -> std::sync::Arc<carstrel_server::memo::CachedPage> {
    let caller = live_caller(app).await;
    let list_page = || carstrel_server::store::vehicles::list_page(app.db(), &caller, query);
    let mut page = list_page().await.unwrap();
    for _ in 0..100 {
        let again = list_page().await.unwrap();
        if std::sync::Arc::ptr_eq(&again, &page) {
            return page;
        }
        page = again;
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the page is never served from memory");
}

/// The page for `query` that the memo holds once a request past `PAGE_TTL` has had it
/// refreshed in the background.
async fn refreshed_page(
    app: &TestApp,
    query: &carstrel_model::VehicleQuery,
) -> std::sync::Arc<carstrel_server::memo::CachedPage> {
    let caller = live_caller(app).await;
    let list_page = || carstrel_server::store::vehicles::list_page(app.db(), &caller, query);
    tokio::time::sleep(carstrel_server::memo::PAGE_TTL + std::time::Duration::from_millis(100))
        .await;
    let stale = list_page().await.unwrap();
    for _ in 0..100 {
        let page = list_page().await.unwrap();
        if !std::sync::Arc::ptr_eq(&page, &stale) {
            return page;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the page was never refreshed");
}

async fn live_caller(app: &TestApp) -> carstrel_server::tenant::Caller {
    carstrel_server::store::keys::find_active(app.db(), app.live_key())
        .await
        .unwrap()
        .expect("the live key")
        .caller
        .clone()
}

async fn list(app: &TestApp, query: &str) -> (Vec<Value>, Value) {
    let reply = app
        .get(&format!("/external/vehicles?{query}"), app.live_key())
        .await;
    (reply.data(200).as_array().unwrap().clone(), reply.body)
}

documented_tests! {
    async fn the_list_has_the_documented_defaults_and_shape(app: TestApp) {
        let (vehicles, body) = list(&app, "").await;
        assert_eq!(body["page"], 1);
        assert_eq!(body["limit"], 20);
        let total = body["total"].as_u64().unwrap();
        assert!(total > 20 && total <= DEMO_VEHICLES as u64, "only available vehicles are listed: {total}");
        assert_eq!(body["totalPages"].as_u64().unwrap(), total.div_ceil(20));
        assert_eq!(vehicles.len(), 20);
        let v = &vehicles[0];
        for field in VEHICLE_FIELDS {
            assert!(v.get(field).is_some(), "vehicle lacks {field}: {v}");
        }
        assert_eq!(v["status"], "available");
        for field in ["id", "name", "slug", "brand", "bodyType"] {
            assert!(v["model"].get(field).is_some(), "model lacks {field}");
        }
        assert!(v["model"]["brand"]["logoUrl"].is_string());
        assert!(v["model"]["bodyType"]["code"].is_string());
        let media = &v["media"][0];
        for field in ["id", "url", "type", "category", "isFeatured", "sortOrder"] {
            assert!(media.get(field).is_some(), "media lacks {field}");
        }
        for group in ["safety", "exterior", "interior", "entertainment"] {
            assert!(v["features"][group].is_array());
        }
        assert!(v["pickupDetails"]["address"].is_string() && v["pickupDetails"]["locationName"].is_string());
        assert!(v["engine"]["type"].is_string() && v["engine"]["horsepower"].is_number());
        // The options block matches the listing type.
        let sale = vehicles.iter().find(|v| v["listingType"] == "sale").expect("a sale listing");
        for field in ["price", "isNegotiable", "financingAvailable"] {
            assert!(sale["saleOptions"].get(field).is_some());
        }
        // Newest first by default.
        let dates: Vec<&str> = vehicles.iter().map(|v| v["createdDate"].as_str().unwrap()).collect();
        assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    }

    async fn engines_fit_their_brands(app: TestApp) {
        let mut vehicles = Vec::new();
        for page in 1..=3 {
            let (items, _) = list(&app, &format!("limit=100&page={page}")).await;
            vehicles.extend(items);
        }
        for v in &vehicles {
            let brand = v["model"]["brand"]["name"].as_str().unwrap();
            let electric_brand = matches!(brand, "Tesla" | "Polestar" | "Rivian" | "Lucid");
            let electric_engine = v["engine"]["type"] == "electric";
            assert_eq!(electric_brand, electric_engine, "{}: {}", v["name"], v["engine"]["name"]);
        }
    }

    async fn pages_cover_every_vehicle_once(app: TestApp) {
        let (_, body) = list(&app, "limit=7").await;
        let total = body["total"].as_u64().unwrap() as usize;
        let mut seen = Vec::new();
        for page in 1..=body["totalPages"].as_u64().unwrap() {
            let (items, _) = list(&app, &format!("limit=7&page={page}")).await;
            seen.extend(items.into_iter().map(|v| v["id"].as_str().unwrap().to_owned()));
        }
        assert_eq!(seen.len(), total);
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), total, "a vehicle appeared on two pages");
        let (beyond, _) = list(&app, "limit=7&page=1000").await;
        assert!(beyond.is_empty());
        let (hundred, body) = list(&app, "limit=100").await;
        assert_eq!(body["limit"], 100);
        assert_eq!(hundred.len(), total.min(100));
    }

    async fn every_filter_narrows_to_matching_vehicles(app: TestApp) {
        let (all, _) = list(&app, "limit=100").await;
        for kind in ["sale", "rental", "auction"] {
            let (items, _) = list(&app, &format!("listingType={kind}&limit=100")).await;
            let expected = all.iter().filter(|v| v["listingType"] == kind).count();
            assert_eq!(items.len(), expected, "{kind}");
            assert!(items.iter().all(|v| v["listingType"] == kind));
        }
        let sample = &all[0];
        for (param, pointer) in [("brandId", "/model/brand/id"), ("modelId", "/model/id"), ("bodyTypeId", "/model/bodyType/id")] {
            let id = sample.pointer(pointer).unwrap().as_str().unwrap();
            let (items, _) = list(&app, &format!("{param}={id}&limit=100")).await;
            let expected = all.iter().filter(|v| v.pointer(pointer).unwrap() == id).count();
            assert_eq!(items.len(), expected, "{param}");
            assert!(expected >= 1);
        }
        let (items, _) = list(&app, "minYear=2018&maxYear=2022&limit=100").await;
        let expected = all.iter().filter(|v| (2018..=2022).contains(&v["year"].as_i64().unwrap())).count();
        assert_eq!(items.len(), expected);
        let (items, _) = list(&app, "minPrice=10000&maxPrice=50000&limit=100").await;
        let in_range = |v: &Value| v["price"].as_f64().is_some_and(|p| (10_000.0..=50_000.0).contains(&p));
        assert_eq!(items.len(), all.iter().filter(|v| in_range(v)).count());
        assert!(items.iter().all(in_range));
        // Combined: the documented example.
        let (items, _) = list(&app, "listingType=sale&minYear=2020&maxPrice=50000&limit=100").await;
        assert!(items.iter().all(|v| v["listingType"] == "sale" && v["year"].as_i64().unwrap() >= 2020 && v["price"].as_f64().unwrap() <= 50_000.0));
    }

    async fn every_sort_orders_both_ways(app: TestApp) {
        for (sort, field) in [("createdDate", "createdDate"), ("impressionsCount", "impressionsCount"), ("year", "year"), ("mileage", "mileage"), ("price", "price"), ("name", "name")] {
            for order in ["asc", "desc"] {
                let (items, _) = list(&app, &format!("sort={sort}&order={order}&limit=100")).await;
                let keys: Vec<&Value> = items.iter().map(|v| &v[field]).collect();
                let ordered = keys.windows(2).all(|w| {
                    let cmp = match (w[0].as_f64(), w[1].as_f64()) {
                        (Some(a), Some(b)) => a.partial_cmp(&b).unwrap(),
                        _ => w[0].as_str().unwrap().cmp(w[1].as_str().unwrap()),
                    };
                    if order == "asc" { cmp.is_le() } else { cmp.is_ge() }
                });
                assert!(ordered, "sort={sort}&order={order}: {keys:?}");
            }
        }
    }

    async fn the_detail_counts_an_impression(app: TestApp) {
        let (items, _) = list(&app, "").await;
        let id = items[0]["id"].as_str().unwrap();
        let path = format!("/external/vehicles/{id}");
        let first = app.get(&path, app.live_key()).await.data(200).clone();
        let second = app.get(&path, app.live_key()).await.data(200).clone();
        assert_eq!(second["impressionsCount"].as_i64().unwrap(), first["impressionsCount"].as_i64().unwrap() + 1);
        for field in VEHICLE_FIELDS {
            assert!(second.get(field).is_some(), "detail lacks {field}");
        }
        // Views move a vehicle up the popularity sort: the runner-up, viewed enough, leads.
        let (popular, _) = list(&app, "sort=impressionsCount&order=desc").await;
        let count = |v: &Value| v["impressionsCount"].as_i64().unwrap();
        let runner_up = popular[1]["id"].as_str().unwrap();
        for _ in 0..=(count(&popular[0]) - count(&popular[1])) {
            app.get(&format!("/external/vehicles/{runner_up}"), app.live_key()).await.data(200);
        }
        let (popular, _) = list(&app, "sort=impressionsCount&order=desc").await;
        assert_eq!(popular[0]["id"], runner_up);
        app.get(&format!("/external/vehicles/{}", uuid::Uuid::new_v4()), app.live_key()).await.assert_error(404);
    }

    async fn the_stats_summary_adds_up(app: TestApp) {
        let stats = app.get("/external/vehicles/stats/summary", app.live_key()).await.data(200).clone();
        let total = stats["totalVehicles"].as_u64().unwrap();
        let available = stats["availableVehicles"].as_u64().unwrap();
        assert_eq!(total, DEMO_VEHICLES as u64, "totalVehicles counts every status");
        let (_, body) = list(&app, "").await;
        assert_eq!(available, body["total"].as_u64().unwrap());
        let by_type = &stats["byListingType"];
        let sum = |v: &Value| v.as_object().unwrap().values().map(|n| n.as_u64().unwrap()).sum::<u64>();
        assert_eq!(by_type["sale"].as_u64().unwrap() + by_type["rental"].as_u64().unwrap() + by_type["auction"].as_u64().unwrap(), sum(by_type));
        assert_eq!(sum(by_type), sum(&stats["byBodyType"]));
        assert_eq!(sum(by_type), sum(&stats["byBrand"]));
        // Breakdowns count the whole inventory, as in the docs' example (15 + 8 + 2 = 25).
        assert_eq!(sum(by_type), total);
        assert!(available < total, "the demo has sold and reserved vehicles too");
    }
}

backend_tests! {
    async fn the_list_shows_this_servers_changes_at_once(app: TestApp) {
        // The list is served from remembered pages; every write here must retire them.
        let (items, body) = list(&app, "sort=price&order=asc&limit=5").await;
        let total = body["total"].as_u64().unwrap();
        let cheapest = items[0]["id"].as_str().unwrap().to_owned();
        let path = format!("/external/vehicles/{cheapest}");
        app.patch(&path, app.live_key(), serde_json::json!({"name": "Renamed just now"})).await.data(200);
        let (items, _) = list(&app, "sort=price&order=asc&limit=5").await;
        assert_eq!(items[0]["name"], "Renamed just now");

        app.patch(&path, app.live_key(), serde_json::json!({"status": "sold"})).await.data(200);
        let (items, body) = list(&app, "sort=price&order=asc&limit=5").await;
        assert_ne!(items[0]["id"], cheapest.as_str(), "a sold vehicle leaves the list");
        assert_eq!(body["total"].as_u64().unwrap(), total - 1);

        // The other environment's pages are untouched and still right.
        let test_env = app.get("/external/vehicles?limit=1", app.test_key()).await;
        assert_eq!(test_env.data(200).as_array().unwrap().len(), 1);
        assert_ne!(test_env.body["data"][0]["id"], cheapest.as_str());

        // The same page twice is the same bytes and the same ETag; a change gives a new one.
        let first = app.get("/external/vehicles?limit=3", app.live_key()).await;
        let etag = first.header("etag").expect("an ETag").to_owned();
        let again = app.request(reqwest::Method::GET, "/external/vehicles?limit=3", Some(app.live_key()), None, &[("if-none-match", &etag)]).await;
        assert_eq!(again.status, 304);
        let newest = first.data(200)[0]["id"].as_str().unwrap();
        app.patch(&format!("/external/vehicles/{newest}"), app.live_key(), serde_json::json!({"mileage": 12})).await.data(200);
        let changed = app.request(reqwest::Method::GET, "/external/vehicles?limit=3", Some(app.live_key()), None, &[("if-none-match", &etag)]).await;
        assert_eq!(changed.status, 200);
        assert_eq!(changed.data(200)[0]["mileage"], 12);
    }

    async fn changes_by_another_server_show_within_the_page_ttl(app: TestApp) {
        let (items, _) = list(&app, "sort=name&order=asc").await;
        let id = items[0]["id"].as_str().unwrap().to_owned();
        // As a second server sharing the database would: straight to the tables, with
        // the change counter advanced as every write of a record advances it.
        write_as_another_server(&app, &id, "Zz renamed elsewhere").await;
        // Past PAGE_TTL the next request refreshes the page in the background (and may
        // still get the old copy); the change shows moments later.
        tokio::time::sleep(carstrel_server::memo::PAGE_TTL + std::time::Duration::from_millis(100)).await;
        let mut seen = false;
        for _ in 0..50 {
            let (items, _) = list(&app, "sort=name&order=asc").await;
            if items[0]["id"] != id.as_str() {
                seen = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert!(seen, "the other server's rename never showed");
        let (items, _) = list(&app, "sort=name&order=desc").await;
        assert_eq!(items[0]["name"], "Zz renamed elsewhere");
    }

    async fn a_page_nothing_changed_is_kept_past_the_page_ttl_without_reading_it_again(app: TestApp) {
        let query = carstrel_model::VehicleQuery { limit: Some(5), ..Default::default() };
        let first = remembered_page(&app, &query).await;
        let kept = refreshed_page(&app, &query).await;
        assert_eq!(kept.body.as_ptr(), first.body.as_ptr(), "kept, not read again");

        // Another server's write (through the counter) has it read again.
        let shown: Value = serde_json::from_slice(&first.body).unwrap();
        let id = shown["data"][0]["id"].as_str().unwrap().to_owned();
        write_as_another_server(&app, &id, "Renamed by another server").await;
        let read = refreshed_page(&app, &query).await;
        assert_ne!(read.body.as_ptr(), first.body.as_ptr());
        let shown: Value = serde_json::from_slice(&read.body).unwrap();
        assert_eq!(shown["data"][0]["name"], "Renamed by another server");

        // A page bounded by days on the lot changes with the clock: always read again.
        let bounded = carstrel_model::VehicleQuery { min_days_on_lot: Some(0), ..query };
        let first = remembered_page(&app, &bounded).await;
        let read = refreshed_page(&app, &bounded).await;
        assert_ne!(read.body.as_ptr(), first.body.as_ptr(), "read again");
    }

    async fn an_invalid_query_is_refused_whether_or_not_a_valid_page_is_remembered(app: TestApp) {
        // Each invalid value once had the same memo key as the value left out (NaN and
        // infinities serialize as null), so it was served the remembered page.
        let invalid = ["minPrice=NaN&limit=7", "maxPrice=inf&limit=7", "minPrice=-inf&maxPrice=NaN&limit=7"];
        for query in invalid {
            app.get(&format!("/external/vehicles?{query}"), app.live_key()).await.assert_error(400);
        }
        let (items, _) = list(&app, "limit=7").await;
        assert_eq!(items.len(), 7);
        for query in invalid {
            let reply = app.get(&format!("/external/vehicles?{query}"), app.live_key()).await;
            assert_eq!(reply.status, 400, "{query} after a valid page was remembered: {}", reply.body);
            reply.assert_error(400);
        }
        // And a valid query is still answered from the memo, unchanged.
        let (again, _) = list(&app, "limit=7").await;
        assert_eq!(again, items);
    }
}
