//! The operator's endpoints (`/healthz`, `/readyz`, `/metrics`), JSON logs, and one
//! serving process per SQLite file.

use crate::backend_tests;
use crate::helpers::TestApp;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

backend_tests! {
    async fn health_and_readiness_need_no_key_and_say_why_not(app: TestApp) {
        let probe = |path: &'static str| {
            let request = app.http.get(format!("{}{path}", app.base));
            async move {
                let reply = request.send().await.unwrap();
                let status = reply.status().as_u16();
                (status, reply.json::<serde_json::Value>().await.unwrap())
            }
        };
        assert_eq!(probe("/healthz").await, (200, serde_json::json!({"status": "ok"})));
        assert_eq!(probe("/readyz").await, (200, serde_json::json!({"status": "ready"})));
        // A database another build migrated back (or a replica behind a deploy).
        sqlx::query("DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)")
            .execute(&app.db().pool)
            .await
            .unwrap();
        let (status, body) = probe("/readyz").await;
        assert_eq!(status, 503, "{body}");
        assert_eq!(body["status"], "not ready");
        assert!(body["reason"].as_str().unwrap().contains("is not applied"), "{body}");
        assert_eq!(probe("/healthz").await.0, 200, "the process is still up");
    }

    async fn metrics_count_requests_by_route_and_status(app: TestApp) {
        app.get("/external/vehicles?limit=5", app.live_key()).await.data(200);
        app.get("/external/vehicles?limit=5", app.live_key()).await.data(200);
        app.get(&format!("/external/vehicles/{}", uuid::Uuid::new_v4()), app.live_key())
            .await
            .assert_error(404);
        app.get("/external/brands", "sk_live_unknown").await.assert_error(401);
        let limited = app.new_key(None, Some(1)).await;
        app.get("/external/brands", &limited).await.data(200);
        app.get("/external/brands", &limited).await.assert_error(429);
        // An invented method is one series, whatever its name.
        let invented = reqwest::Method::from_bytes(b"FROBNICATE").unwrap();
        let odd = app.http.request(invented, format!("{}/healthz", app.base)).send().await.unwrap();
        assert_eq!(odd.status(), 405);

        let reply = app.http.get(format!("{}/metrics", app.base)).send().await.unwrap();
        assert_eq!(reply.status(), 200);
        assert!(reply.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
        let text = reply.text().await.unwrap();
        // Metrics are per process, and other tests share it: look for the series only.
        let has = |name: &str, labels: &[&str]| {
            assert!(
                text.lines().any(|l| l.starts_with(&format!("{name}{{")) && labels.iter().all(|p| l.contains(p))),
                "no {name} with {labels:?} in:\n{text}"
            );
        };
        has("carstrel_http_requests_total", &[r#"route="/external/vehicles""#, r#"status="200""#]);
        has("carstrel_http_requests_total", &[r#"route="/external/vehicles/{id}""#, r#"status="404""#]);
        has("carstrel_http_requests_total", &[r#"route="/external/brands""#, r#"status="401""#]);
        has("carstrel_http_request_duration_seconds_bucket", &[r#"route="/external/vehicles""#, r#"le="0.005""#]);
        has("carstrel_rate_limited_total", &[r#"reason="key_budget""#]);
        has("carstrel_memo_lookups_total", &[r#"memo="pages""#, r#"outcome="miss""#]);
        has("carstrel_memo_lookups_total", &[r#"memo="keys""#]);
        has("carstrel_http_requests_total", &[r#"route="/healthz""#, r#"method="OTHER""#, r#"status="405""#]);
        assert!(!text.contains("FROBNICATE"), "a method a client made up names no series");
    }
}

/// `serve` with `extra` arguments on a SQLite file in `dir`, its stderr piped.
fn serve(dir: &std::path::Path, extra: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_carstrel-server"))
        .args([
            "--database-url",
            &format!("sqlite:{}", dir.join("one.db").display()),
        ])
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts")
}

#[test]
fn a_second_server_on_one_sqlite_file_is_refused_and_logs_can_be_json() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let mut first = serve(dir.path(), &["--log-format", "json"]);
    let mut lines = std::io::BufReader::new(first.stderr.take().unwrap()).lines();
    let started = Instant::now();
    let listening = loop {
        let line = lines.next().expect("the server logs").unwrap();
        let event: serde_json::Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("not a JSON log line ({e}): {line}"));
        if event["message"] == "CarStrel API listening" {
            break event;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "never listening"
        );
    };
    assert_eq!(listening["level"], "INFO");
    assert!(listening["base_url"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1:"));

    let second = serve(dir.path(), &[]).wait_with_output().unwrap();
    let _ = first.kill();
    let _ = first.wait();
    assert!(
        !second.status.success(),
        "a second server on one SQLite file is refused"
    );
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(
        stderr.contains("another carstrel-server is already serving")
            && stderr.contains("PostgreSQL"),
        "{stderr}"
    );
    // Once the first is gone, the file can be served again.
    let mut third = serve(dir.path(), &[]);
    let mut lines = std::io::BufReader::new(third.stderr.take().unwrap()).lines();
    assert!(lines.any(|l| l.unwrap().contains("listening")));
    let _ = third.kill();
    let _ = third.wait();
}
