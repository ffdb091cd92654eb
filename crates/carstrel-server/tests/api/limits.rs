//! Limits that keep the server standing on the open internet (issue 15): private
//! database files (3a), a signing secret from the deployment (3a), header, body and
//! connection limits (3c), and floods of bad keys turned away before any lookup (3m).

use crate::helpers::{spawn_app_with, Backend, TestApp};
use carstrel_server::secrets::{JwtKeys, JwtSecret, TokenKind};
use carstrel_server::throttle::{Limit, Limits};
use carstrel_server::{Db, ServerConfig};
use reqwest::Method;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn app_with(config: ServerConfig) -> TestApp {
    spawn_app_with(Backend::Sqlite, config).await.unwrap()
}

#[cfg(unix)]
#[tokio::test]
async fn a_new_database_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("carstrel.db");
    let db = Db::connect(&format!("sqlite:{}", path.display()))
        .await
        .unwrap();
    // A write, so that the WAL and its index exist.
    carstrel_server::store::orgs::create(&db, "Perms", "perms")
        .await
        .unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let file = dir.path().join(format!("carstrel.db{suffix}"));
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{} has mode {mode:o}", file.display());
    }
}

#[tokio::test]
async fn the_signing_secret_can_come_from_the_deployment() {
    let secret = JwtSecret::new("a-deployment-secret-of-32-characters!").unwrap();
    let config = ServerConfig {
        jwt_secret: Some(secret.clone()),
        ..ServerConfig::default()
    };
    let app = app_with(config).await;
    let token = app.staff_token().await;
    let claims = JwtKeys::new(secret.expose()).verify(&token, TokenKind::StaffAccess);
    assert!(claims.is_ok(), "the token is signed with the given secret");
    let stored: Vec<(String,)> =
        sqlx::query_as("SELECT name FROM server_settings WHERE name = 'jwt_secret'")
            .fetch_all(&app.db().pool)
            .await
            .unwrap();
    assert!(stored.is_empty(), "no secret is kept in the database");
}

#[test]
fn the_default_limits_are_what_the_readme_promises() {
    let config = ServerConfig::default();
    assert!(config.header_read_timeout <= Duration::from_secs(30));
    assert!(config.request_timeout <= Duration::from_secs(60));
    assert!(config.body_timeout <= Duration::from_secs(30));
    assert!(config.max_connections > 0);
}

/// Whether the server closed `stream` (reads end) rather than answered, and when.
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut buf = [0u8; 1024];
    match tokio::time::timeout(limit, stream.read(&mut buf)).await {
        Ok(Ok(0)) | Ok(Err(_)) => Some(started.elapsed()),
        Ok(Ok(n)) => panic!(
            "the server answered: {}",
            String::from_utf8_lossy(&buf[..n])
        ),
        Err(_) => None,
    }
}

#[tokio::test]
async fn a_client_sending_its_headers_slowly_is_cut_off() {
    let config = ServerConfig {
        header_read_timeout: Duration::from_secs(1),
        ..ServerConfig::default()
    };
    let app = app_with(config).await;
    let mut stream = TcpStream::connect(app.addr()).await.unwrap();
    let started = Instant::now();
    stream
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    // One header byte every 100 ms, for ever.
    let trickle = async {
        loop {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if stream.write_all(b"X").await.is_err() {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(5), trickle).await;
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_secs(3),
        "still connected after {elapsed:?}"
    );
    // An idle connection is closed the same way.
    let mut idle = TcpStream::connect(app.addr()).await.unwrap();
    assert!(closed_within(&mut idle, Duration::from_secs(3))
        .await
        .is_some());
}

#[tokio::test]
async fn a_body_that_stops_arriving_gets_408() {
    let config = ServerConfig {
        body_timeout: Duration::from_secs(1),
        ..ServerConfig::default()
    };
    let app = app_with(config).await;
    let mut stream = TcpStream::connect(app.addr()).await.unwrap();
    let head = format!(
        "POST /external/contact/submit HTTP/1.1\r\nHost: x\r\nx-api-key: {}\r\n\
         content-type: application/json\r\ncontent-length: 100\r\n\r\n{{\"name\":",
        app.live_key()
    );
    let started = Instant::now();
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut reply = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut reply)).await;
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
    assert!(reply.contains("\"statusCode\":408"), "{reply}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn a_request_that_takes_too_long_gets_408() {
    let config = ServerConfig {
        request_timeout: Duration::from_secs(1),
        ..ServerConfig::default()
    };
    let app = app_with(config).await;
    let mut stream = TcpStream::connect(app.addr()).await.unwrap();
    let head = format!(
        "POST /external/contact/submit HTTP/1.1\r\nHost: x\r\nx-api-key: {}\r\n\
         content-type: application/json\r\ncontent-length: 1000\r\n\r\n",
        app.live_key()
    );
    let started = Instant::now();
    stream.write_all(head.as_bytes()).await.unwrap();
    // A body that never pauses long, but never ends either.
    let (mut reader, mut writer) = stream.into_split();
    let trickle = tokio::spawn(async move {
        while writer.write_all(b" ").await.is_ok() {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
    let mut reply = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(5), reader.read(&mut reply))
        .await
        .expect("an answer within 5 s")
        .unwrap();
    trickle.abort();
    let reply = String::from_utf8_lossy(&reply[..n]);
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[tokio::test]
async fn connections_past_the_cap_wait_their_turn() {
    let config = ServerConfig {
        max_connections: 2,
        ..ServerConfig::default()
    };
    let app = app_with(config).await;
    let first = TcpStream::connect(app.addr()).await.unwrap();
    let _second = TcpStream::connect(app.addr()).await.unwrap();
    let health = || async {
        let client = reqwest::Client::new();
        client.get(format!("{}/health", app.base)).send().await
    };
    let waiting = tokio::time::timeout(Duration::from_millis(700), health()).await;
    assert!(waiting.is_err(), "a third connection was served at once");
    drop(first);
    let served = tokio::time::timeout(Duration::from_secs(5), health()).await;
    assert_eq!(
        served
            .expect("served once a slot is free")
            .unwrap()
            .status(),
        200
    );
}

#[tokio::test]
async fn a_flood_of_bad_keys_is_turned_away_before_any_lookup() {
    let config = ServerConfig {
        limits: Limits {
            bad_keys_per_address: Limit::new(5, Duration::from_secs(60)),
            ..Limits::default()
        },
        ..ServerConfig::default()
    };
    let app = app_with(config).await;
    // The key works before the flood.
    app.get("/external/engine-types", app.live_key())
        .await
        .data(200);
    for i in 0..5 {
        let key = format!("sk_live_guess{i:027}");
        app.get("/external/engine-types", &key)
            .await
            .assert_error(401);
    }
    // The database goes away: a lookup now would fail with a 500.
    app.db().pool.close().await;
    for key in ["sk_live_guess999999999999999999999999", ""] {
        let reply = app
            .request(Method::GET, "/external/engine-types", Some(key), None, &[])
            .await;
        assert!(reply.assert_error(429).contains("retry"), "{}", reply.body);
        let wait: u64 = reply.header("retry-after").unwrap().parse().unwrap();
        assert!((1..=60).contains(&wait), "{wait}");
    }
}
