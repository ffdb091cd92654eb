//! The showroom's week: the calendar, a confirmed drive moved onto another confirmed
//! drive of the same car (refused before saving), then to a free slot (on the server);
//! a car's days on the lot and its price history on its page, booking from it with its
//! free and taken slots of a day, and the dashboard's aging.

use crate::{api_data, sandbox_api};
use carstrel_testkit::webdriver::{Session, ELEMENT};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const HOUR_MS: i64 = 3_600_000;

use console_core::clock::{now_ms, parse_ms, rfc3339 as iso};

fn ms(instant: &str) -> i64 {
    parse_ms(instant).expect("an RFC 3339 instant")
}

/// `datetime-local`'s text for an instant (the app runs in UTC here: `TZ=UTC`).
fn local_input(ms: i64) -> String {
    iso(ms)[..16].to_owned()
}

/// The confirmed drives' slots of one vehicle, as the server has them.
async fn taken(base: &str, key: &str, vehicle: &str) -> Vec<(i64, i64)> {
    let drives = api_data(
        base,
        key,
        "/external/test-drives?status=confirmed&limit=100",
    )
    .await
    .expect("the sandbox answers");
    drives
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["vehicleId"] == vehicle)
        .filter_map(|d| {
            let start = ms(d["scheduledAt"].as_str()?);
            let minutes = d["durationMinutes"].as_i64().unwrap_or(30);
            Some((start, start + minutes * 60_000))
        })
        .collect()
}

/// The first whole hour from `after` on, at 09:00–17:00 UTC, free for a 30-minute drive.
fn free_hour(taken: &[(i64, i64)], after: i64) -> i64 {
    let mut at = after - after.rem_euclid(HOUR_MS) + HOUR_MS;
    loop {
        let hour = at.rem_euclid(24 * HOUR_MS) / HOUR_MS;
        let clear = taken
            .iter()
            .all(|(s, e)| at + 30 * 60_000 <= *s || *e <= at);
        if (9..17).contains(&hour) && clear {
            return at;
        }
        at += HOUR_MS;
    }
}

async fn send(base: &str, key: &str, method: reqwest::Method, path: &str, body: Value) -> Value {
    let reply = reqwest::Client::new()
        .request(method, format!("{base}{path}"))
        .header("x-api-key", key)
        .json(&body)
        .send()
        .await
        .expect("the sandbox answers");
    let status = reply.status();
    let body: Value = reply.json().await.expect("a JSON reply");
    assert!(status.is_success(), "{path}: {status} {body}");
    body["data"].clone()
}

pub async fn calendar_week(app: &Session, data_dir: &Path, shot: &impl Fn(&str) -> PathBuf) {
    let (base, key) = sandbox_api(app, data_dir).await;
    let now = now_ms();
    // A confirmed drive ahead, and a second confirmed drive of the same car on the server.
    let drives = api_data(
        &base,
        &key,
        "/external/test-drives?status=confirmed&limit=100",
    )
    .await
    .expect("the sandbox answers");
    let ahead = drives
        .as_array()
        .unwrap()
        .iter()
        .find(|d| {
            d["scheduledAt"]
                .as_str()
                .is_some_and(|at| ms(at) > now + 2 * HOUR_MS)
        })
        .expect("a confirmed drive ahead in the demo")
        .clone();
    let (drive_id, vehicle) = (
        ahead["id"].as_str().unwrap().to_owned(),
        ahead["vehicleId"].as_str().unwrap().to_owned(),
    );
    let other_at = free_hour(&taken(&base, &key, &vehicle).await, now + 24 * HOUR_MS);
    let other = send(
        &base,
        &key,
        reqwest::Method::POST,
        "/external/test-drives",
        json!({"vehicleId": vehicle, "name": "Aisha Calendar", "email": "aisha.calendar@example.com"}),
    )
    .await;
    let other_id = other["id"].as_str().unwrap().to_owned();
    send(
        &base,
        &key,
        reqwest::Method::PATCH,
        &format!("/external/test-drives/{other_id}"),
        json!({"status": "confirmed", "scheduledAt": iso(other_at)}),
    )
    .await;
    app.click(&app.wait("[data-testid=sync-now]", 10).await)
        .await;

    // The week with the drive, and the drive opened.
    let day = &iso(ms(ahead["scheduledAt"].as_str().unwrap()))[..10];
    app.open_nav("calendar").await;
    app.wait("[data-testid=calendar-grid]", 20).await;
    app.screenshot(&shot("11d-calendar-week")).await;
    app.execute(
        "location.hash = arguments[0];",
        json!([format!("#/calendar?view=week&date={day}&drive={drive_id}")]),
    )
    .await;
    let input = app.wait("[data-testid=calendar-move-input]", 20).await;

    // Onto the other drive's slot: refused before anything is saved.
    let set_input = "arguments[0].value = arguments[1]; \
                     arguments[0].dispatchEvent(new Event('input', {bubbles: true}));";
    let synced_other = || async {
        let slots = taken(&base, &key, &vehicle).await;
        slots.iter().any(|(s, _)| *s == other_at).then_some(())
    };
    app.wait_until("the second booking on the server", 10, synced_other)
        .await;
    app.wait_until("the double booking shown", 40, || async {
        app.execute(
            set_input,
            json!([{ ELEMENT: input }, local_input(other_at + 10 * 60_000)]),
        )
        .await;
        app.click(&app.wait("[data-testid=calendar-move-save]", 10).await)
            .await;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let message = app.find("[data-testid=calendar-double-booking]").await?;
        app.displayed(&message).await.then_some(())
    })
    .await;
    app.screenshot(&shot("11e-calendar-double-booking")).await;
    let still = api_data(&base, &key, &format!("/external/test-drives/{drive_id}"))
        .await
        .unwrap();
    assert_eq!(still["scheduledAt"], ahead["scheduledAt"], "nothing moved");

    // To a free hour: the server has it.
    let free_at = free_hour(&taken(&base, &key, &vehicle).await, other_at);
    app.execute(set_input, json!([{ ELEMENT: input }, local_input(free_at)]))
        .await;
    app.click(&app.wait("[data-testid=calendar-move-save]", 10).await)
        .await;
    app.wait_until("the move on the server", 30, || async {
        let drive = api_data(&base, &key, &format!("/external/test-drives/{drive_id}")).await?;
        (drive["scheduledAt"].as_str().map(ms) == Some(free_at)).then_some(())
    })
    .await;

    // The car's days on the lot and price history; the dashboard's aging.
    app.execute(
        "location.hash = arguments[0];",
        json!([format!("#/inventory/{vehicle}")]),
    )
    .await;
    let chart = app.wait("[data-testid=chart-price-history]", 30).await;
    // Only the panel scrolls (scrollIntoView would scroll the page under it too).
    app.execute(
        "const body = arguments[0].closest('.drawer-body'); \
         body.scrollTop = arguments[0].offsetTop - body.offsetTop - 80;",
        json!([{ ELEMENT: chart }]),
    )
    .await;
    app.screenshot(&shot("11f-vehicle-price-history")).await;

    // Booking from the car: the day of the second drive shows it taken, and the slots
    // around it free; a free one fills in the booking's time.
    app.click_until(
        "[data-testid=book-test-drive]",
        "[data-testid=td-slot-picker]",
    )
    .await;
    let day_input = app.wait("[data-testid=td-slots-day]", 10).await;
    app.execute(
        "arguments[0].value = arguments[1]; \
         arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
        json!([{ ELEMENT: day_input }, &iso(other_at)[..10]]),
    )
    .await;
    let taken_line = app
        .wait(
            &format!("[data-testid=td-slot-taken][data-id='{other_id}']"),
            20,
        )
        .await;
    assert!(app.text(&taken_line).await.contains("Aisha Calendar"));
    let starts = app
        .execute(
            "return [...document.querySelectorAll('[data-testid=td-slot-free]')] \
             .map((b) => b.dataset.start);",
            json!([]),
        )
        .await;
    let starts: Vec<i64> = starts
        .as_array()
        .expect("a list of starts")
        .iter()
        .map(|s| ms(s.as_str().expect("a start")))
        .collect();
    assert!(
        starts
            .iter()
            .all(|s| s + 30 * 60_000 <= other_at || other_at + 30 * 60_000 <= *s),
        "no free slot overlaps the taken one: {starts:?}"
    );
    let pick = *starts.last().expect("free slots that day");
    app.click(
        &app.wait(
            &format!("[data-testid=td-slot-free][data-start='{}']", iso(pick)),
            10,
        )
        .await,
    )
    .await;
    let preferred = app.wait("[data-testid=td-preferred-date]", 10).await;
    assert_eq!(app.property(&preferred, "value").await, local_input(pick));
    app.screenshot(&shot("11h-booking-slots")).await;
    app.open_nav("dashboard").await;
    app.wait("[data-testid=chart-aging]", 30).await;
    app.wait("[data-testid=aging-average]", 10).await;
    app.screenshot(&shot("11g-dashboard-aging")).await;
}
