//! Large replies are served whole: with the page's byte cap lifted, a changes page of over
//! 8 MiB (250 customers with 40 KB notes) is a 200, not the 500 it once was when the
//! `ETag` layer refused to hash a body past 8 MiB (issue 15, item 3d).

use crate::helpers::TestApp;
use carstrel_testkit::{ServerConfig, Setup};
use serde_json::json;

const CUSTOMERS: usize = 250;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changes_page_over_8_mib_is_served() {
    let config = ServerConfig {
        changes_page_max_bytes: usize::MAX,
        ..ServerConfig::default()
    };
    let server = Setup::new().demo(5, CUSTOMERS).config(config).start().await;
    let app = TestApp {
        base: server.url(),
        http: reqwest::Client::new(),
        server,
    };
    // 10 000 characters (the notes' maximum) of four bytes each: 40 KB per customer.
    let notes = "🚗".repeat(10_000);
    let ids = app.all_ids("/external/customers", app.live_key()).await;
    assert_eq!(ids.len(), CUSTOMERS);
    for id in &ids {
        let path = format!("/external/customers/{id}");
        app.patch(&path, app.live_key(), json!({"notes": notes}))
            .await
            .data(200);
    }
    let url = format!("{}/external/customers/changes?since=0&limit=1000", app.base);
    let response = app
        .http
        .get(url)
        .header("x-api-key", app.live_key())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("etag"));
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.len() > 8 * 1024 * 1024, "{} bytes", bytes.len());
    let page: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(page["data"]["changes"].as_array().unwrap().len(), CUSTOMERS);
    assert_eq!(page["data"]["hasMore"], false);
}
