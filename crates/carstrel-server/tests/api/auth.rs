//! `x-api-key` on every request, environments, scopes, and customer accounts.

use crate::helpers::{reply, TestApp};
use crate::{backend_tests, documented_tests};
use reqwest::Method;
use serde_json::json;

documented_tests! {
    async fn missing_and_unknown_keys_get_the_documented_401(app: TestApp) {
        for key in [None, Some("sk_live_not_a_real_key"), Some("pk_live_wrong_prefix"), Some("")] {
            let reply = app.request(Method::GET, "/external/brands", key, None, &[]).await;
            assert_eq!(reply.assert_error(401), "Invalid or missing API key");
            assert_eq!(reply.body["message"], "Unauthorized");
        }
        // Register and login need the key too (the docs say: no exceptions).
        let body = json!({"email": "a@example.com", "password": "password123"});
        let reply = app.request(Method::POST, "/external/auth/login", None, Some(body), &[]).await;
        reply.assert_error(401);
    }

    async fn test_and_live_keys_see_separate_inventories(app: TestApp) {
        let live = app.all_ids("/external/vehicles", app.live_key()).await;
        let test = app.all_ids("/external/vehicles", app.test_key()).await;
        assert!(!live.is_empty() && !test.is_empty());
        assert!(live.iter().all(|id| !test.contains(id)), "an id is visible in both environments");
        // A live vehicle is not found through the test key, and the other way round.
        app.get(&format!("/external/vehicles/{}", live[0]), app.test_key()).await.assert_error(404);
        app.get(&format!("/external/vehicles/{}", test[0]), app.live_key()).await.assert_error(404);
        // Metadata is global: both environments see the same brands.
        let brands_live = app.get("/external/brands", app.live_key()).await;
        let brands_test = app.get("/external/brands", app.test_key()).await;
        assert_eq!(brands_live.body["total"], brands_test.body["total"]);
    }

    async fn dealers_never_see_each_others_customers(app: TestApp) {
        let mine = app.all_ids("/external/customers", app.live_key()).await;
        let theirs = app.all_ids("/external/customers", app.other_org_key()).await;
        assert!(mine.iter().all(|id| !theirs.contains(id)));
        let path = format!("/external/customers/{}", mine[0]);
        app.get(&path, app.other_org_key()).await.assert_error(404);
        let edit = json!({"notes": "not yours"});
        app.patch(&path, app.other_org_key(), edit).await.assert_error(404);
        let still = app.get(&path, app.live_key()).await;
        assert_ne!(still.data(200)["notes"], "not yours");
    }
}

backend_tests! {
    async fn a_key_without_the_scope_gets_403(app: TestApp) {
        let key = app.read_only_key();
        app.get("/external/vehicles", key).await.data(200);
        for path in ["/external/customers", "/external/customers/stats/summary", "/external/test-drives"] {
            let error = app.get(path, key).await.assert_error(403).to_owned();
            assert!(error.contains("scope"), "{error}");
        }
        let reply = app.patch(&format!("/external/customers/{}", uuid::Uuid::new_v4()), key, json!({"notes": "x"})).await;
        assert!(reply.assert_error(403).contains("customers:write"));
    }

    async fn the_scope_is_checked_before_the_body(app: TestApp) {
        // A read-only key gets 403 for any body it posts, valid, empty or malformed: its
        // body is never parsed, so it learns nothing of what a write would take.
        let key = app.read_only_key();
        let customer = format!("/external/customers/{}", uuid::Uuid::new_v4());
        let drive = format!("/external/test-drives/{}", uuid::Uuid::new_v4());
        let vehicle = format!("/external/vehicles/{}", uuid::Uuid::new_v4());
        let posts = ["/external/auth/register", "/external/auth/login", "/external/auth/refresh", "/external/newsletter/subscribe",
            "/external/newsletter/unsubscribe", "/external/contact/submit", "/external/test-drives"];
        for body in [json!({}), json!([1]), json!({"unknown": true}), json!("text")] {
            for path in posts {
                let reply = app.post(path, key, body.clone()).await;
                assert!(reply.assert_error(403).contains("scope"), "{path} {body}: {reply:?}");
            }
            for path in [&customer, &drive, &vehicle] {
                app.patch(path, key, body.clone()).await.assert_error(403);
            }
        }
        let url = format!("{}/external/contact/submit", app.base);
        let not_json = app.http.post(&url).header("x-api-key", key).header("content-type", "application/json").body("{oops").send().await.unwrap();
        reply(not_json).await.assert_error(403);
    }

    async fn register_login_me_and_refresh(app: TestApp) {
        let key = app.live_key();
        let register = json!({"email": "jane@example.com", "password": "securepassword123",
            "firstName": "Jane", "lastName": "Doe", "phone": {"mobile": "+254700000001"}});
        let reply = app.post("/external/auth/register", key, register.clone()).await;
        let session = reply.data(201).clone();
        assert_eq!(session["isNewUser"], true);
        assert_eq!(session["isNewCustomer"], true);
        assert_eq!(session["expires_in"], 3600);
        assert_eq!(session["token_type"], "Bearer");
        assert_eq!(session["user"]["email"], "jane@example.com");
        assert_eq!(session["user"]["phone"]["mobile"], "+254700000001");
        let access = session["access_token"].as_str().unwrap();

        let bearer = format!("Bearer {access}");
        let me = app.request(Method::GET, "/external/auth/me", Some(key), None, &[("authorization", &bearer)]).await;
        let me = me.data(200);
        assert_eq!(me["user"]["firstName"], "Jane");
        assert_eq!(me["customer"]["customerSegment"], "new");
        assert_eq!(me["customer"]["isVip"], false);
        assert!(me["user"].as_object().unwrap().contains_key("profileImageUrl"));

        // Without the Bearer token, or with the key alone: 401.
        app.get("/external/auth/me", key).await.assert_error(401);
        // A token issued through one dealer's key is refused with another's.
        let other = app.request(Method::GET, "/external/auth/me", Some(app.other_org_key()), None, &[("authorization", &bearer)]).await;
        other.assert_error(401);

        // Registering again with the same email at the same dealer is a 409 or a login, never a second account.
        let login = app.post("/external/auth/login", key, json!({"email": "jane@example.com", "password": "securepassword123"})).await;
        let login = login.data(200);
        assert_eq!(login["isNewCustomer"], false);
        assert_eq!(login["user"]["id"], session["user"]["id"]);

        let wrong = app.post("/external/auth/login", key, json!({"email": "jane@example.com", "password": "wrong-password"})).await;
        wrong.assert_error(401);

        let refreshed = app.post("/external/auth/refresh", key, json!({"refresh_token": session["refresh_token"]})).await;
        let refreshed = refreshed.data(200);
        assert!(refreshed["access_token"].as_str().is_some_and(|t| !t.is_empty()));
        // An access token is not a refresh token.
        app.post("/external/auth/refresh", key, json!({"refresh_token": access})).await.assert_error(401);
        // Seed 002 spells the field refreshToken: accepted too.
        let camel = app.post("/external/auth/refresh", key, json!({"refreshToken": session["refresh_token"]})).await;
        assert!(camel.data(200)["access_token"].as_str().is_some_and(|t| !t.is_empty()));
    }

    async fn tenant_responses_are_never_stored_by_shared_caches(app: TestApp) {
        let list = app.get("/external/vehicles", app.live_key()).await;
        list.data(200);
        assert_eq!(list.header("cache-control"), Some("private, no-store"));
        // A refusal says nothing a cache should keep either.
        let refused = app.get("/external/vehicles", "sk_live_not_a_key").await;
        refused.assert_error(401);
        assert_eq!(refused.header("cache-control"), Some("private, no-store"));
        let staff = app.request(Method::POST, "/api/v1/auth/login", None, Some(json!({"email": "nobody@example.com", "password": "x"})), &[]).await;
        assert_eq!(staff.header("cache-control"), Some("private, no-store"));
    }
}

documented_tests! {
    async fn an_existing_user_is_linked_to_a_second_dealer(app: TestApp) {
        let register = json!({"email": "sam@example.com", "password": "securepassword123", "firstName": "Sam", "lastName": "Ode"});
        let first = app.post("/external/auth/register", app.live_key(), register.clone()).await;
        let user_id = first.data(201)["user"]["id"].clone();
        let second = app.post("/external/auth/register", app.other_org_key(), register).await;
        let second = second.data(201);
        assert_eq!(second["isNewUser"], false);
        assert_eq!(second["isNewCustomer"], true);
        assert_eq!(second["user"]["id"], user_id);
        // Each dealer now has its own customer record for Sam.
        for key in [app.live_key(), app.other_org_key()] {
            let found = app.get("/external/customers?search=sam%40example.com", key).await;
            assert_eq!(found.body["total"], 1, "{}", found.body);
        }
    }

    async fn wrong_password_on_register_neither_links_nor_returns_tokens(app: TestApp) {
        let register = json!({"email": "kim@example.com", "password": "securepassword123", "firstName": "Kim", "lastName": "Lee"});
        app.post("/external/auth/register", app.live_key(), register).await.data(201);
        let impostor = json!({"email": "kim@example.com", "password": "a-different-password", "firstName": "Kim", "lastName": "Lee"});
        let reply = app.post("/external/auth/register", app.other_org_key(), impostor).await;
        reply.assert_error(401);
        assert!(reply.body.get("data").is_none());
        let found = app.get("/external/customers?search=kim%40example.com", app.other_org_key()).await;
        assert_eq!(found.body["total"], 0);
    }

    async fn short_passwords_and_missing_fields_are_refused(app: TestApp) {
        let short = json!({"email": "x@example.com", "password": "short", "firstName": "X", "lastName": "Y"});
        let error = app.post("/external/auth/register", app.live_key(), short).await.assert_error(400).to_owned();
        assert!(error.contains('8'), "{error}");
        let missing = json!({"email": "x@example.com", "password": "longenough1"});
        app.post("/external/auth/register", app.live_key(), missing).await.assert_error(400);
        let bad_email = json!({"email": "not-an-email", "password": "longenough1", "firstName": "X", "lastName": "Y"});
        app.post("/external/auth/register", app.live_key(), bad_email).await.assert_error(400);
    }
}
