//! The calendar and prices from the command line, with the network gone: the week's
//! drives by slot as the API lists them, a move refused when it double-books and saved
//! offline when it does not, a price set offline, and both reaching the server once.

use super::{api_data, console, json, start_api};
use serde_json::{json, Value};

/// A drive requested and then confirmed at `at` through the API, as staff would.
async fn confirmed_drive(api: &carstrel_testkit::TestServer, vehicle: &str, at: &str) -> Value {
    let http = reqwest::Client::new();
    let created: Value = http
        .post(format!("{}/external/test-drives", api.url()))
        .header("x-api-key", api.live_key())
        .json(&json!({"vehicleId": vehicle, "name": "Cli Buyer", "email": "cli.buyer@example.com"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["data"]["id"].as_str().unwrap();
    let confirmed: Value = http
        .patch(format!("{}/external/test-drives/{id}", api.url()))
        .header("x-api-key", api.live_key())
        .json(&json!({"status": "confirmed", "scheduledAt": at}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    confirmed["data"].clone()
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_calendar_moves_and_prices_work_with_the_network_gone() {
    let mut api = start_api().await;
    let data = tempfile::tempdir().unwrap();
    let dir = data.path();
    let key = api.live_key().to_owned();
    let run = |args: &[&str]| console(dir, Some(&key), args);
    let (code, _, err) = run(&["profile", "add", "shop", "--url", &api.url()]);
    assert_eq!(code, 0, "{err}");

    let vehicle = api_data(&api, "/external/vehicles?limit=1&sort=price").await[0].clone();
    let vehicle_id = vehicle["id"].as_str().unwrap().to_owned();
    let early = confirmed_drive(&api, &vehicle_id, "2027-04-01T09:00:00.000Z").await;
    let late = confirmed_drive(&api, &vehicle_id, "2027-04-01T11:00:00.000Z").await;
    let (code, _, err) = run(&["sync"]);
    assert_eq!(code, 0, "{err}");

    // The week from today, as the API lists it.
    let (code, out, err) = run(&["calendar", "--json"]);
    assert_eq!(code, 0, "{err}");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let day = |ms: i64| carstrel_model::rules::rfc3339(ms)[..10].to_owned();
    let (today, week_later) = (day(now), day(now + 7 * carstrel_model::rules::DAY_MS));
    let week = api_data(
        &api,
        &format!("/external/test-drives?from={today}&to={week_later}&limit=100"),
    )
    .await;
    let listed = ids(&json(&out));
    assert!(!listed.is_empty(), "the demo has drives this week");
    assert_eq!(listed, ids(&week), "in slot order, as the API lists them");

    api.stop().await;
    let (code, out, err) = run(&["calendar", "--from", "2027-04-01", "--to", "2027-04-02"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("START (UTC)"), "{out}");
    assert!(
        out.contains("2027-04-01 09:00") && out.contains("09:30"),
        "{out}"
    );
    assert!(
        out.contains("2 drives from 2027-04-01 to 2027-04-02"),
        "{out}"
    );

    // A move onto the other drive's slot is refused, naming it; a free slot is taken.
    let late_id = late["id"].as_str().unwrap();
    let early_id = early["id"].as_str().unwrap();
    let (code, _, err) = run(&["test-drive", "reschedule", late_id, "2027-04-01T09:15:00Z"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(early_id) && err.contains("overlaps"), "{err}");
    let (code, out, err) = run(&["test-drive", "reschedule", late_id, "2027-04-01T14:00:00Z"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("saved offline"), "{out}");
    let (code, _, err) = run(&["test-drive", "reschedule", late_id, "at two"]);
    assert_eq!(code, 1);
    assert!(err.contains("scheduledAt"), "{err}");

    // A price set offline shows at once.
    let (code, out, err) = run(&["vehicle", "set-price", &vehicle_id, "12345.5"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("12345.50 (saved offline)"), "{out}");
    let (code, _, err) = run(&["vehicle", "set-price", &vehicle_id, "-1"]);
    assert_ne!(code, 0, "{err}");
    let (_, out, _) = run(&["vehicles", "--sort", "price", "--limit", "100", "--json"]);
    assert!(json(&out)
        .as_array()
        .unwrap()
        .iter()
        .any(|v| v["id"] == vehicle_id.as_str() && v["price"] == 12345.5));
    let (code, _, err) = run(&[
        "vehicles",
        "--min-days-on-lot",
        "60",
        "--max-days-on-lot",
        "90",
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, _, _) = run(&["vehicles", "--min-days-on-lot", "sixty"]);
    assert_eq!(code, 2);
    let (_, out, _) = run(&["outbox", "--json"]);
    assert_eq!(json(&out).as_array().unwrap().len(), 2);

    // Back online: both reach the server, once.
    api.restart().await;
    let (code, out, err) = run(&["sync"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2 edits sent"), "{out}");
    let moved = api_data(&api, &format!("/external/test-drives/{late_id}")).await;
    assert_eq!(moved["scheduledAt"], "2027-04-01T14:00:00.000Z");
    let history = api_data(
        &api,
        &format!("/external/vehicles/{vehicle_id}/price-history"),
    )
    .await;
    let prices: Vec<f64> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["price"].as_f64().unwrap())
        .collect();
    assert_eq!(prices.iter().filter(|p| **p == 12345.5).count(), 1);
    assert_eq!(prices.last(), Some(&12345.5));
    let (_, out, _) = run(&["outbox"]);
    assert!(out.contains("nothing waiting"), "{out}");
}
