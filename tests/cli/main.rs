//! The `dealer-console` binary, headless, as a dealer or a script uses it: add a remote
//! API, sync, list and filter, export a CSV, lose the network, edit offline, and see the
//! edit reach the server once the network is back. And the sandbox with no setup at all.
//!
//! Run with `cargo test -p dealer-console --test cli`.

mod calendar;
mod leads;

use carstrel_testkit::{Setup, TestServer};
use serde_json::Value;
use std::process::Command;

/// The kit's API on a SQLite file, stoppable and restartable on the same port.
async fn start_api() -> TestServer {
    Setup::new().demo(150, 40).start().await
}

/// The `data` of a GET with the first dealer's live key, as the server has it now.
async fn api_data(api: &TestServer, path: &str) -> Value {
    let response = reqwest::Client::new()
        .get(format!("{}{path}", api.url()))
        .header("x-api-key", api.live_key())
        .send()
        .await
        .unwrap();
    response.json::<Value>().await.unwrap()["data"].clone()
}

/// One run of the binary: (exit code, stdout, stderr).
fn console(data_dir: &std::path::Path, key: Option<&str>, args: &[&str]) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dealer-console"));
    command
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("CARSTREL_API_KEY");
    if let Some(key) = key {
        command.env("CARSTREL_API_KEY", key);
    }
    let out = command.output().expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dealer_syncs_filters_exports_and_keeps_working_offline() {
    let mut api = start_api().await;
    let data = tempfile::tempdir().unwrap();
    let dir = data.path();
    let key = api.live_key().to_owned();
    let run = |args: &[&str]| console(dir, Some(&key), args);

    let (code, out, err) = run(&["profile", "add", "shop", "--url", &api.url()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("LIVE"), "{out}");
    let (_, out, _) = run(&["profile", "list"]);
    assert!(
        out.lines()
            .any(|l| l.starts_with('*') && l.contains("shop")),
        "{out}"
    );
    let (code, out, err) = run(&["sync"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("150 vehicles"), "{out}");

    // The same filtered, sorted page as the API.
    let (code, out, err) = run(&[
        "vehicles",
        "--listing-type",
        "sale",
        "--sort",
        "price",
        "--order",
        "asc",
        "--limit",
        "7",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let offline: Vec<String> = json(&out)
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .collect();
    let live = api_data(
        &api,
        "/external/vehicles?listingType=sale&sort=price&order=asc&limit=7",
    )
    .await;
    let live: Vec<String> = live
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(offline, live);
    let (_, out, _) = run(&["vehicles", "--search", "Toyota", "--limit", "100", "--json"]);
    let found = json(&out);
    assert!(found
        .as_array()
        .unwrap()
        .iter()
        .all(|v| v["model"]["brand"]["name"] == "Toyota"
            || v["name"].as_str().unwrap().contains("Toyota")));
    let (_, out, _) = run(&["vehicles", "--limit", "3"]);
    assert!(
        out.starts_with("ID") && out.contains("page 1 of"),
        "a table for people: {out}"
    );

    // A CSV that opens cleanly: a header and one row per available vehicle.
    let csv_path = dir.join("inventory.csv");
    let (code, out, err) = run(&["export", "vehicles", "--out", csv_path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let available = api_data(&api, "/external/vehicles/stats/summary").await["availableVehicles"]
        .as_u64()
        .unwrap();
    assert!(out.contains(&format!("wrote {available} rows")), "{out}");
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    assert_eq!(reader.headers().unwrap().get(1), Some("name"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len() as u64, available);
    assert!(rows.iter().all(|r| r.len() == 13));

    // The network goes away: reads still answer, edits wait in the outbox.
    let customer = api_data(&api, "/external/customers?limit=1").await[0].clone();
    let id = customer["id"].as_str().unwrap().to_owned();
    api.stop().await;
    let (code, out, _) = run(&[
        "customers",
        "--search",
        customer["user"]["email"].as_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, 0);
    assert_eq!(json(&out)[0]["id"], id.as_str());
    let (code, out, err) = run(&[
        "customer",
        "update",
        &id,
        "--notes",
        "Called about the Hilux",
        "--add-tag",
        "hilux",
        "--vip",
        "true",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("saved offline"), "{out}");
    let (_, out, _) = run(&["outbox", "--json"]);
    assert_eq!(json(&out).as_array().unwrap().len(), 1);
    let (code, _, err) = run(&["sync"]);
    assert_eq!(code, 3, "offline has its own exit code: {err}");
    assert!(err.contains("offline"), "{err}");
    let (_, out, _) = run(&["stats"]);
    assert!(
        out.contains("vehicles: 150 in stock"),
        "stats answer from the cache: {out}"
    );

    // Back online: the edit reaches the server, once.
    api.restart().await;
    let (code, out, err) = run(&["sync"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 edits sent"), "{out}");
    let on_server = api_data(&api, &format!("/external/customers/{id}")).await;
    assert_eq!(on_server["notes"], "Called about the Hilux");
    assert!(on_server["tags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t == "hilux"));
    assert_eq!(on_server["classification"]["isVip"], true);
    assert_eq!(
        on_server["version"].as_i64(),
        customer["version"].as_i64().map(|v| v + 1)
    );
    let (_, out, _) = run(&["outbox"]);
    assert!(out.contains("nothing waiting"), "{out}");

    // Bad input: a clear message and a non-zero exit, never a panic.
    let (code, _, err) = run(&["vehicles", "--limit", "0"]);
    assert_eq!(code, 1);
    assert!(err.starts_with("error: ") && err.contains("limit"), "{err}");
    let (code, _, err) = run(&["vehicles", "--sort", "colour"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(&["customer", "update", "not-a-customer", "--notes", "x"]);
    assert_ne!(code, 0);
    assert!(!err.contains("panicked"), "{err}");
    let (code, _, err) = console(
        dir,
        None,
        &["profile", "add", "bad", "--url", "ftp://nowhere"],
    );
    assert_ne!(code, 0);
    assert!(!err.contains(&key), "the key never appears in an error");
}

/// Against the published API alone (`serve --docs-only`, as a dealer's real account is):
/// the sync succeeds, names what the server lacks, and edits still reach the server once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn against_the_published_api_alone_sync_succeeds_and_names_what_is_missing() {
    let api = Setup::new().demo(150, 40).docs_only().start().await;
    let data = tempfile::tempdir().unwrap();
    let dir = data.path();
    let key = api.live_key().to_owned();
    let run = |args: &[&str]| console(dir, Some(&key), args);

    let (code, _, err) = run(&["profile", "add", "real", "--url", &api.url()]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(&["sync"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("synced: "), "{out}");
    assert!(
        out.contains("not offered by this server (synced without): vehicle changes feed"),
        "{out}"
    );
    assert!(out.contains("Idempotency-Key"), "{out}");
    assert!(out.contains("does not list test drives"), "{out}");
    let (code, out, err) = run(&["sync", "--json"]);
    assert_eq!(code, 0, "{err}");
    let report = json(&out);
    assert_eq!(
        report["missing"].as_array().unwrap().len(),
        carstrel_model::Feature::ALL.len()
    );
    assert!(report["fellBackToLists"].as_bool().unwrap());
    // The list shows available stock only, and so does the cache.
    let available = api_data(&api, "/external/vehicles?limit=100").await;
    let (code, out, _) = run(&["vehicles", "--limit", "100", "--json"]);
    assert_eq!(code, 0);
    assert_eq!(
        json(&out).as_array().unwrap().len(),
        available.as_array().unwrap().len()
    );
    let (code, out, _) = run(&["stats"]);
    assert_eq!(code, 0, "{out}");

    // An edit without If-Match: checked against the server's copy, then sent once.
    let customer = api_data(&api, "/external/customers?limit=1").await[0].clone();
    let id = customer["id"].as_str().unwrap().to_owned();
    let (code, _, err) = run(&["customer", "update", &id, "--notes", "Real account"]);
    assert_eq!(code, 0, "{err}");
    let on_server = api_data(&api, &format!("/external/customers/{id}")).await;
    assert_eq!(on_server["notes"], "Real account");
    let (_, out, _) = run(&["outbox"]);
    assert!(out.contains("nothing waiting"), "{out}");
}

#[test]
fn with_nothing_configured_the_sandbox_just_works() {
    let data = tempfile::tempdir().unwrap();
    let (code, out, err) = console(data.path(), None, &["sync"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("500 vehicles"),
        "the sandbox's demo inventory: {out}"
    );
    let (_, out, _) = console(data.path(), None, &["profile", "list", "--json"]);
    let profiles = json(&out);
    assert_eq!(profiles[0]["name"], "sandbox");
    assert_eq!(profiles[0]["environment"], "test");
    let (code, out, _) = console(
        data.path(),
        None,
        &["vehicles", "--listing-type", "rental", "--json"],
    );
    assert_eq!(code, 0);
    assert!(json(&out)
        .as_array()
        .unwrap()
        .iter()
        .all(|v| v["listingType"] == "rental"));
    // The console writes no key anywhere (the sandbox server's own database aside).
    let sandbox_db = data.path().join("sandbox");
    for entry in walk(data.path())
        .into_iter()
        .filter(|p| !p.starts_with(&sandbox_db))
    {
        let bytes = std::fs::read(&entry).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("sk_test_"),
            "{} holds a key",
            entry.display()
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// A profile that has never synced does not print an empty cache's zeros as the dealer's
/// figures: a read syncs first when it can, and says "never synced" with its own exit
/// code when it cannot.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_from_a_profile_that_never_synced_syncs_first_or_says_so() {
    let mut api = start_api().await;
    let key = api.live_key().to_owned();

    // Online: `stats` on a fresh profile syncs, then answers with the server's figures.
    let first = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| console(first.path(), Some(&key), args);
    let (code, _, err) = run(&["profile", "add", "shop", "--url", &api.url()]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(&["stats"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("vehicles: 150 in stock"), "{out}");

    // Offline: a fresh profile has nothing true to show.
    let second = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| console(second.path(), Some(&key), args);
    let (code, _, err) = run(&["profile", "add", "shop", "--url", &api.url()]);
    assert_eq!(code, 0, "{err}");
    api.stop().await;
    for read in [&["stats"][..], &["vehicles"], &["customers", "--json"]] {
        let (code, out, err) = run(read);
        assert_eq!(code, 5, "{read:?} has its own exit code: {err}");
        assert!(err.contains("never synced"), "{err}");
        assert!(!out.contains(" 0 "), "no zeros presented as truth: {out}");
    }
}

/// After `sync`, every vehicle's main photo is in the cache (`media status`), and
/// `media get` writes one with the server gone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_sync_media_status_counts_every_main_photo_and_get_works_offline() {
    let mut api = Setup::new().demo(10, 5).start().await;
    let data = tempfile::tempdir().unwrap();
    let dir = data.path();
    let key = api.live_key().to_owned();
    let run = |args: &[&str]| console(dir, Some(&key), args);
    assert_eq!(run(&["profile", "add", "shop", "--url", &api.url()]).0, 0);
    let (code, _, err) = run(&["sync"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(&["media", "status", "--json"]);
    assert_eq!(code, 0, "{err}");
    let status = json(&out);
    assert_eq!(status["vehiclesTotal"], 10, "{status}");
    assert_eq!(status["vehiclesWithMainPhoto"], 10, "{status}");
    assert_eq!(status["files"], 10, "{status}");
    assert_eq!(status["budgetBytes"], 1u64 << 30, "{status}");
    assert!(status["bytes"].as_u64().unwrap() > 0);

    let vehicle = api_data(&api, "/external/vehicles?limit=1").await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    api.stop().await;
    let photo = dir.join("main.jpg");
    let (code, out, err) = run(&["media", "get", &vehicle, "--out", photo.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("wrote"), "{out}");
    let bytes = std::fs::read(&photo).unwrap();
    assert!(
        bytes.starts_with(&[0xFF, 0xD8]) || bytes.starts_with(b"\x89PNG"),
        "an image"
    );
    let (code, _, err) = run(&[
        "media",
        "get",
        "no-such-vehicle",
        "--out",
        photo.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("not found"), "{err}");
}
