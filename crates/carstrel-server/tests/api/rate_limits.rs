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
