//! Handler-level tests: requests straight into `carstrel_server::app` through
//! `tower::ServiceExt::oneshot`, no socket, for what needs no network (error shapes,
//! authentication, routing).

use crate::helpers::call;
use axum::body::Body;
use axum::http::{header, Method, Request};
use carstrel_testkit::{Seeded, Setup};

async fn seeded() -> Seeded {
    Setup::new().demo(3, 2).seed().await
}

fn get(path: &str, key: Option<&str>) -> Request<Body> {
    let mut request = Request::get(path);
    if let Some(key) = key {
        request = request.header("x-api-key", key);
    }
    request.body(Body::empty()).unwrap()
}

#[tokio::test]
async fn a_request_without_a_key_gets_the_documented_401() {
    let seeded = seeded().await;
    let reply = call(
        carstrel_server::app(seeded.state().clone()),
        get("/external/brands", None),
    )
    .await;
    assert_eq!(reply.assert_error(401), "Invalid or missing API key");
    assert_eq!(reply.body["message"], "Unauthorized");
}

#[tokio::test]
async fn a_known_key_gets_the_envelope() {
    let seeded = seeded().await;
    let app = carstrel_server::app(seeded.state().clone());
    let reply = call(app, get("/external/engine-types", Some(seeded.live_key()))).await;
    assert!(reply
        .data(200)
        .as_array()
        .is_some_and(|types| !types.is_empty()));
    assert!(reply.header("x-ratelimit-limit").is_some());
}

#[tokio::test]
async fn unknown_routes_and_methods_get_the_error_shape() {
    let seeded = seeded().await;
    let app = carstrel_server::app(seeded.state().clone());
    let reply = call(
        app.clone(),
        get("/no/such/endpoint", Some(seeded.live_key())),
    )
    .await;
    assert_eq!(reply.assert_error(404), "No such endpoint");

    let delete = Request::builder()
        .method(Method::DELETE)
        .uri("/external/brands")
        .header("x-api-key", seeded.live_key())
        .body(Body::empty())
        .unwrap();
    let reply = call(app, delete).await;
    assert_eq!(
        reply.assert_error(405),
        "This endpoint does not accept that method"
    );
}

#[tokio::test]
async fn a_body_that_is_not_json_is_refused_in_the_error_shape() {
    let seeded = seeded().await;
    let app = carstrel_server::app(seeded.state().clone());
    let request = Request::post("/external/contact/submit")
        .header("x-api-key", seeded.live_key())
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{not json"))
        .unwrap();
    call(app, request).await.assert_error(400);
}

#[tokio::test]
async fn health_needs_no_key() {
    let seeded = seeded().await;
    let reply = call(
        carstrel_server::app(seeded.state().clone()),
        get("/health", None),
    )
    .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["status"], "ok");
}
