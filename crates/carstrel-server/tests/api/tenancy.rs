//! No existence leaks across dealers or environments: another dealer's record answers
//! exactly as an id that does not exist, whatever its state (booked, completed, a newer
//! version), on every route that takes an id (issue 15, item 3e).

use crate::backend_tests;
use crate::helpers::{Reply, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

/// A test drive of the dealer `key` speaks for, on its first vehicle: (vehicle, drive).
async fn book(app: &TestApp, key: &str) -> (String, String) {
    let vehicle = app.get("/external/vehicles?limit=1", key).await.data(200)[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let request =
        json!({"vehicleId": vehicle, "name": "Booked Buyer", "email": "booked@example.com"});
    let drive = app
        .post("/external/test-drives", key, request)
        .await
        .data(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (vehicle, drive)
}

/// The same request for a foreign id and for an unknown one: the same status, in the
/// same words. Returns that status.
async fn alike(
    app: &TestApp,
    key: &str,
    method: Method,
    template: &str,
    foreign: &str,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> u16 {
    let unknown = uuid::Uuid::new_v4().to_string();
    let send = |id: &str| {
        let path = template.replace("{id}", id);
        let body = body
            .as_ref()
            .map(|b| serde_json::from_str(&b.to_string().replace("{id}", id)).unwrap());
        let method = method.clone();
        async move { app.request(method, &path, Some(key), body, headers).await }
    };
    let (theirs, nobodys): (Reply, Reply) = (send(foreign).await, send(&unknown).await);
    let words = nobodys.assert_error(nobodys.status).to_owned();
    assert_eq!(
        theirs.status, nobodys.status,
        "{method} {template} on a foreign id: {:?}",
        theirs.body
    );
    assert_eq!(
        theirs.assert_error(theirs.status),
        words,
        "{method} {template}"
    );
    theirs.status
}

/// [`alike`], and both are 404.
async fn same_as_unknown(
    app: &TestApp,
    key: &str,
    method: Method,
    template: &str,
    foreign: &str,
    body: Option<Value>,
    headers: &[(&str, &str)],
) {
    assert_eq!(
        alike(app, key, method, template, foreign, body, headers).await,
        404,
        "{template}"
    );
}

backend_tests! {
    async fn foreign_records_answer_exactly_as_unknown_ones(app: TestApp) {
        let (mine, theirs) = (app.live_key(), app.other_org_key());
        // The other dealer's vehicle is booked, its drive completed, its customer edited.
        let (their_vehicle, their_drive) = book(&app, theirs).await;
        let drive_path = format!("/external/test-drives/{their_drive}");
        app.patch(&drive_path, theirs, json!({"status": "confirmed"})).await.data(200);
        app.patch(&drive_path, theirs, json!({"status": "completed"})).await.data(200);
        let their_customer = app.get("/external/customers?limit=1", theirs).await.data(200)[0]["id"].as_str().unwrap().to_owned();
        app.patch(&format!("/external/customers/{their_customer}"), theirs, json!({"notes": "v2"})).await.data(200);

        // Deleting a booked vehicle would be a 409 for its owner: for anyone else, 404.
        same_as_unknown(&app, mine, Method::DELETE, "/external/vehicles/{id}", &their_vehicle, None, &[]).await;
        same_as_unknown(&app, mine, Method::PATCH, "/external/vehicles/{id}", &their_vehicle, Some(json!({"status": "sold"})), &[]).await;
        same_as_unknown(&app, mine, Method::GET, "/external/vehicles/{id}", &their_vehicle, None, &[]).await;
        // A move the rule book forbids (400) and a stale If-Match (412) stay 404.
        same_as_unknown(&app, mine, Method::PATCH, "/external/test-drives/{id}", &their_drive, Some(json!({"status": "pending"})), &[]).await;
        same_as_unknown(&app, mine, Method::PATCH, "/external/test-drives/{id}", &their_drive, Some(json!({"notes": "x"})), &[("if-match", "\"v1\"")]).await;
        same_as_unknown(&app, mine, Method::GET, "/external/test-drives/{id}", &their_drive, None, &[]).await;
        same_as_unknown(&app, mine, Method::PATCH, "/external/customers/{id}", &their_customer, Some(json!({"notes": "x"})), &[("if-match", "\"v1\"")]).await;
        same_as_unknown(&app, mine, Method::GET, "/external/customers/{id}", &their_customer, None, &[]).await;
        let booking = json!({"vehicleId": "{id}", "name": "A", "email": "a@example.com"});
        same_as_unknown(&app, mine, Method::POST, "/external/test-drives", &their_vehicle, Some(booking), &[]).await;
        // Their won lead (a move out of it is a 409 for them) and their task.
        let their_lead = app.get("/external/leads?status=won&limit=1", theirs).await.data(200)[0]["id"].as_str().unwrap().to_owned();
        same_as_unknown(&app, mine, Method::PATCH, "/external/leads/{id}", &their_lead, Some(json!({"status": "contacted"})), &[]).await;
        same_as_unknown(&app, mine, Method::PATCH, "/external/leads/{id}", &their_lead, Some(json!({"status": "won"})), &[("if-match", "\"v9\"")]).await;
        same_as_unknown(&app, mine, Method::GET, "/external/leads/{id}", &their_lead, None, &[]).await;
        let their_task = app.get("/external/tasks?limit=1", theirs).await.data(200)[0]["id"].as_str().unwrap().to_owned();
        same_as_unknown(&app, mine, Method::GET, "/external/tasks/{id}", &their_task, None, &[]).await;
        same_as_unknown(&app, mine, Method::PATCH, "/external/tasks/{id}", &their_task, Some(json!({"done": true})), &[]).await;
        same_as_unknown(&app, mine, Method::DELETE, "/external/tasks/{id}", &their_task, None, &[]).await;
        let task = json!({"title": "T", "dueAt": "2030-01-01", "leadId": "{id}"});
        same_as_unknown(&app, mine, Method::POST, "/external/tasks", &their_lead, Some(task), &[]).await;
        app.get(&format!("/external/tasks/{their_task}"), theirs).await.data(200);

        // A body that breaks a rule is refused before any lookup, alike for every id.
        for (template, id, bad) in [
            ("/external/vehicles/{id}", &their_vehicle, json!({"mileage": -1})),
            ("/external/customers/{id}", &their_customer, json!({"notes": "a\u{7}b"})),
            ("/external/test-drives/{id}", &their_drive, json!({"status": "finished"})),
            ("/external/test-drives/{id}", &their_drive, json!({})),
        ] {
            let status = alike(&app, mine, Method::PATCH, template, id, Some(bad), &[]).await;
            assert!(status == 400 || status == 422, "{template}: {status}");
        }

        // Nothing of theirs changed, and their own delete is still refused as booked.
        app.get(&format!("/external/vehicles/{their_vehicle}"), theirs).await.data(200);
        assert_eq!(app.get(&drive_path, theirs).await.data(200)["status"], "completed");
        let delete = app.request(Method::DELETE, &format!("/external/vehicles/{their_vehicle}"), Some(theirs), None, &[]).await;
        delete.assert_error(409);
    }

    async fn the_other_environment_of_the_same_dealer_is_foreign_too(app: TestApp) {
        let (vehicle, drive) = book(&app, app.live_key()).await;
        let test = app.test_key();
        same_as_unknown(&app, test, Method::DELETE, "/external/vehicles/{id}", &vehicle, None, &[]).await;
        same_as_unknown(&app, test, Method::PATCH, "/external/test-drives/{id}", &drive, Some(json!({"status": "pending"})), &[]).await;
        app.get(&format!("/external/vehicles/{vehicle}"), app.live_key()).await.data(200);
    }

    async fn another_dealers_api_key_is_not_found(app: TestApp) {
        let other = &app.other_org().staff;
        let login = json!({"email": other.email, "password": other.password});
        let token = app.request(Method::POST, "/api/v1/auth/login", None, Some(login), &[]).await.data(200)["token"].as_str().unwrap().to_owned();
        let bearer = format!("Bearer {token}");
        let keys = app.request(Method::GET, "/api/v1/api-keys", None, None, &[("authorization", &bearer)]).await;
        let their_key = keys.data(200)[0]["id"].as_str().unwrap().to_owned();
        let mine = format!("Bearer {}", app.staff_token().await);
        for id in [their_key.clone(), uuid::Uuid::new_v4().to_string()] {
            let reply = app.request(Method::DELETE, &format!("/api/v1/api-keys/{id}"), None, None, &[("authorization", &mine)]).await;
            assert_eq!(reply.assert_error(404), "API key not found");
        }
        // Their key still works.
        let keys = app.request(Method::GET, "/api/v1/api-keys", None, None, &[("authorization", &bearer)]).await;
        assert!(keys.data(200)[0]["revokedDate"].is_null());
    }
}
