//! The shared-state bounds: one rate limit, coherent lists and key lookups, idempotency.

use crate::cluster::{time_until, Cluster};
use serde_json::{json, Value};
use sqlx::Connection;
use std::time::{Duration, Instant};

const COHERENT_WITHIN: Duration = Duration::from_millis(100);

/// A key limited to 40 an hour, its requests spread over every server in turn: exactly
/// 40 are served (the servers lease from one budget in the database and never past it),
/// and each reply's `X-RateLimit-*` agrees with what it says.
pub async fn one_rate_limit_across_servers(cluster: &Cluster) {
    let (_, key) = cluster.new_key(40).await;
    let n = cluster.instances.len();
    let mut served = 0;
    let mut last_remaining = vec![u32::MAX; n];
    for i in 0..60 {
        let server = i % n;
        let (status, headers, _) = cluster.get(server, "/external/engine-types", &key).await;
        let header = |name: &str| headers.get(name).map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(header("x-ratelimit-limit").as_deref(), Some("40"));
        let remaining: u32 = header("x-ratelimit-remaining").unwrap().parse().unwrap();
        assert!(remaining < 40, "a request always spends one: {remaining}");
        assert!(
            remaining <= last_remaining[server],
            "remaining never goes up on one server"
        );
        last_remaining[server] = remaining;
        match status {
            200 => served += 1,
            429 => {
                assert_eq!(remaining, 0, "a refusal says nothing is left");
                assert!(header("retry-after").is_some());
            }
            other => panic!("request {i} on server {server}: {other}"),
        }
    }
    eprintln!("rate limit 40/h over {n} servers, 60 requests in turn: {served} served (slack: none over the limit)");
    assert_eq!(served, 40, "one budget whichever server serves");
}

/// Lists every server has remembered show a price changed through another within 100 ms.
pub async fn a_write_shows_in_every_list_within_100_ms(cluster: &Cluster) {
    let key = cluster.live_key();
    let path = "/external/vehicles?limit=5";
    let (_, _, page) = cluster.get(1, path, &key).await;
    let vehicle = page["data"][0].clone();
    let id = vehicle["id"].as_str().unwrap().to_owned();
    let price = vehicle["price"].as_f64().unwrap() + 1.0;
    for server in 1..cluster.instances.len() {
        for _ in 0..2 {
            assert_eq!(cluster.get(server, path, &key).await.0, 200);
        }
    }
    let reply = cluster
        .http
        .patch(cluster.instances[0].url(&format!("/external/vehicles/{id}")))
        .header("x-api-key", &key)
        .json(&json!({"price": price}))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 200);
    let written = Instant::now();
    let seen = |server: usize| {
        let key = &key;
        let id = &id;
        async move {
            let took = time_until(written, Duration::from_secs(5), || async {
                price_in(&cluster.get(server, path, key).await.2, id) == Some(price)
            })
            .await;
            eprintln!(
                "a price written through a: in {}'s list for a request sent {took:?} later",
                cluster.instances[server].name
            );
            took
        }
    };
    let (b, c) = tokio::join!(seen(1), seen(2));
    assert!(b <= COHERENT_WITHIN && c <= COHERENT_WITHIN, "{b:?} {c:?}");
}

fn price_in(page: &Value, id: &str) -> Option<f64> {
    page["data"].as_array()?.iter().find(|v| v["id"] == id)?["price"].as_f64()
}

/// A key revoked through one server is refused by the others within 100 ms, though they
/// remembered it.
pub async fn a_revocation_applies_everywhere_within_100_ms(cluster: &Cluster) {
    let (id, key) = cluster.new_key(1000).await;
    for server in 0..cluster.instances.len() {
        assert_eq!(
            cluster.get(server, "/external/engine-types", &key).await.0,
            200
        );
        assert_eq!(
            cluster.get(server, "/external/engine-types", &key).await.0,
            200
        );
    }
    let token = cluster.staff_token().await;
    let revoked = cluster
        .http
        .delete(cluster.instances[0].url(&format!("/api/v1/api-keys/{id}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 200);
    let at = Instant::now();
    let refused = |server: usize| {
        let key = &key;
        async move {
            let took = time_until(at, Duration::from_secs(5), || async {
                cluster.get(server, "/external/engine-types", key).await.0 == 401
            })
            .await;
            eprintln!(
                "a key revoked through a: refused by {} for a request sent {took:?} later",
                cluster.instances[server].name
            );
            took
        }
    };
    let (b, c) = tokio::join!(refused(1), refused(2));
    assert!(b <= COHERENT_WITHIN && c <= COHERENT_WITHIN, "{b:?} {c:?}");
}

async fn book(
    cluster: &Cluster,
    server: usize,
    idempotency_key: &str,
    email: &str,
) -> (u16, bool, Value) {
    let (_, _, page) = cluster
        .get(0, "/external/vehicles?limit=1", &cluster.live_key())
        .await;
    let request = json!({"vehicleId": page["data"][0]["id"], "name": "Scale Out", "email": email, "preferredDate": "2027-03-01"});
    let reply = cluster
        .http
        .post(cluster.instances[server].url("/external/test-drives"))
        .header("x-api-key", cluster.live_key())
        .header("idempotency-key", idempotency_key)
        .json(&request)
        .send()
        .await
        .unwrap();
    let status = reply.status().as_u16();
    let replayed = reply.headers().contains_key("idempotent-replayed");
    (status, replayed, reply.json().await.unwrap())
}

/// A retry on another server replays the first response; two attempts at once on two
/// servers book once (the other waits its turn: 409, as on one server, or a replay).
pub async fn an_idempotent_retry_on_another_server_replays(cluster: &Cluster) {
    let (status, replayed, first) = book(cluster, 0, "retry-1", "retry@scale.example").await;
    assert_eq!((status, replayed), (201, false), "{first}");
    let (status, replayed, again) = book(cluster, 1, "retry-1", "retry@scale.example").await;
    assert_eq!((status, replayed), (201, true), "{again}");
    assert_eq!(again["data"]["id"], first["data"]["id"]);

    let (one, two) = tokio::join!(
        book(cluster, 1, "together-1", "together@scale.example"),
        book(cluster, 2, "together-1", "together@scale.example"),
    );
    let fresh: Vec<&(u16, bool, Value)> = [&one, &two]
        .into_iter()
        .filter(|r| r.0 == 201 && !r.1)
        .collect();
    assert_eq!(fresh.len(), 1, "exactly one attempt runs: {one:?} {two:?}");
    for other in [&one, &two].into_iter().filter(|r| r.1 || r.0 != 201) {
        match other.0 {
            201 => assert_eq!(other.2["data"]["id"], fresh[0].2["data"]["id"]),
            409 => {}
            status => panic!("the other attempt got {status}: {:?}", other.2),
        }
    }
    let (status, replayed, later) = book(cluster, 0, "together-1", "together@scale.example").await;
    assert_eq!((status, replayed), (201, true));
    assert_eq!(later["data"]["id"], fresh[0].2["data"]["id"]);
    eprintln!(
        "idempotent attempts at once on b and c: {} and {}",
        one.0, two.0
    );
}

/// A server whose notification connection dropped may have missed a write: it serves
/// nothing remembered until it listens again, and then retires everything. Here a write
/// nobody announces (straight into the database) lands, the listeners are cut, and the
/// servers' lists show it well before a remembered page would have been refreshed.
pub async fn a_dropped_listener_serves_nothing_stale(cluster: &Cluster) {
    let key = cluster.live_key();
    let path = "/external/vehicles?limit=5";
    let (_, _, page) = cluster.get(1, path, &key).await;
    let id = page["data"][1]["id"].as_str().unwrap().to_owned();
    let price = page["data"][1]["price"].as_f64().unwrap() + 7.0;
    for server in 1..cluster.instances.len() {
        assert_eq!(cluster.get(server, path, &key).await.0, 200);
    }
    let mut admin = sqlx::PgConnection::connect(&cluster.postgres.url())
        .await
        .unwrap();
    sqlx::query("UPDATE vehicles SET price = $1 WHERE id = $2")
        .bind(price)
        .bind(&id)
        .execute(&mut admin)
        .await
        .unwrap();
    let cut: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
    )
    .bind(carstrel_server::coherence::APPLICATION_NAME)
    .fetch_all(&mut admin)
    .await
    .unwrap();
    assert_eq!(
        cut.len(),
        cluster.instances.len(),
        "one listener per server"
    );
    let at = Instant::now();
    let seen = |server: usize| {
        let key = &key;
        let id = &id;
        async move {
            let took = time_until(at, Duration::from_secs(5), || async {
                price_in(&cluster.get(server, path, key).await.2, id) == Some(price)
            })
            .await;
            eprintln!(
                "listener cut: {} shows an unannounced write to a request sent {took:?} later",
                cluster.instances[server].name
            );
            took
        }
    };
    let (b, c) = tokio::join!(seen(1), seen(2));
    // A remembered page is served for 2 s (memo::PAGE_TTL) before it is read again.
    assert!(
        b < Duration::from_secs(1) && c < Duration::from_secs(1),
        "{b:?} {c:?}"
    );
    let listening = wait_for_listeners(cluster).await;
    eprintln!("every listener back {listening:?} later");
}

/// Waits until every server listens for the others' writes again; how long that took.
pub async fn wait_for_listeners(cluster: &Cluster) -> Duration {
    let at = Instant::now();
    time_until(at, Duration::from_secs(10), || async {
        let Ok(mut admin) = sqlx::PgConnection::connect(&cluster.postgres.url()).await else {
            return false;
        };
        let count: i64 =
            sqlx::query_scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1")
                .bind(carstrel_server::coherence::APPLICATION_NAME)
                .fetch_one(&mut admin)
                .await
                .unwrap_or(0);
        count == cluster.instances.len() as i64
    })
    .await
}

/// Failed sign-ins spend one budget whichever server they reach: ten (the per-account
/// limit) spread over the servers, and the eleventh is refused by any of them.
pub async fn one_login_throttle_across_servers(cluster: &Cluster) {
    let n = cluster.instances.len();
    let attempt = |server: usize| {
        let login = json!({"email": "guess@scale.example", "password": "not-the-password"});
        let request = cluster
            .http
            .post(cluster.instances[server].url("/api/v1/auth/login"))
            .json(&login);
        async move { request.send().await.unwrap().status().as_u16() }
    };
    for i in 0..10 {
        assert_eq!(attempt(i % n).await, 401, "attempt {i} is only wrong");
    }
    for server in 0..n {
        assert_eq!(attempt(server).await, 429, "spent on {server} too");
    }
    eprintln!("login throttle: 10 failures over {n} servers, then 429 on every one");
}

/// `carstrel-server keys revoke` from the shell (another process on the same database)
/// tells the servers before it exits: every server refuses the key within 100 ms.
pub async fn a_revocation_from_the_shell_applies_everywhere(cluster: &Cluster) {
    let (id, key) = cluster.new_key(1000).await;
    for server in 0..cluster.instances.len() {
        assert_eq!(
            cluster.get(server, "/external/engine-types", &key).await.0,
            200
        );
    }
    let org = cluster.org["id"].as_str().unwrap().to_owned();
    let url = cluster.postgres.url();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_carstrel-server"))
            .env("DATABASE_URL", url)
            .args(["keys", "revoke", "--org", &org, &id])
            .output()
            .expect("the binary runs")
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let at = Instant::now();
    let refused = |server: usize| {
        let key = &key;
        async move {
            let took = time_until(at, Duration::from_secs(5), || async {
                cluster.get(server, "/external/engine-types", key).await.0 == 401
            })
            .await;
            eprintln!(
                "a key revoked from the shell: refused by {} for a request sent {took:?} after the command exited",
                cluster.instances[server].name
            );
            took
        }
    };
    let (a, b, c) = tokio::join!(refused(0), refused(1), refused(2));
    assert!(
        [a, b, c].iter().all(|t| *t <= COHERENT_WITHIN),
        "{a:?} {b:?} {c:?}"
    );
}
