//! The test-drive calendar (issue 17): `from`/`to`, `durationMinutes`, no double
//! bookings (409 naming the other drive, race-free), the dealer's settings, the status
//! rules (issue 18: an illegal move is a 400), and the automatic no-show.

use crate::backend_tests;
use crate::helpers::{spawn_app_with, Backend, TestApp};
use carstrel_testkit::ServerConfig;
use serde_json::{json, Value};
use std::time::Duration;

/// Two vehicles of the first dealer.
async fn two_vehicles(app: &TestApp) -> (String, String) {
    let reply = app.get("/external/vehicles?limit=2", app.live_key()).await;
    let data = reply.data(200);
    let id = |i: usize| data[i]["id"].as_str().unwrap().to_owned();
    (id(0), id(1))
}

/// A new pending request for `vehicle`, preferring `preferred` when given.
async fn request(app: &TestApp, vehicle: &str, preferred: Option<&str>) -> String {
    let mut body = json!({"vehicleId": vehicle, "name": "Cal Endar", "email": "cal@example.com"});
    if let Some(date) = preferred {
        body["preferredDate"] = json!(date);
    }
    let reply = app
        .post("/external/test-drives", app.live_key(), body)
        .await;
    reply.data(201)["id"].as_str().unwrap().to_owned()
}

async fn patch(app: &TestApp, id: &str, body: Value) -> crate::helpers::Reply {
    app.patch(&format!("/external/test-drives/{id}"), app.live_key(), body)
        .await
}

/// A new request for `vehicle`, confirmed at `at`: the reply.
async fn confirm_new(app: &TestApp, vehicle: &str, at: &str) -> (String, crate::helpers::Reply) {
    let id = request(app, vehicle, None).await;
    let reply = patch(app, &id, json!({"status": "confirmed", "scheduledAt": at})).await;
    (id, reply)
}

/// The ids a list query returns, in order.
async fn listed(app: &TestApp, query: &str) -> Vec<String> {
    let reply = app
        .get(
            &format!("/external/test-drives?limit=100&{query}"),
            app.live_key(),
        )
        .await;
    let data = reply.data(200).as_array().unwrap().clone();
    data.iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The 409's message, after checking it is one in the documented shape.
fn double_booking(reply: &crate::helpers::Reply, other: &str) {
    let message = reply.assert_error(409);
    assert!(
        message.contains(other),
        "names the drive it overlaps: {message}"
    );
}

backend_tests! {
    async fn the_range_finds_drives_by_their_slot(app: TestApp) {
        let (vehicle, _) = two_vehicles(&app).await;
        // A slot is the preferred date (a bare date is midnight UTC) until scheduled.
        let day_4 = request(&app, &vehicle, Some("2030-03-04")).await;
        let moved = request(&app, &vehicle, Some("2030-03-01")).await;
        patch(&app, &moved, json!({"scheduledAt": "2030-03-05T10:00:00Z"})).await.data(200);
        let local = request(&app, &vehicle, Some("2030-03-08T09:00:00+02:00")).await;
        let none = request(&app, &vehicle, None).await;

        assert_eq!(listed(&app, "from=2030-03-04&to=2030-03-05").await, [day_4.as_str()]);
        assert_eq!(listed(&app, "from=2030-03-04&to=2030-03-06").await, [day_4.clone(), moved.clone()]);
        // Half-open: `from` is in, `to` is out.
        assert_eq!(listed(&app, "from=2030-03-05T10:00:00Z").await, [moved.clone(), local.clone()]);
        assert_eq!(listed(&app, "from=2030-03-01&to=2030-03-05T10:00:00Z").await, [day_4.as_str()]);
        assert_eq!(listed(&app, "from=2030-03-08T07:00:00.000Z&to=2030-03-08T07:00:00.001Z").await, [local.as_str()]);
        assert!(listed(&app, "from=2030-03-06&to=2030-03-01").await.is_empty());
        // With the other filters, and paged in slot order.
        let query = format!("vehicleId={vehicle}&status=pending&from=2030-01-01");
        assert_eq!(listed(&app, &query).await, [day_4.clone(), moved.clone(), local.clone()]);
        let page_2 = app.get(&format!("/external/test-drives?{query}&limit=2&page=2"), app.live_key()).await;
        assert_eq!(page_2.body["total"], 3);
        assert_eq!(page_2.data(200)[0]["id"], local.as_str());
        // A drive without a date has no slot: no range finds it, the plain list does.
        assert!(!listed(&app, "from=1970-01-01").await.contains(&none));
        assert!(listed(&app, "").await.contains(&none));
        for bad in ["from=tomorrow", "to=", "from=2030-13-01", "to=2030-03-01T25:00:00Z"] {
            let reply = app.get(&format!("/external/test-drives?{bad}"), app.live_key()).await;
            let message = reply.assert_error(400);
            assert!(message.contains("must be a date"), "{bad}: {message}");
        }
        let drive = app.get(&format!("/external/test-drives/{day_4}"), app.live_key()).await;
        assert_eq!(drive.data(200)["durationMinutes"], 30);
    }

    async fn double_bookings_are_refused_for_one_vehicle_only(app: TestApp) {
        let (vehicle, other_vehicle) = two_vehicles(&app).await;
        let (first, reply) = confirm_new(&app, &vehicle, "2030-05-02T10:00:00Z").await;
        assert_eq!(reply.data(200)["durationMinutes"], 30);
        // Overlapping: refused in the documented shape, naming the drive it overlaps.
        let (late, reply) = confirm_new(&app, &vehicle, "2030-05-02T10:15:00Z").await;
        double_booking(&reply, &first);
        let refused = app.get(&format!("/external/test-drives/{late}"), app.live_key()).await;
        assert_eq!(refused.data(200)["status"], "pending", "a refused change changes nothing");
        // Half-open slots: ending at 10:30 and starting at 10:30 do not overlap.
        let reply = patch(&app, &late, json!({"status": "confirmed", "scheduledAt": "2030-05-02T10:30:00Z"})).await;
        assert_eq!(reply.data(200)["status"], "confirmed");
        let (_, reply) = confirm_new(&app, &vehicle, "2030-05-02T09:30:00Z").await;
        reply.data(200);
        // Another vehicle at the same time is fine.
        let (_, reply) = confirm_new(&app, &other_vehicle, "2030-05-02T10:00:00Z").await;
        reply.data(200);
        // Pending requests never block, whatever their time.
        let pending = request(&app, &vehicle, Some("2030-05-02T12:00:00Z")).await;
        patch(&app, &pending, json!({"scheduledAt": "2030-05-02T12:00:00Z"})).await.data(200);
        let (_, reply) = confirm_new(&app, &vehicle, "2030-05-02T12:00:00Z").await;
        reply.data(200);
        // Moving a confirmed drive onto a taken slot is refused too; it stays put.
        let reply = patch(&app, &late, json!({"scheduledAt": "2030-05-02T10:10:00Z"})).await;
        double_booking(&reply, &first);
        let still = app.get(&format!("/external/test-drives/{late}"), app.live_key()).await;
        assert_eq!(still.data(200)["scheduledAt"], "2030-05-02T10:30:00.000Z");
        // A confirmed drive without a time holds its preferred date: midnight UTC.
        let midnight = request(&app, &vehicle, Some("2030-05-03")).await;
        patch(&app, &midnight, json!({"status": "confirmed"})).await.data(200);
        let (_, reply) = confirm_new(&app, &vehicle, "2030-05-03T00:20:00Z").await;
        double_booking(&reply, &midnight);
        // A cancelled drive frees its slot.
        patch(&app, &first, json!({"status": "cancelled"})).await.data(200);
        patch(&app, &late, json!({"scheduledAt": "2030-05-02T10:10:00Z"})).await.data(200);
    }

    async fn a_longer_drive_setting_moves_the_boundary(app: TestApp) {
        let (vehicle, _) = two_vehicles(&app).await;
        let (ten, reply) = confirm_new(&app, &vehicle, "2030-06-03T10:00:00Z").await;
        reply.data(200);
        let (half_past, reply) = confirm_new(&app, &vehicle, "2030-06-03T10:30:00Z").await;
        reply.data(200);
        let settings = app.patch("/external/settings", app.live_key(), json!({"testDriveMinutes": 60})).await;
        assert_eq!(settings.data(200)["testDriveMinutes"], 60);
        // A drive confirmed now lasts an hour: 09:30-10:30 meets the 10:00 drive.
        let (early, reply) = confirm_new(&app, &vehicle, "2030-06-03T09:30:00Z").await;
        double_booking(&reply, &ten);
        // Confirmed drives keep their length; moving one takes the new one.
        let reply = patch(&app, &ten, json!({"scheduledAt": "2030-06-03T10:00:00Z"})).await;
        double_booking(&reply, &half_past);
        let reply = patch(&app, &early, json!({"status": "confirmed", "scheduledAt": "2030-06-03T08:30:00Z"})).await;
        assert_eq!(reply.data(200)["durationMinutes"], 60);
        // Back to half an hour: 09:30 fits again.
        app.patch("/external/settings", app.live_key(), json!({"testDriveMinutes": 30})).await.data(200);
        let (_, reply) = confirm_new(&app, &vehicle, "2030-06-03T09:30:00Z").await;
        assert_eq!(reply.data(200)["durationMinutes"], 30);
    }

    async fn settings_are_read_changed_and_checked(app: TestApp) {
        let key = app.live_key();
        let defaults = json!({"testDriveMinutes": 30, "noShowAfterMinutes": 60});
        assert_eq!(app.get("/external/settings", key).await.data(200), &defaults);
        let changed = app.patch("/external/settings", key, json!({"noShowAfterMinutes": 15})).await;
        assert_eq!(changed.data(200), &json!({"testDriveMinutes": 30, "noShowAfterMinutes": 15}));
        let changed = app.patch("/external/settings", key, json!({"testDriveMinutes": 45.0})).await;
        assert_eq!(changed.data(200), &json!({"testDriveMinutes": 45, "noShowAfterMinutes": 15}));
        for (body, field) in [
            (json!({}), "Send at least one"),
            (json!({"testDriveMinutes": null}), "Send at least one"),
            (json!({"testDriveMinutes": 4}), "testDriveMinutes"),
            (json!({"testDriveMinutes": 481}), "testDriveMinutes"),
            (json!({"noShowAfterMinutes": -1}), "noShowAfterMinutes"),
            (json!({"noShowAfterMinutes": 1441}), "noShowAfterMinutes"),
            (json!({"testDriveMinutes": 30.5}), "shape"),
            (json!({"testDriveMinutes": "30"}), "shape"),
            (json!({"testDriveMinutes": 99999999999999999999.0}), "shape"),
            (json!({"color": "red"}), "shape"),
        ] {
            let reply = app.patch("/external/settings", key, body.clone()).await;
            let message = reply.assert_error(400);
            assert!(message.contains(field), "{body}: {message}");
        }
        assert_eq!(app.get("/external/settings", key).await.data(200)["testDriveMinutes"], 45);
        // Each dealer and environment has its own.
        assert_eq!(app.get("/external/settings", app.other_org_key()).await.data(200), &defaults);
        assert_eq!(app.get("/external/settings", app.test_key()).await.data(200), &defaults);
        // A key without the test-drive scopes may neither read nor change them.
        app.get("/external/settings", app.read_only_key()).await.assert_error(403);
        let reply = app.patch("/external/settings", app.read_only_key(), json!({"nonsense": true})).await;
        reply.assert_error(403);
        let none = app.request(reqwest::Method::GET, "/external/settings", None, None, &[]).await;
        none.assert_error(401);
    }

    async fn status_moves_follow_the_rules(app: TestApp) {
        let (vehicle, _) = two_vehicles(&app).await;
        // Pending: confirm or cancel only.
        let pending = request(&app, &vehicle, Some("2030-07-01")).await;
        for status in ["completed", "no_show"] {
            let message = patch(&app, &pending, json!({"status": status})).await.assert_error(400).to_owned();
            assert_eq!(message, format!("A pending test drive cannot become {status}"));
        }
        patch(&app, &pending, json!({"status": "pending", "notes": "no move"})).await.data(200);
        // Confirmed: complete, no-show, cancel, reschedule; never back to pending.
        let (confirmed, reply) = confirm_new(&app, &vehicle, "2030-07-02T09:00:00Z").await;
        reply.data(200);
        let message = patch(&app, &confirmed, json!({"status": "pending"})).await.assert_error(400).to_owned();
        assert_eq!(message, "A confirmed test drive cannot become pending");
        let moved = patch(&app, &confirmed, json!({"scheduledAt": "2030-07-02T11:00:00Z"})).await;
        assert_eq!(moved.data(200)["status"], "confirmed");
        for (day, end) in ["completed", "no_show", "cancelled"].into_iter().enumerate() {
            let (id, reply) = confirm_new(&app, &vehicle, &format!("2030-07-1{day}T09:00:00Z")).await;
            reply.data(200);
            assert_eq!(patch(&app, &id, json!({"status": end})).await.data(200)["status"], end);
            // Settled: nothing more, but a note for the record.
            for next in ["pending", "confirmed", "completed", "no_show", "cancelled"] {
                let reply = patch(&app, &id, json!({"status": next})).await;
                if next == end {
                    reply.data(200);
                } else {
                    let message = reply.assert_error(400);
                    assert_eq!(message, format!("A {end} test drive cannot become {next}"));
                }
            }
            let reply = patch(&app, &id, json!({"scheduledAt": "2030-08-01T09:00:00Z"})).await;
            assert_eq!(reply.assert_error(400), format!("A {end} test drive cannot be rescheduled"));
            patch(&app, &id, json!({"notes": "Called the customer"})).await.data(200);
        }
    }

    async fn demo_confirmed_drives_never_double_book(app: TestApp) {
        let drives = app.get("/external/test-drives?status=confirmed&limit=100", app.live_key()).await;
        let drives = drives.data(200).as_array().unwrap().clone();
        assert!(drives.len() >= 5, "a calendar worth showing: {}", drives.len());
        let rfc3339 = &time::format_description::well_known::Rfc3339;
        let now = time::OffsetDateTime::now_utc();
        let slots: Vec<(String, time::OffsetDateTime, i64)> = drives
            .iter()
            .map(|d| {
                let at = time::OffsetDateTime::parse(d["scheduledAt"].as_str().unwrap(), rfc3339).unwrap();
                assert!(at > now && at < now + time::Duration::days(15), "the coming two weeks: {d}");
                (d["vehicleId"].as_str().unwrap().to_owned(), at, d["durationMinutes"].as_i64().unwrap())
            })
            .collect();
        for (i, (vehicle, start, minutes)) in slots.iter().enumerate() {
            for (other, other_start, other_minutes) in &slots[i + 1..] {
                let overlap = start < &(*other_start + time::Duration::minutes(*other_minutes))
                    && other_start < &(*start + time::Duration::minutes(*minutes));
                assert!(vehicle != other || !overlap, "double booking in the demo: {vehicle} at {start}");
            }
        }
    }
}

/// Of several confirmations of overlapping slots of one vehicle sent at once, exactly one
/// is accepted: the check and the change are one step per vehicle.
async fn concurrent_confirmations_admit_one(app: &TestApp, day: &str) {
    let (vehicle, _) = two_vehicles(app).await;
    // Every two of these 30-minute slots overlap (they start less than 30 minutes apart).
    let times = ["10:00", "10:10", "09:45", "10:00", "10:14", "09:50"];
    let mut ids = Vec::new();
    for _ in times {
        ids.push(request(app, &vehicle, None).await);
    }
    let mut attempts = tokio::task::JoinSet::new();
    for (id, time) in ids.iter().zip(times) {
        let url = format!("{}/external/test-drives/{id}", app.base);
        let (http, key) = (app.http.clone(), app.live_key().to_owned());
        let body = json!({"status": "confirmed", "scheduledAt": format!("{day}T{time}:00Z")});
        attempts.spawn(async move {
            let response = http
                .patch(url)
                .header("x-api-key", key)
                .json(&body)
                .send()
                .await;
            response.unwrap().status().as_u16()
        });
    }
    let mut statuses = attempts.join_all().await;
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409, 409, 409, 409, 409], "{day}");
    let query = format!("vehicleId={vehicle}&status=confirmed&from={day}&to={day}T23:59:59Z");
    assert_eq!(listed(app, &query).await.len(), 1, "{day}");
}

backend_tests! {
    async fn concurrent_confirmations_of_overlapping_slots_admit_one(app: TestApp) {
        // Several rounds: a race lost once in a while would show.
        for day in ["2030-09-01", "2030-09-02", "2030-09-03"] {
            concurrent_confirmations_admit_one(&app, day).await;
        }
    }
}

/// A confirmed drive whose slot ended more than `noShowAfterMinutes` ago becomes a
/// no-show by itself, and the changes feed carries it; a drive recorded after the fact,
/// or still ahead, is left alone.
async fn overdue_drives_become_no_shows(backend: Backend) {
    let config = ServerConfig {
        sweep_interval: Duration::from_millis(200),
        ..ServerConfig::default()
    };
    let Some(app) = spawn_app_with(backend, config).await else {
        return;
    };
    let key = app.live_key();
    let (vehicle, _) = two_vehicles(&app).await;
    let settings = json!({"testDriveMinutes": 5, "noShowAfterMinutes": 0});
    app.patch("/external/settings", key, settings)
        .await
        .data(200);
    let cursor = app
        .get("/external/test-drives/changes?limit=1000", key)
        .await
        .data(200)["nextSince"]
        .as_i64()
        .unwrap();

    let now = time::OffsetDateTime::now_utc();
    let rfc3339 = |at: time::OffsetDateTime| {
        at.format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    // Ends in about 1.5 s: due then.
    let soon = now - time::Duration::minutes(5) + time::Duration::milliseconds(1500);
    let (due, reply) = confirm_new(&app, &vehicle, &rfc3339(soon)).await;
    reply.data(200);
    // Staff recording yesterday's drive: confirmed after its deadline, then completed.
    let (recorded, reply) =
        confirm_new(&app, &vehicle, &rfc3339(now - time::Duration::days(1))).await;
    reply.data(200);
    // Tomorrow's drive waits.
    let (ahead, reply) = confirm_new(&app, &vehicle, &rfc3339(now + time::Duration::days(1))).await;
    reply.data(200);

    let path = format!("/external/test-drives/{due}");
    let mut waited = Duration::ZERO;
    loop {
        let drive = app.get(&path, key).await;
        if drive.data(200)["status"] == "no_show" {
            assert_eq!(
                drive.data(200)["version"],
                3,
                "confirmed (2), then marked (3)"
            );
            break;
        }
        assert!(
            waited < Duration::from_secs(15),
            "never marked: {}",
            drive.body
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += Duration::from_millis(100);
    }
    let feed = app
        .get(
            &format!("/external/test-drives/changes?since={cursor}&limit=1000"),
            key,
        )
        .await;
    let changes = feed.data(200)["changes"].as_array().unwrap().clone();
    let change = changes
        .iter()
        .find(|c| c["id"] == due.as_str())
        .expect("in the changes feed");
    assert_eq!(change["data"]["status"], "no_show");
    // A few more sweeps pass: the others are as staff left them.
    tokio::time::sleep(Duration::from_millis(600)).await;
    for id in [&recorded, &ahead] {
        let drive = app.get(&format!("/external/test-drives/{id}"), key).await;
        assert_eq!(drive.data(200)["status"], "confirmed", "{id}");
    }
    patch(&app, &recorded, json!({"status": "completed"}))
        .await
        .data(200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overdue_drives_become_no_shows_sqlite() {
    overdue_drives_become_no_shows(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overdue_drives_become_no_shows_postgres() {
    overdue_drives_become_no_shows(Backend::Postgres).await;
}

backend_tests! {
    async fn sweeps_by_several_servers_mark_a_drive_once(app: TestApp) {
        // The test server sweeps once at start, then after a minute: these sweeps are ours.
        let (vehicle, _) = two_vehicles(&app).await;
        let settings = json!({"testDriveMinutes": 5, "noShowAfterMinutes": 0});
        app.patch("/external/settings", app.live_key(), settings).await.data(200);
        let soon = time::OffsetDateTime::now_utc() - time::Duration::minutes(5) + time::Duration::milliseconds(300);
        let at = soon.format(&time::format_description::well_known::Rfc3339).unwrap();
        let (due, reply) = confirm_new(&app, &vehicle, &at).await;
        reply.data(200);
        tokio::time::sleep(Duration::from_millis(500)).await;
        let now = carstrel_server::clock::now_ms();
        let db = app.db().clone();
        let sweeps: Vec<_> = (0..3)
            .map(|_| {
                let db = db.clone();
                tokio::spawn(async move { carstrel_server::store::no_show::sweep(&db, now).await.unwrap() })
            })
            .collect();
        let mut marked = 0;
        for sweep in sweeps {
            marked += sweep.await.unwrap();
        }
        assert_eq!(marked, 1);
        let drive = app.get(&format!("/external/test-drives/{due}"), app.live_key()).await;
        assert_eq!(drive.data(200)["status"], "no_show");
        assert_eq!(drive.data(200)["version"], 3, "marked once");
    }
}
