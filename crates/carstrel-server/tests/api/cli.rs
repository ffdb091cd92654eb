//! The `carstrel-server` binary as an operator runs it: `serve --demo` on port 0 writes
//! its credentials, and the documented curl examples work against it.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `carstrel-server serve --demo` (with `extra` arguments) on port 0 and waits for
/// its credentials file: the running server and the file's path.
async fn serve_demo(dir: &std::path::Path, extra: &[&str]) -> (Running, std::path::PathBuf) {
    let creds_path = dir.join("demo.json");
    let child = Command::new(env!("CARGO_BIN_EXE_carstrel-server"))
        .args([
            "--database-url",
            &format!("sqlite:{}", dir.join("demo.db").display()),
        ])
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--demo",
            "--demo-vehicles",
            "60",
            "--demo-customers",
            "20",
        ])
        .args(extra)
        .arg("--demo-credentials")
        .arg(&creds_path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let running = Running(child);
    let started = Instant::now();
    while !creds_path.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no credentials file after 60 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (running, creds_path)
}

#[tokio::test]
async fn serve_demo_writes_credentials_and_answers_the_documented_examples() {
    let dir = tempfile::tempdir().unwrap();
    let (_running, creds_path) = serve_demo(dir.path(), &[]).await;
    let creds: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&creds_path).unwrap()).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&creds_path).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the credentials file is private");
    }
    let base = creds["baseUrl"].as_str().unwrap();
    assert!(base.starts_with("http://127.0.0.1:") && !base.ends_with(":0"));
    let orgs = creds["organizations"].as_array().unwrap();
    assert_eq!(orgs.len(), 2);
    for org in orgs {
        assert!(org["keys"]["live"]
            .as_str()
            .unwrap()
            .starts_with("sk_live_"));
        assert!(org["keys"]["test"]
            .as_str()
            .unwrap()
            .starts_with("sk_test_"));
        assert!(org["keys"]["readOnly"]
            .as_str()
            .unwrap()
            .starts_with("sk_live_"));
        assert!(org["staff"]["email"].is_string() && org["staff"]["password"].is_string());
    }
    let key = orgs[0]["keys"]["live"].as_str().unwrap();
    let http = reqwest::Client::new();
    let get = |path: &str| {
        http.get(format!("{base}{path}"))
            .header("x-api-key", key)
            .send()
    };
    let brands: serde_json::Value = get("/external/brands").await.unwrap().json().await.unwrap();
    assert_eq!(brands["statusCode"], 200);
    assert_eq!(brands["message"], "data has been received");
    let sale: serde_json::Value = get("/external/vehicles?listingType=sale&limit=10")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(sale["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|v| v["listingType"] == "sale"));
    assert_eq!(sale["limit"], 10);
    let stats: serde_json::Value = get("/external/vehicles/stats/summary")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stats["data"]["totalVehicles"], 60);
    let openapi: serde_json::Value = http
        .get(format!("{base}/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths = openapi["paths"].as_object().unwrap();
    for path in [
        "/external/brands",
        "/external/vehicles",
        "/external/vehicles/{id}",
        "/external/customers/{id}",
        "/external/test-drives/{id}",
        "/external/auth/refresh",
        "/api/v1/api-keys",
        "/external/vehicles/changes",
    ] {
        assert!(paths.contains_key(path), "openapi.json lacks {path}");
    }
}

#[tokio::test]
async fn serve_docs_only_answers_the_documented_routes_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (_running, creds_path) = serve_demo(dir.path(), &["--docs-only"]).await;
    let creds: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&creds_path).unwrap()).unwrap();
    let base = creds["baseUrl"].as_str().unwrap();
    let key = creds["organizations"][0]["keys"]["live"].as_str().unwrap();
    let http = reqwest::Client::new();
    let get = |path: &str| {
        http.get(format!("{base}{path}"))
            .header("x-api-key", key)
            .send()
    };
    let brands = get("/external/brands").await.unwrap();
    assert_eq!(brands.status(), 200);
    assert!(brands.headers().get("x-ratelimit-limit").is_none());
    assert!(brands.headers().get("etag").is_none());
    for addition in [
        "/external/vehicles/changes",
        "/external/test-drives",
        "/openapi.json",
    ] {
        let reply = get(addition).await.unwrap();
        assert_eq!(reply.status(), 404, "{addition}");
        let body: serde_json::Value = reply.json().await.unwrap();
        assert_eq!(body["statusCode"], 404);
    }
}

#[test]
fn keys_create_list_revoke_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("keys.db").display());
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_carstrel-server"))
            .args(["--database-url", &db])
            .args(args)
            .env("CARSTREL_STAFF_PASSWORD", "a-long-staff-password")
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    assert!(run(&["migrate"]).0);
    let (ok, _, err) = run(&[
        "orgs",
        "create",
        "Acme Cars",
        "--slug",
        "acme",
        "--staff-email",
        "boss@acme.example",
    ]);
    assert!(ok, "{err}");
    let (ok, key, err) = run(&[
        "keys",
        "create",
        "--org",
        "acme",
        "--name",
        "site",
        "--env",
        "test",
        "--scopes",
        "inventory:read",
    ]);
    assert!(ok, "{err}");
    let key = key.trim();
    assert!(key.starts_with("sk_test_"));
    let (ok, list, _) = run(&["keys", "list", "--org", "acme"]);
    assert!(ok);
    assert!(list.contains("inventory:read") && list.contains("active") && !list.contains(key));
    let id = list.split('\t').next().unwrap();
    let (ok, _, _) = run(&["keys", "revoke", "--org", "acme", id]);
    assert!(ok);
    assert!(run(&["keys", "list", "--org", "acme"])
        .1
        .contains("revoked"));
    // Bad input: a clear message and a non-zero exit, never a panic.
    let (ok, _, err) = run(&["keys", "create", "--org", "nobody", "--name", "x"]);
    assert!(!ok && !err.contains("panicked"), "{err}");
    let (ok, _, err) = run(&[
        "keys",
        "create",
        "--org",
        "acme",
        "--name",
        "x",
        "--scopes",
        "everything",
    ]);
    assert!(!ok && err.contains("scope"), "{err}");
}

#[test]
fn a_signing_secret_too_short_to_be_safe_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_carstrel-server"))
        .args([
            "--database-url",
            &format!("sqlite:{}", dir.path().join("a.db").display()),
        ])
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("CARSTREL_JWT_SECRET", "hunter2")
        .env_remove("CARSTREL_JWT_SECRET_FILE")
        .output()
        .expect("the binary runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("at least 32 characters"), "{stderr}");
    assert!(
        !stderr.contains("hunter2"),
        "the secret is never echoed: {stderr}"
    );
}
