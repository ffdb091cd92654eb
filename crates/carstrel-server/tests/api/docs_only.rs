//! `serve --docs-only`: the published CarStrel API alone. Every addition answers 404 in
//! the documented error shape, no addition's header is sent or read, and rate limiting
//! still refuses past the budget. (The documented behaviour itself runs in both modes
//! through `documented_tests!` in the other files.)

use crate::helpers::{spawn_docs_only_app, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

/// A vehicle, a customer and a test drive of the first dealer, through documented routes.
async fn ids(app: &TestApp) -> (String, String, String) {
    let key = app.live_key();
    let first_id =
        |reply: crate::helpers::Reply| reply.data(200)[0]["id"].as_str().unwrap().to_owned();
    let vehicle = first_id(app.get("/external/vehicles?limit=1", key).await);
    let customer = first_id(app.get("/external/customers?limit=1", key).await);
    let request = json!({"vehicleId": vehicle, "name": "Docs Only", "email": "docs@example.com"});
    let drive = app
        .post("/external/test-drives", key, request)
        .await
        .data(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (vehicle, customer, drive)
}

/// Every addition of DESIGN.md's tables, as a client would call it.
fn additions(vehicle: &str, drive: &str) -> Vec<(Method, String, Option<Value>)> {
    let get = |path: &str| (Method::GET, path.to_owned(), None);
    vec![
        get("/external/vehicles/changes"),
        get("/external/vehicles/changes?since=0&limit=10"),
        get("/external/customers/changes"),
        get("/external/test-drives/changes"),
        get("/external/test-drives"),
        get("/external/test-drives?status=pending"),
        get(&format!("/external/test-drives/{drive}")),
        (
            Method::PATCH,
            format!("/external/test-drives/{drive}"),
            Some(json!({"status": "confirmed"})),
        ),
        (
            Method::POST,
            "/external/auth/refresh".into(),
            Some(json!({"refresh_token": "x"})),
        ),
        (
            Method::PATCH,
            format!("/external/vehicles/{vehicle}"),
            Some(json!({"name": "Renamed"})),
        ),
        (
            Method::DELETE,
            format!("/external/vehicles/{vehicle}"),
            None,
        ),
        (
            Method::POST,
            "/api/v1/auth/login".into(),
            Some(json!({"email": "a@b.c", "password": "x"})),
        ),
        (
            Method::POST,
            "/api/v1/auth/refresh".into(),
            Some(json!({"refreshToken": "x"})),
        ),
        get("/api/v1/api-keys"),
        (
            Method::POST,
            "/api/v1/api-keys".into(),
            Some(json!({"name": "k"})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/api-keys/{}", uuid::Uuid::new_v4()),
            None,
        ),
        get("/openapi.json"),
        get("/health"),
        get(&format!("/media/vehicles/{vehicle}/1.png")),
        // The calendar and inventory aging (issue 17).
        get("/external/test-drives?from=2026-12-01&to=2026-12-08"),
        get("/external/settings"),
        (
            Method::PATCH,
            "/external/settings".into(),
            Some(json!({"testDriveMinutes": 45})),
        ),
        get("/external/vehicles/stats/aging"),
        get(&format!("/external/vehicles/{vehicle}/price-history")),
        get("/external/leads"),
        get("/external/leads?status=new"),
        get("/external/leads/changes"),
        get("/external/leads/stats/summary"),
        get(&format!("/external/leads/{drive}")),
        (
            Method::POST,
            "/external/leads".into(),
            Some(json!({"source": "walk_in", "name": "Docs Only"})),
        ),
        (
            Method::PATCH,
            format!("/external/leads/{drive}"),
            Some(json!({"status": "contacted"})),
        ),
        get("/external/staff"),
        get("/external/tasks"),
        get("/external/tasks?due=overdue"),
        get("/external/tasks/changes"),
        get(&format!("/external/tasks/{drive}")),
        (
            Method::POST,
            "/external/tasks".into(),
            Some(json!({"title": "Docs Only", "dueAt": "2030-01-01"})),
        ),
        (
            Method::PATCH,
            format!("/external/tasks/{drive}"),
            Some(json!({"done": true})),
        ),
        (Method::DELETE, format!("/external/tasks/{drive}"), None),
        get("/healthz"),
        get("/readyz"),
        get("/metrics"),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_addition_answers_404_in_the_documented_shape() {
    let app = spawn_docs_only_app().await;
    let (vehicle, _, drive) = ids(&app).await;
    for (method, path, body) in additions(&vehicle, &drive) {
        // With a valid key, with none, and with a key that lacks every scope: always 404,
        // as for an endpoint that does not exist.
        for key in [Some(app.live_key()), None, Some(app.read_only_key())] {
            let reply = app
                .request(method.clone(), &path, key, body.clone(), &[])
                .await;
            assert_eq!(
                reply.status, 404,
                "{method} {path} with {key:?}: {:?}",
                reply.body
            );
            assert_eq!(
                reply.assert_error(404),
                "No such endpoint",
                "{method} {path}"
            );
            assert!(reply.header("etag").is_none() && reply.header("x-ratelimit-limit").is_none());
        }
    }
    // Nothing happened: the vehicle is still there and still named as it was.
    let vehicle_now = app
        .get(&format!("/external/vehicles/{vehicle}"), app.live_key())
        .await;
    assert_ne!(vehicle_now.data(200)["name"], "Renamed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_etag_or_rate_limit_headers_and_if_none_match_never_gives_304() {
    let app = spawn_docs_only_app().await;
    let (vehicle, customer, _) = ids(&app).await;
    for path in [
        "/external/brands".to_owned(),
        "/external/vehicles?limit=3".to_owned(),
        format!("/external/vehicles/{vehicle}"),
        "/external/customers".to_owned(),
        format!("/external/customers/{customer}"),
        "/external/vehicles/stats/summary".to_owned(),
    ] {
        for if_none_match in ["*", "\"v1\""] {
            let headers = [("if-none-match", if_none_match)];
            let reply = app
                .request(Method::GET, &path, Some(app.live_key()), None, &headers)
                .await;
            reply.data(200);
            for name in [
                "etag",
                "x-ratelimit-limit",
                "x-ratelimit-remaining",
                "x-ratelimit-reset",
            ] {
                assert!(reply.header(name).is_none(), "{path} sends {name}");
            }
        }
    }
    // A key without the scope is refused as documented, with 403.
    for path in ["/external/customers", "/external/customers/stats/summary"] {
        let refused = app.get(path, app.read_only_key()).await;
        assert!(refused.assert_error(403).contains("scope"));
        assert!(refused.header("x-ratelimit-remaining").is_none());
    }
    // Error replies carry none either.
    let missing = app
        .get(
            &format!("/external/vehicles/{}", uuid::Uuid::new_v4()),
            app.live_key(),
        )
        .await;
    missing.assert_error(404);
    assert!(missing.header("x-ratelimit-remaining").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_patch_with_a_stale_if_match_succeeds() {
    let app = spawn_docs_only_app().await;
    let (_, customer, _) = ids(&app).await;
    let path = format!("/external/customers/{customer}");
    let key = Some(app.live_key());
    let first = json!({"notes": "first"});
    app.request(
        Method::PATCH,
        &path,
        key,
        Some(first),
        &[("if-match", "\"v1\"")],
    )
    .await
    .data(200);
    // The full server would refuse this one with 412: here the header means nothing.
    let second = json!({"notes": "second"});
    let stale = app
        .request(
            Method::PATCH,
            &path,
            key,
            Some(second),
            &[("if-match", "\"v1\"")],
        )
        .await;
    assert_eq!(stale.data(200)["notes"], "second");
    assert!(stale.header("etag").is_none());
    assert_eq!(
        app.get(&path, app.live_key()).await.data(200)["notes"],
        "second"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_repeated_with_the_same_idempotency_key_creates_a_second_record() {
    let app = spawn_docs_only_app().await;
    let (vehicle, _, _) = ids(&app).await;
    let request = json!({"vehicleId": vehicle, "name": "Twice Sent", "email": "twice@example.com"});
    let headers = [("idempotency-key", "retry-7f3a")];
    let send = || {
        app.request(
            Method::POST,
            "/external/test-drives",
            Some(app.live_key()),
            Some(request.clone()),
            &headers,
        )
    };
    let first = send().await;
    let second = send().await;
    assert_ne!(first.data(201)["id"], second.data(201)["id"]);
    assert!(second.header("idempotent-replayed").is_none());
    // A key that the full server refuses as malformed is not even read.
    let bad_key = [("idempotency-key", " ")];
    let reply = app
        .request(
            Method::POST,
            "/external/test-drives",
            Some(app.live_key()),
            Some(request.clone()),
            &bad_key,
        )
        .await;
    reply.data(201);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_budget_429_comes_with_retry_after_and_no_rate_limit_headers() {
    let app = spawn_docs_only_app().await;
    let key = app.new_key(None, Some(2)).await;
    for _ in 0..2 {
        let reply = app.get("/external/brands?limit=1", &key).await;
        reply.data(200);
        assert!(reply.header("x-ratelimit-remaining").is_none());
    }
    let limited = app.get("/external/brands?limit=1", &key).await;
    assert!(limited.assert_error(429).contains("retry"));
    // The docs say to "retry after the specified time": Retry-After specifies it.
    let retry_after: u64 = limited
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .unwrap();
    assert!((1..=3600).contains(&retry_after));
    assert!(limited.header("x-ratelimit-limit").is_none());
    // Other keys are unaffected.
    app.get("/external/brands?limit=1", app.live_key())
        .await
        .data(200);
}
