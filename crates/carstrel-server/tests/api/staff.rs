//! Seed 002's staff side: login, refresh, and API keys with scopes and per-key limits.

use crate::backend_tests;
use crate::helpers::TestApp;
use reqwest::Method;
use serde_json::json;

backend_tests! {
    async fn staff_create_list_use_and_revoke_keys(app: TestApp) {
        let token = app.staff_token().await;
        let bearer = format!("Bearer {token}");
        let auth = [("authorization", bearer.as_str())];
        let request = json!({"name": "Partner Integration Key", "scopes": ["inventory:read", "customers:read"],
            "rateLimitPerHour": 50, "environment": "test"});
        let created = app.request(Method::POST, "/api/v1/api-keys", None, Some(request), &auth).await;
        let created = created.data(201).clone();
        let key = created["key"].as_str().unwrap().to_owned();
        assert!(key.starts_with("sk_test_"), "{key}");
        assert_eq!(created["rateLimitPerHour"], 50);
        assert_eq!(created["scopes"], json!(["inventory:read", "customers:read"]));

        // The key works at once, in its environment, with its own limit.
        let reply = app.get("/external/vehicles?limit=1", &key).await;
        reply.data(200);
        assert_eq!(reply.header("x-ratelimit-limit"), Some("50"));
        let test_ids = app.all_ids("/external/vehicles", app.test_key()).await;
        assert!(test_ids.contains(&reply.body["data"][0]["id"].as_str().unwrap().to_owned()));
        app.post("/external/contact/submit", &key, json!({"name": "a", "email": "a@example.com", "message": "m"})).await.assert_error(403);

        // The list never shows a key, only its prefix; the key is stored hashed.
        let list = app.request(Method::GET, "/api/v1/api-keys", None, None, &auth).await;
        let text = list.body.to_string();
        assert!(!text.contains(&key), "the list leaks a key");
        assert!(list.data(200).as_array().unwrap().iter().any(|k| k["id"] == created["id"]));
        let stored: Vec<(String,)> = sqlx::query_as("SELECT key_hash FROM api_keys").fetch_all(&app.db().pool).await.unwrap();
        assert!(stored.iter().all(|(hash,)| !hash.contains(&key[8..])));

        let id = created["id"].as_str().unwrap();
        let revoked = app.request(Method::DELETE, &format!("/api/v1/api-keys/{id}"), None, None, &auth).await;
        assert!(revoked.data(200)["revokedDate"].is_string());
        app.get("/external/vehicles", &key).await.assert_error(401);
    }

    async fn staff_endpoints_refuse_bad_logins_and_tokens(app: TestApp) {
        let staff = &app.creds().organizations[0].staff;
        let wrong = json!({"email": staff.email, "password": "not-the-password"});
        app.request(Method::POST, "/api/v1/auth/login", None, Some(wrong), &[]).await.assert_error(401);
        app.request(Method::GET, "/api/v1/api-keys", None, None, &[]).await.assert_error(401);
        app.request(Method::GET, "/api/v1/api-keys", None, None, &[("authorization", "Bearer junk")]).await.assert_error(401);
        // A customer's token is not a staff token.
        let register = json!({"email": "c@example.com", "password": "password123", "firstName": "C", "lastName": "D"});
        let session = app.post("/external/auth/register", app.live_key(), register).await;
        let customer = format!("Bearer {}", session.data(201)["access_token"].as_str().unwrap());
        app.request(Method::GET, "/api/v1/api-keys", None, None, &[("authorization", &customer)]).await.assert_error(401);

        let login = json!({"email": staff.email, "password": staff.password});
        let session = app.request(Method::POST, "/api/v1/auth/login", None, Some(login), &[]).await;
        let refresh = json!({"refreshToken": session.data(200)["refreshToken"]});
        let refreshed = app.request(Method::POST, "/api/v1/auth/refresh", None, Some(refresh), &[]).await;
        assert!(refreshed.data(200)["token"].is_string());

        // Invalid key requests are 400s, as NestJS's validation answers them: an unknown
        // scope (the body's shape), a zero limit and an empty name (fields breaking a rule).
        let bearer = format!("Bearer {}", app.staff_token().await);
        let auth = [("authorization", bearer.as_str())];
        for (bad, status) in [(json!({"name": "k", "scopes": ["everything"]}), 400), (json!({"name": "k", "rateLimitPerHour": 0}), 400), (json!({"name": ""}), 400)] {
            app.request(Method::POST, "/api/v1/api-keys", None, Some(bad), &auth).await.assert_error(status);
        }
        // Another dealer's key cannot be revoked.
        let revoke = format!("/api/v1/api-keys/{}", uuid::Uuid::new_v4());
        app.request(Method::DELETE, &revoke, None, None, &auth).await.assert_error(404);
    }
}
