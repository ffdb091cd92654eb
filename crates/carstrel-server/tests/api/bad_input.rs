//! Whatever a client sends, the answer is a 4xx in the documented error shape: never a
//! 500, a panic or a hang.

use crate::helpers::{reply, TestApp};
use crate::{backend_tests, documented_tests};
use reqwest::Method;
use serde_json::json;

backend_tests! {
    async fn malformed_query_parameters_get_400(app: TestApp) {
        let cases = [
            "/external/vehicles?limit=0", "/external/vehicles?limit=101", "/external/vehicles?limit=-5",
            "/external/vehicles?limit=abc", "/external/vehicles?page=0", "/external/vehicles?page=1.5",
            "/external/vehicles?page=99999999999", "/external/vehicles?sort=colour", "/external/vehicles?order=sideways",
            "/external/vehicles?listingType=lease", "/external/vehicles?brandId=not-a-uuid",
            "/external/vehicles?minYear=twenty", "/external/vehicles?minPrice=NaN", "/external/vehicles?maxPrice=inf",
            "/external/customers?segment=gold", "/external/customers?sortBy=age", "/external/customers?sortOrder=up",
            "/external/customers?limit=1000", "/external/brands?limit=101", "/external/generations?page=-1",
            "/external/models?brandId=123", "/external/vehicles/changes?since=-1", "/external/vehicles/changes?limit=0",
            "/external/vehicles/changes?since=abc", "/external/test-drives?vehicleId=nope",
        ];
        for path in cases {
            let reply = app.get(path, app.live_key()).await;
            assert_eq!(reply.status, 400, "{path}: {}", reply.body);
            let error = reply.assert_error(400);
            assert!(!error.is_empty(), "{path}");
        }
        // An empty range is a search that finds nothing, not a malformed one.
        for path in ["/external/vehicles?minYear=2022&maxYear=2020", "/external/vehicles?minPrice=5000&maxPrice=10"] {
            assert_eq!(app.get(path, app.live_key()).await.data(200), &serde_json::json!([]), "{path}");
        }
        // An empty value is a malformed one, not an absent one (as NestJS's validation has it).
        for path in ["/external/vehicles?page=", "/external/vehicles?order=", "/external/vehicles?brandId=", "/external/test-drives?status="] {
            app.get(path, app.live_key()).await.assert_error(400);
        }
        app.get("/external/customers?search=", app.live_key()).await.data(200);
        // Each message names the parameter at fault.
        let reply = app.get("/external/vehicles?sort=colour", app.live_key()).await;
        assert!(reply.assert_error(400).contains("sort"));
        let reply = app.get("/external/vehicles?limit=101", app.live_key()).await;
        assert!(reply.assert_error(400).contains("100"));
    }
}

documented_tests! {
    async fn malformed_ids_get_400_and_unknown_ones_404(app: TestApp) {
        for path in ["/external/vehicles/123", "/external/brands/%27%20OR%201=1--", "/external/models/x", "/external/customers/🚗",
            "/external/engines/..", "/external/test-drives/abc", "/external/trims/0", "/external/generations/null", "/external/body-types/-"] {
            let reply = app.get(path, app.live_key()).await;
            assert!(reply.status == 400 || reply.status == 404, "{path}: {reply:?}");
            reply.assert_error(reply.status);
        }
        // A segment that is not UTF-8 is a 400 in the documented shape, not plain text.
        app.get("/external/vehicles/%FF%FE", app.live_key()).await.assert_error(400);
        app.get("/external/nowhere", app.live_key()).await.assert_error(404);
        app.request(Method::DELETE, "/external/brands", Some(app.live_key()), None, &[]).await.assert_error(405);
    }

    async fn bad_bodies_get_400_413_or_415(app: TestApp) {
        let url = format!("{}/external/contact/submit", app.base);
        let send = |body: reqwest::Body, content_type: &'static str| {
            app.http.post(&url).header("x-api-key", app.live_key()).header("content-type", content_type).body(body).send()
        };
        reply(send("{not json".into(), "application/json").await.unwrap()).await.assert_error(400);
        reply(send("".into(), "application/json").await.unwrap()).await.assert_error(400);
        reply(send("name=a".into(), "application/x-www-form-urlencoded").await.unwrap()).await.assert_error(415);
        let wrong_types = json!({"name": 5, "email": ["a"], "message": {}}).to_string();
        reply(send(wrong_types.into(), "application/json").await.unwrap()).await.assert_error(400);
        let missing = json!({"name": "Ann"}).to_string();
        reply(send(missing.into(), "application/json").await.unwrap()).await.assert_error(400);
        // A body over the limit is refused from its Content-Length, before it is read.
        let huge = oversized_post(&app, "/external/contact/submit", 2 * 1024 * 1024).await;
        assert!(huge.starts_with("HTTP/1.1 413"), "{huge}");
        assert!(huge.contains("\"statusCode\":413"), "{huge}");
        // Overlong fields are refused with a reason, not stored.
        let long = json!({"name": "a".repeat(10_000), "email": "a@example.com", "message": "hi"});
        app.post("/external/contact/submit", app.live_key(), long).await.assert_error(400);
        let customer = app.get("/external/customers?limit=1", app.live_key()).await.data(200)[0]["id"].as_str().unwrap().to_owned();
        let path = format!("/external/customers/{customer}");
        for bad in [json!({"tags": "vip"}), json!({"isVip": "yes"}), json!({"notes": "x".repeat(100_000)}), json!({"tags": (0..1000).map(|i| format!("tag-{i}")).collect::<Vec<_>>()}), json!({}), json!([1, 2])] {
            let reply = app.patch(&path, app.live_key(), bad.clone()).await;
            assert!(matches!(reply.status, 400 | 413), "{bad}: {reply:?}");
            reply.assert_error(reply.status);
        }
    }

    async fn hostile_search_strings_are_inert(app: TestApp) {
        let total = app.get("/external/customers", app.live_key()).await.body["total"].clone();
        for search in ["' OR 1=1 --", "%", "_", "\\", "\"; DROP TABLE customers; --", "日本語", "a%25b", "😀"] {
            let encoded: String = url_encode(search);
            let reply = app.get(&format!("/external/customers?search={encoded}"), app.live_key()).await;
            let found = reply.data(200).as_array().unwrap();
            assert!(found.len() < 20 || search == "_", "{search} matched too much");
        }
        let long = "a".repeat(10_000);
        app.get(&format!("/external/customers?search={long}"), app.live_key()).await.assert_error(400);
        app.get("/external/customers?search=%00", app.live_key()).await.assert_error(400);
        // The table is still there, with everyone in it.
        assert_eq!(app.get("/external/customers", app.live_key()).await.body["total"], total);
    }
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Sends the head of a POST announcing `length` bytes and returns the raw reply.
async fn oversized_post(app: &TestApp, path: &str, length: usize) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = app.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nhost: {addr}\r\nx-api-key: {}\r\ncontent-type: application/json\r\n\
         content-length: {length}\r\nconnection: close\r\n\r\n{{\"name\": \"",
        app.live_key()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut reply = Vec::new();
    let read = stream.read_to_end(&mut reply);
    tokio::time::timeout(std::time::Duration::from_secs(10), read)
        .await
        .expect("no hang")
        .unwrap();
    String::from_utf8_lossy(&reply).into_owned()
}
