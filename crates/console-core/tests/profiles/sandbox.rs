//! The sandbox profile: the real server in-process, over a database that survives restarts.

use crate::support::assert_no_key_on_disk;
use console_core::paths::DataDir;
use console_core::profiles::{ProfileKind, Profiles};
use console_core::sandbox::Sandbox;
use console_core::secrets::{MemoryStore, Secret};
use serde_json::Value;
use std::sync::Arc;

async fn get(sandbox: &Sandbox, path: &str, key: Option<&Secret>) -> (u16, Value) {
    let mut request = reqwest::Client::new().get(format!("{}{path}", sandbox.base_url()));
    if let Some(key) = key {
        request = request.header("x-api-key", key.expose());
    }
    let response = request.send().await.expect("the sandbox answers");
    let status = response.status().as_u16();
    (status, response.json().await.expect("a JSON body"))
}

/// The ids of the first page of vehicles the sandbox's test key sees.
async fn vehicle_ids(sandbox: &Sandbox) -> Vec<String> {
    let (status, body) = get(
        sandbox,
        "/external/vehicles?limit=50",
        Some(&sandbox.test_key()),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let ids: Vec<String> = body["data"]
        .as_array()
        .expect("a list of vehicles")
        .iter()
        .map(|v| v["id"].as_str().expect("a vehicle id").to_owned())
        .collect();
    assert!(!ids.is_empty(), "the demo has vehicles");
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_serves_demo_data_and_survives_a_restart() {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path().join("Dealer Console"));

    // With no profile configured, the sandbox is what the console uses.
    let profiles = Profiles::open(dir.clone(), Arc::new(MemoryStore::new())).unwrap();
    assert_eq!(profiles.active().kind, ProfileKind::Sandbox);

    let sandbox = Sandbox::start(&dir).await.expect("the sandbox starts");
    let key = sandbox.test_key();
    assert!(key.expose().starts_with("sk_test_"));
    assert_eq!(format!("{key:?}"), "Secret(sk_test_…)");
    assert!(!format!("{sandbox:?}").contains(key.expose()));
    assert!(sandbox.base_url().starts_with("http://127.0.0.1:"));
    assert_eq!(
        sandbox.profile().base_url.as_deref(),
        Some(sandbox.base_url())
    );

    let (status, brands) = get(&sandbox, "/external/brands", Some(&key)).await;
    assert_eq!(status, 200, "{brands}");
    assert!(!brands["data"].as_array().unwrap().is_empty(), "{brands}");
    let (status, _) = get(&sandbox, "/external/brands", None).await;
    assert_eq!(status, 401, "the sandbox checks keys like any server");
    let ids = vehicle_ids(&sandbox).await;
    let first_url = sandbox.base_url().to_owned();
    sandbox.shutdown().await.expect("the sandbox stops cleanly");
    assert!(
        reqwest::get(format!("{first_url}/external/brands"))
            .await
            .is_err(),
        "a stopped sandbox no longer listens"
    );

    assert!(
        dir.sandbox_db().is_file(),
        "the database lives in the data dir"
    );
    assert!(
        !dir.profiles_file().exists(),
        "starting the sandbox writes no profile"
    );

    // Same data dir, new process life: same key, same vehicles.
    let again = Sandbox::start(&dir).await.expect("the sandbox restarts");
    assert_eq!(
        again.test_key(),
        key,
        "the key is derived again, identically"
    );
    assert_eq!(vehicle_ids(&again).await, ids);
    let (status, _) = get(&again, "/external/brands", Some(&key)).await;
    assert_eq!(status, 200);
    again.shutdown().await.unwrap();

    // The key is re-derived at each start, never stored in clear anywhere on disk.
    assert_no_key_on_disk(temp.path(), &[&key]);
}

#[tokio::test]
async fn a_dropped_sandbox_stops_serving() {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path());
    let options = console_core::sandbox::DemoOptions {
        vehicles: 5,
        customers: 2,
    };
    let sandbox = Sandbox::start_with(&dir, &options).await.unwrap();
    let url = format!("{}/external/brands", sandbox.base_url());
    drop(sandbox);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while reqwest::get(&url).await.is_ok() {
        assert!(
            std::time::Instant::now() < deadline,
            "still serving after drop"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}
