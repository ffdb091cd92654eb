//! `X-RateLimit-*` on every response, and 429 with `Retry-After` past a key's hourly limit.

use crate::backend_tests;
use crate::helpers::TestApp;
use reqwest::Method;
use serde_json::json;

backend_tests! {
    async fn every_response_carries_the_budget_and_429_comes_past_it(app: TestApp) {
        let bearer = format!("Bearer {}", app.staff_token().await);
        let request = json!({"name": "tiny", "rateLimitPerHour": 3, "environment": "live"});
        let created = app.request(Method::POST, "/api/v1/api-keys", None, Some(request), &[("authorization", &bearer)]).await;
        let key = created.data(201)["key"].as_str().unwrap().to_owned();

        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
        for remaining in [2, 1, 0] {
            let reply = app.get("/external/brands?limit=1", &key).await;
            reply.data(200);
            assert_eq!(reply.header("x-ratelimit-limit"), Some("3"));
            assert_eq!(reply.header("x-ratelimit-remaining"), Some(remaining.to_string().as_str()));
            let reset: u64 = reply.header("x-ratelimit-reset").unwrap().parse().unwrap();
            assert!(reset > now && reset <= now + 3601, "reset is a unix time within the hour: {reset}");
        }
        let limited = app.get("/external/brands?limit=1", &key).await;
        assert!(limited.assert_error(429).contains("retry"));
        let retry_after: u64 = limited.header("retry-after").expect("Retry-After").parse().unwrap();
        assert!((1..=3600).contains(&retry_after));
        assert_eq!(limited.header("x-ratelimit-remaining"), Some("0"));
        // Errors count against nothing else: another key is unaffected.
        let other = app.get("/external/brands?limit=1", app.live_key()).await;
        other.data(200);
        assert_eq!(other.header("x-ratelimit-limit"), Some("1000"));
        // Error replies carry the headers too.
        let not_found = app.get(&format!("/external/vehicles/{}", uuid::Uuid::new_v4()), app.live_key()).await;
        not_found.assert_error(404);
        assert!(not_found.header("x-ratelimit-remaining").is_some());
    }
}

#[tokio::test]
async fn the_window_turns_and_the_key_works_again() {
    let config = carstrel_server::ServerConfig {
        rate_limit_window_secs: 2,
        ..Default::default()
    };
    let app = crate::helpers::spawn_app_with(crate::helpers::Backend::Sqlite, config)
        .await
        .unwrap();
    let bearer = format!("Bearer {}", app.staff_token().await);
    let request = json!({"name": "tiny", "rateLimitPerHour": 1});
    let created = app
        .request(
            Method::POST,
            "/api/v1/api-keys",
            None,
            Some(request),
            &[("authorization", &bearer)],
        )
        .await;
    let key = created.data(201)["key"].as_str().unwrap().to_owned();
    app.get("/external/engine-types", &key).await.data(200);
    let limited = app.get("/external/engine-types", &key).await;
    limited.assert_error(429);
    let wait: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
    app.get("/external/engine-types", &key).await.data(200);
}

/// On PostgreSQL a server asks for its next lease ahead, once half of the last is spent:
/// a busy key's requests never wait on the database after the first. Two servers asking
/// ahead still serve exactly the limit between them, never one more, and the database
/// counts exactly what they served.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leases_come_ahead_and_two_servers_still_serve_exactly_the_limit() {
    use carstrel_server::rate_limit::{RateLimiter, LEAST_PER_LEASE};
    use carstrel_testkit::{Backend, Setup};
    use std::time::Duration;
    if !carstrel_testkit::postgres_configured() {
        return;
    }
    let seeded = Setup::new()
        .backend(Backend::Postgres)
        .demo(1, 1)
        .seed()
        .await;
    let db = seeded.db();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;

    // A busy key (a large budget), one request a millisecond: only the first waits.
    let busy = RateLimiter::for_database(3600, db);
    let requests = 4 * LEAST_PER_LEASE as usize;
    for i in 0..requests {
        let taken = busy.take("busy", 1_000_000, now).await.unwrap();
        assert!(taken.allowed, "request {i}");
        assert_eq!(
            taken.remaining,
            1_000_000 - 1 - i as u32,
            "exact with one server"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    assert_eq!(
        busy.waited_for_database(),
        1,
        "after the first request every lease came ahead"
    );

    // Two servers, a small budget, requests alternating and at times in bursts.
    let limit = 300;
    let servers = [
        RateLimiter::for_database(3600, db),
        RateLimiter::for_database(3600, db),
    ];
    let mut served = [0u32; 2];
    for i in 0..(2 * limit as usize) {
        let server = i % 2;
        if servers[server]
            .take("shared", limit, now)
            .await
            .unwrap()
            .allowed
        {
            served[server] += 1;
        }
        if i % 7 == 0 {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }
    assert_eq!(
        served[0] + served[1],
        limit,
        "one budget, exactly: {served:?}"
    );
    assert!(served[0] > 0 && served[1] > 0, "{served:?}");
    let used: i64 =
        sqlx::query_scalar("SELECT used FROM rate_limit_windows WHERE api_key_id = 'shared'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(used, i64::from(limit), "nothing leased and lost");
}
