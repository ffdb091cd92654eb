//! Test drives: the documented create, and the added list / get / PATCH with statuses.

use crate::helpers::TestApp;
use crate::{backend_tests, documented_tests};
use serde_json::{json, Value};

async fn a_vehicle(app: &TestApp) -> String {
    let reply = app.get("/external/vehicles?limit=1", app.live_key()).await;
    reply.data(200)[0]["id"].as_str().unwrap().to_owned()
}

async fn create(app: &TestApp, vehicle_id: &str) -> Value {
    let request = json!({"vehicleId": vehicle_id, "name": "Ann Otieno", "email": "ann@example.com",
        "phone": "+254700000002", "preferredDate": "2026-12-01T10:00:00Z"});
    let reply = app
        .post("/external/test-drives", app.live_key(), request)
        .await;
    reply.data(201).clone()
}

documented_tests! {
    async fn create_as_documented(app: TestApp) {
        let vehicle_id = a_vehicle(&app).await;
        let drive = create(&app, &vehicle_id).await;
        assert_eq!(drive["vehicleId"], vehicle_id.as_str());
        assert_eq!(drive["status"], "pending");
        assert!(uuid::Uuid::parse_str(drive["id"].as_str().unwrap()).is_ok());
        let unknown = json!({"vehicleId": uuid::Uuid::new_v4(), "name": "A", "email": "a@example.com"});
        app.post("/external/test-drives", app.live_key(), unknown).await.assert_error(404);
        let missing = json!({"vehicleId": vehicle_id, "email": "a@example.com"});
        app.post("/external/test-drives", app.live_key(), missing).await.assert_error(400);
        let bad_date = json!({"vehicleId": vehicle_id, "name": "A", "email": "a@example.com", "preferredDate": "next tuesday"});
        app.post("/external/test-drives", app.live_key(), bad_date).await.assert_error(400);
        // Another dealer's vehicle cannot be booked through this key.
        let theirs = app.get("/external/vehicles?limit=1", app.other_org_key()).await.data(200)[0]["id"].clone();
        let cross = json!({"vehicleId": theirs, "name": "A", "email": "a@example.com"});
        app.post("/external/test-drives", app.live_key(), cross).await.assert_error(404);
    }
}

backend_tests! {
    async fn list_filter_get_and_work_the_statuses(app: TestApp) {
        let vehicle_id = a_vehicle(&app).await;
        let drive = create(&app, &vehicle_id).await;
        let id = drive["id"].as_str().unwrap();
        let pending = app.get("/external/test-drives?status=pending&limit=100", app.live_key()).await;
        let pending = pending.data(200).as_array().unwrap().clone();
        assert!(pending.iter().any(|d| d["id"] == id));
        assert!(pending.iter().all(|d| d["status"] == "pending"));
        let path = format!("/external/test-drives/{id}");
        let got = app.get(&path, app.live_key()).await;
        assert_eq!(got.data(200)["name"], "Ann Otieno");
        assert!(got.header("etag").is_some());

        let confirm = json!({"status": "confirmed", "scheduledAt": "2026-12-01T10:00:00Z", "notes": "Bring licence"});
        let confirmed = app.patch(&path, app.live_key(), confirm).await;
        let confirmed = confirmed.data(200);
        assert_eq!(confirmed["status"], "confirmed");
        assert_eq!(confirmed["notes"], "Bring licence");
        assert!(confirmed["scheduledAt"].as_str().unwrap().starts_with("2026-12-01T10:00:00"));
        let done = app.patch(&path, app.live_key(), json!({"status": "completed"})).await;
        assert_eq!(done.data(200)["status"], "completed");
        // Completed is final: a move the rule book refuses is a 400 (issue 18).
        let error = app.patch(&path, app.live_key(), json!({"status": "pending"})).await.assert_error(400).to_owned();
        assert!(error.contains("completed"), "{error}");
        let by_status = app.get("/external/test-drives?status=completed", app.live_key()).await;
        assert!(by_status.data(200).as_array().unwrap().iter().any(|d| d["id"] == id));
        app.patch(&path, app.live_key(), json!({"status": "finished"})).await.assert_error(400);
        app.get("/external/test-drives?status=finished", app.live_key()).await.assert_error(400);
        app.get(&format!("/external/test-drives/{}", uuid::Uuid::new_v4()), app.live_key()).await.assert_error(404);
        // Another dealer cannot see it.
        app.get(&path, app.other_org_key()).await.assert_error(404);
    }

    async fn demo_drives_still_open_lie_ahead_and_settled_ones_behind(app: TestApp) {
        let drives = app.get("/external/test-drives?limit=100", app.live_key()).await;
        let drives = drives.data(200).as_array().unwrap().clone();
        let today = time::OffsetDateTime::now_utc().date();
        let ymd = time::macros::format_description!("[year]-[month]-[day]");
        let mut seen = std::collections::BTreeSet::new();
        for drive in &drives {
            let status = drive["status"].as_str().unwrap();
            seen.insert(status.to_owned());
            let day = drive["preferredDate"].as_str().unwrap();
            let day = time::Date::parse(&day[..10], ymd).unwrap();
            let open = matches!(status, "pending" | "confirmed");
            assert_eq!(day > today, open, "{status} drive for {day}: {drive}");
            match drive["scheduledAt"].as_str() {
                None => assert_eq!(status, "pending", "{drive}"),
                Some(at) => {
                    let rfc3339 = &time::format_description::well_known::Rfc3339;
                    let at = time::OffsetDateTime::parse(at, rfc3339).unwrap();
                    assert_eq!(at.date(), day, "{drive}");
                    let minutes = u32::from(at.hour()) * 60 + u32::from(at.minute());
                    assert!((9 * 60..=16 * 60 + 30).contains(&minutes) && minutes % 30 == 0, "{drive}");
                }
            }
        }
        assert_eq!(seen.len(), 5, "every status is in the demo: {seen:?}");
    }

    async fn cancel_and_no_show(app: TestApp) {
        let vehicle_id = a_vehicle(&app).await;
        // A pending request is cancelled; a confirmed one may also be marked a no-show.
        let drive = create(&app, &vehicle_id).await;
        let path = format!("/external/test-drives/{}", drive["id"].as_str().unwrap());
        let reply = app.patch(&path, app.live_key(), json!({"status": "cancelled"})).await;
        assert_eq!(reply.data(200)["status"], "cancelled");
        let drive = create(&app, &vehicle_id).await;
        let path = format!("/external/test-drives/{}", drive["id"].as_str().unwrap());
        let at = json!({"status": "confirmed", "scheduledAt": "2026-12-03T11:00:00Z"});
        assert_eq!(app.patch(&path, app.live_key(), at).await.data(200)["status"], "confirmed");
        let reply = app.patch(&path, app.live_key(), json!({"status": "no_show"})).await;
        assert_eq!(reply.data(200)["status"], "no_show");
    }
}
