//! The CRM: list with search/segment/sort, detail, PATCH of notes/tags/preferences/VIP,
//! and the stats summary.

use crate::documented_tests;
use crate::helpers::{TestApp, DEMO_CUSTOMERS};
use serde_json::{json, Value};

async fn list(app: &TestApp, query: &str) -> (Vec<Value>, Value) {
    let reply = app
        .get(&format!("/external/customers?{query}"), app.live_key())
        .await;
    (reply.data(200).as_array().unwrap().clone(), reply.body)
}

documented_tests! {
    async fn the_list_has_the_documented_shape(app: TestApp) {
        let (customers, body) = list(&app, "").await;
        assert_eq!(body["limit"], 20);
        assert_eq!(body["total"], DEMO_CUSTOMERS as u64);
        assert_eq!(body["totalPages"].as_u64().unwrap(), (DEMO_CUSTOMERS as u64).div_ceil(20));
        let c = &customers[0];
        for field in ["id", "user", "stats", "classification", "preferences", "tags", "createdDate"] {
            assert!(c.get(field).is_some(), "customer lacks {field}: {c}");
        }
        for field in ["id", "email", "firstName", "lastName", "phone"] {
            assert!(c["user"].get(field).is_some(), "user lacks {field}");
        }
        for field in ["totalPurchases", "totalSpent", "lastPurchaseDate", "totalVehiclesPurchased", "totalVehiclesRented"] {
            assert!(c["stats"].get(field).is_some(), "stats lack {field}");
        }
        for field in ["leadScore", "lifecycleStage", "customerSegment", "isVip"] {
            assert!(c["classification"].get(field).is_some(), "classification lacks {field}");
        }
        let dates: Vec<&str> = customers.iter().map(|c| c["createdDate"].as_str().unwrap()).collect();
        assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first by default");
    }

    async fn search_segment_and_sorts(app: TestApp) {
        let (all, _) = list(&app, "limit=100").await;
        let someone = &all[3]["user"];
        let email = someone["email"].as_str().unwrap();
        let (found, _) = list(&app, &format!("search={}", email.to_uppercase().replace('@', "%40"))).await;
        assert_eq!(found.len(), 1, "search is case-insensitive on email");
        assert_eq!(found[0]["user"]["email"], email);
        let last = someone["lastName"].as_str().unwrap();
        let (found, _) = list(&app, &format!("search={last}&limit=100")).await;
        assert!(found.iter().any(|c| c["user"]["email"] == email));
        assert!(found.iter().all(|c| {
            let u = &c["user"];
            [&u["firstName"], &u["lastName"], &u["email"]].iter().any(|f| f.as_str().unwrap().to_lowercase().contains(&last.to_lowercase()))
        }));
        // Wildcards are literal: nobody's name holds "%_".
        let (none, _) = list(&app, "search=%25_").await;
        assert!(none.is_empty());

        let mut per_segment = 0;
        for segment in ["new", "regular", "vip", "at_risk"] {
            let (items, body) = list(&app, &format!("segment={segment}&limit=100")).await;
            assert!(items.iter().all(|c| c["classification"]["customerSegment"] == segment), "{segment}");
            per_segment += body["total"].as_u64().unwrap();
        }
        assert_eq!(per_segment, DEMO_CUSTOMERS as u64, "every customer is in exactly one segment");

        for (sort, pointer) in [("totalSpent", "/stats/totalSpent"), ("leadScore", "/classification/leadScore"), ("createdDate", "/createdDate")] {
            for order in ["ASC", "DESC", "asc"] {
                let (items, _) = list(&app, &format!("sortBy={sort}&sortOrder={order}&limit=100")).await;
                let keys: Vec<&Value> = items.iter().map(|c| c.pointer(pointer).unwrap()).collect();
                let ok = keys.windows(2).all(|w| {
                    let cmp = match (w[0].as_f64(), w[1].as_f64()) {
                        (Some(a), Some(b)) => a.partial_cmp(&b).unwrap(),
                        _ => w[0].as_str().unwrap().cmp(w[1].as_str().unwrap()),
                    };
                    if order.eq_ignore_ascii_case("asc") { cmp.is_le() } else { cmp.is_ge() }
                });
                assert!(ok, "sortBy={sort}&sortOrder={order}: {keys:?}");
            }
        }
        let (items, _) = list(&app, "sortBy=lastPurchaseDate&sortOrder=DESC&limit=100").await;
        assert_eq!(items.len(), DEMO_CUSTOMERS);
    }

    async fn patch_updates_notes_tags_preferences_and_vip(app: TestApp) {
        let (all, _) = list(&app, "segment=new&limit=1").await;
        let id = all[0]["id"].as_str().unwrap();
        let path = format!("/external/customers/{id}");
        let change = json!({"notes": "Interested in luxury vehicles", "tags": ["vip", "repeat-buyer"], "isVip": true,
            "preferences": {"vehicleTypes": ["SUV"], "priceRange": {"min": 20000, "max": 50000}}});
        let reply = app.patch(&path, app.live_key(), change).await;
        let updated = reply.data(200);
        assert_eq!(updated["id"], id);
        assert_eq!(updated["notes"], "Interested in luxury vehicles");
        assert_eq!(updated["tags"], json!(["vip", "repeat-buyer"]));
        assert_eq!(updated["isVip"], true);
        assert_eq!(updated["customerSegment"], "vip");
        let fresh = app.get(&path, app.live_key()).await;
        let fresh = fresh.data(200);
        assert_eq!(fresh["notes"], "Interested in luxury vehicles");
        assert_eq!(fresh["classification"]["isVip"], true);
        assert_eq!(fresh["preferences"]["vehicleTypes"], json!(["SUV"]));
        assert_eq!(fresh["preferences"]["priceRange"]["max"], 50000.0);
        // A partial PATCH leaves the other fields as they were.
        let reply = app.patch(&path, app.live_key(), json!({"isVip": false})).await;
        assert_eq!(reply.data(200)["notes"], "Interested in luxury vehicles");
        let fresh = app.get(&path, app.live_key()).await;
        assert_eq!(fresh.data(200)["tags"], json!(["vip", "repeat-buyer"]));
        assert_eq!(fresh.data(200)["classification"]["isVip"], false);
        // Unknown customers and malformed ids.
        app.patch(&format!("/external/customers/{}", uuid::Uuid::new_v4()), app.live_key(), json!({"notes": "x"})).await.assert_error(404);
        app.get("/external/customers/not-a-uuid", app.live_key()).await.assert_error(400);
    }

    async fn the_stats_summary_matches_the_list(app: TestApp) {
        let stats = app.get("/external/customers/stats/summary", app.live_key()).await.data(200).clone();
        let (all, _) = list(&app, "limit=100").await;
        assert_eq!(stats["totalCustomers"], all.len() as u64);
        let vip = all.iter().filter(|c| c["classification"]["isVip"] == true).count();
        assert_eq!(stats["vipCustomers"], vip as u64);
        let revenue: f64 = all.iter().map(|c| c["stats"]["totalSpent"].as_f64().unwrap()).sum();
        assert!((stats["totalRevenue"].as_f64().unwrap() - revenue).abs() < 0.01);
        let transactions: u64 = all.iter().map(|c| c["stats"]["totalPurchases"].as_u64().unwrap()).sum();
        assert_eq!(stats["totalTransactions"], transactions);
        let breakdown = &stats["segmentBreakdown"];
        for (key, segment) in [("new", "new"), ("regular", "regular"), ("vip", "vip"), ("atRisk", "at_risk")] {
            let n = all.iter().filter(|c| c["classification"]["customerSegment"] == segment).count();
            assert_eq!(breakdown[key], n as u64, "{key}");
        }
        for field in ["averageSpent", "averageLeadScore", "newCustomersLast30Days"] {
            assert!(stats[field].is_number(), "{field}");
        }
    }
}
