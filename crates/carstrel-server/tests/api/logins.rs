//! Sign-in throttling (issue 15, 3b) and timing (3f): staff logins are limited per
//! account and per client address, customer logins and registrations per email and per
//! API key (never per address: a dealer's site sends them all from one server); a
//! throttled attempt gets 429 with `Retry-After` in the documented error shape; an
//! unknown email answers as slowly as a known one.

use crate::helpers::{spawn_app_with, Backend, Reply, TestApp};
use carstrel_server::throttle::{Limit, Limits};
use carstrel_server::ServerConfig;
use reqwest::Method;
use serde_json::json;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(600);

async fn app_with(limits: Limits) -> TestApp {
    let config = ServerConfig {
        limits,
        ..ServerConfig::default()
    };
    spawn_app_with(Backend::Sqlite, config).await.unwrap()
}

async fn staff_login(app: &TestApp, email: &str, password: &str) -> Reply {
    let body = json!({"email": email, "password": password});
    app.request(Method::POST, "/api/v1/auth/login", None, Some(body), &[])
        .await
}

async fn customer_login(app: &TestApp, key: &str, email: &str, password: &str) -> Reply {
    let body = json!({"email": email, "password": password});
    app.post("/external/auth/login", key, body).await
}

async fn register(app: &TestApp, key: &str, email: &str, password: &str) -> Reply {
    let body = json!({"email": email, "password": password, "firstName": "Ann", "lastName": "Lee"});
    app.post("/external/auth/register", key, body).await
}

/// A throttled reply: 429, the documented body, and a `Retry-After` within the window.
fn assert_throttled(reply: &Reply) {
    assert!(reply.assert_error(429).contains("retry"), "{}", reply.body);
    let wait: u64 = reply
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .unwrap();
    assert!((1..=WINDOW.as_secs()).contains(&wait), "Retry-After {wait}");
}

#[tokio::test]
async fn staff_logins_are_limited_per_account() {
    let app = app_with(Limits {
        staff_login_per_account: Limit::new(3, WINDOW),
        ..Limits::default()
    })
    .await;
    let staff = app.staff().clone();
    // A success does not use the budget up; failures do.
    staff_login(&app, &staff.email, &staff.password)
        .await
        .data(200);
    for _ in 0..3 {
        staff_login(&app, &staff.email, "wrong-password")
            .await
            .assert_error(401);
    }
    assert_throttled(&staff_login(&app, &staff.email, "wrong-password").await);
    // However it is spelled, and even with the right password, until the window ends.
    let shouting = staff.email.to_uppercase();
    assert_throttled(&staff_login(&app, &shouting, &staff.password).await);
    // Another account from the same address is not affected.
    let other = app.other_org().staff.clone();
    staff_login(&app, &other.email, &other.password)
        .await
        .data(200);
}

#[tokio::test]
async fn staff_logins_are_limited_per_client_address() {
    let app = app_with(Limits {
        staff_login_per_address: Limit::new(3, WINDOW),
        ..Limits::default()
    })
    .await;
    for i in 0..3 {
        let email = format!("nobody{i}@example.com");
        staff_login(&app, &email, "wrong-password")
            .await
            .assert_error(401);
    }
    // The fourth guess from this address is refused, whichever account it tries.
    let staff = app.staff().clone();
    assert_throttled(&staff_login(&app, &staff.email, &staff.password).await);
}

#[tokio::test]
async fn customer_sign_ins_are_limited_per_email_not_per_address() {
    let app = app_with(Limits {
        customer_login_per_account: Limit::new(3, WINDOW),
        ..Limits::default()
    })
    .await;
    let key = app.live_key().to_owned();
    register(&app, &key, "ann@example.com", "password123")
        .await
        .data(201);
    register(&app, &key, "bob@example.com", "password123")
        .await
        .data(201);
    for _ in 0..2 {
        customer_login(&app, &key, "ann@example.com", "wrong-password")
            .await
            .assert_error(401);
    }
    // A registration with the wrong password is a guess too.
    register(&app, &key, "Ann@Example.com", "wrong-password")
        .await
        .assert_error(401);
    assert_throttled(&customer_login(&app, &key, "ann@example.com", "password123").await);
    assert_throttled(&register(&app, &key, "ann@example.com", "password123").await);
    // Bob signs in from the same address (the dealer's web server) without trouble.
    customer_login(&app, &key, "bob@example.com", "password123")
        .await
        .data(200);
}

#[tokio::test]
async fn customer_sign_ins_are_limited_per_api_key() {
    let app = app_with(Limits {
        customer_login_per_key: Limit::new(3, WINDOW),
        ..Limits::default()
    })
    .await;
    let key = app.live_key().to_owned();
    for i in 0..3 {
        let email = format!("guess{i}@example.com");
        customer_login(&app, &key, &email, "wrong-password")
            .await
            .assert_error(401);
    }
    assert_throttled(&customer_login(&app, &key, "guess9@example.com", "whatever1").await);
    // Another dealer's site, same address: its own budget.
    let other = app.other_org_key().to_owned();
    register(&app, &other, "carl@example.com", "password123")
        .await
        .data(201);
    customer_login(&app, &other, "carl@example.com", "password123")
        .await
        .data(200);
}

/// How long an `unknown` reply takes against a `known` one: the median, over `tries`
/// pairs sent back to back (so a busy machine slows both alike), of each pair's ratio.
async fn median_ratio<K, U, KF, UF>(tries: usize, mut known: K, mut unknown: U) -> f64
where
    K: FnMut() -> KF,
    U: FnMut() -> UF,
    KF: std::future::Future<Output = Reply>,
    UF: std::future::Future<Output = Reply>,
{
    known().await.assert_error(401);
    unknown().await.assert_error(401);
    let mut ratios = Vec::new();
    for _ in 0..tries {
        let started = Instant::now();
        known().await.assert_error(401);
        let known_time = started.elapsed();
        let started = Instant::now();
        unknown().await.assert_error(401);
        let unknown_time = started.elapsed();
        eprintln!("known {known_time:?}, unknown {unknown_time:?}");
        ratios.push(unknown_time.as_secs_f64() / known_time.as_secs_f64());
    }
    ratios.sort_by(f64::total_cmp);
    ratios[tries / 2]
}

fn assert_as_slow(ratio: f64, what: &str) {
    eprintln!("{what}: an unknown email takes {ratio:.2}x as long as a known one");
    assert!(
        ratio >= 0.5,
        "{what}: an unknown email answers in {ratio:.2}x the time of a known one"
    );
}

#[tokio::test]
async fn an_unknown_email_costs_as_long_as_a_known_one() {
    let app = app_with(Limits::default()).await;
    let staff = app.staff().clone();
    let ratio = median_ratio(
        7,
        || staff_login(&app, &staff.email, "wrong-password"),
        || staff_login(&app, "ghost@example.com", "wrong-password"),
    )
    .await;
    assert_as_slow(ratio, "staff login");

    let key = app.live_key().to_owned();
    register(&app, &key, "ann@example.com", "password123")
        .await
        .data(201);
    let ratio = median_ratio(
        7,
        || customer_login(&app, &key, "ann@example.com", "wrong-password"),
        || customer_login(&app, &key, "ghost@example.com", "wrong-password"),
    )
    .await;
    assert_as_slow(ratio, "customer login");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_sign_ins_is_answered_without_failing() {
    let app = app_with(Limits::default()).await;
    let mut flood = tokio::task::JoinSet::new();
    for i in 0..30 {
        let request = app
            .http
            .post(format!("{}/external/auth/login", app.base))
            .header("x-api-key", app.live_key())
            .json(&json!({"email": format!("flood{i}@example.com"), "password": "wrong-password"}));
        flood.spawn(async move { crate::helpers::reply(request.send().await.unwrap()).await });
    }
    while let Some(reply) = flood.join_next().await {
        reply.unwrap().assert_error(401);
    }
}

/// A failed staff login that a proxy forwarded for `client`.
async fn login_from(app: &TestApp, client: &str) -> Reply {
    let body = json!({"email": "nobody@example.com", "password": "wrong-password"});
    let forwarded = [("x-forwarded-for", client)];
    app.request(
        Method::POST,
        "/api/v1/auth/login",
        None,
        Some(body),
        &forwarded,
    )
    .await
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget() {
    let limits = Limits {
        staff_login_per_address: Limit::new(2, WINDOW),
        ..Limits::default()
    };
    let config = ServerConfig {
        limits,
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        ..ServerConfig::default()
    };
    let proxied = spawn_app_with(Backend::Sqlite, config).await.unwrap();
    for _ in 0..2 {
        login_from(&proxied, "203.0.113.7").await.assert_error(401);
    }
    assert_throttled(&login_from(&proxied, "203.0.113.7").await);
    login_from(&proxied, "203.0.113.8").await.assert_error(401);

    // Without trusting the proxy, a forged header changes nothing.
    let direct = app_with(limits).await;
    login_from(&direct, "198.51.100.1").await.assert_error(401);
    login_from(&direct, "198.51.100.2").await.assert_error(401);
    assert_throttled(&login_from(&direct, "198.51.100.3").await);
}
