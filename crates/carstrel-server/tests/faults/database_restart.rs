//! PostgreSQL restarts under live traffic. While it is down every request is answered
//! at once with 503 and `Retry-After` in the documented error shape (never a 500, never a
//! hang); once it is back the same server process serves again on its own.

use carstrel_testkit::{fixtures, OwnPostgres, Setup};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Clients sending requests back to back, each a mix of reads and writes.
const CLIENTS: usize = 4;
/// How long the database stays down.
const DOWN_FOR: Duration = Duration::from_secs(4);
/// A reply later than this is a hang (the pool gives up on a connection after 3 s).
const HANG: Duration = Duration::from_secs(8);
/// The server must serve again within this long of the database being back.
const RECOVERY_BUDGET: Duration = Duration::from_secs(10);

/// One request as a client saw it.
#[derive(Debug)]
struct Seen {
    what: &'static str,
    sent: Duration,
    took: Duration,
    /// The status, or the transport error (a timeout is a hang).
    outcome: Result<u16, String>,
    retry_after: Option<String>,
    body: Value,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_database_restart_answers_503_then_recovers_without_a_server_restart() {
    if !carstrel_testkit::postgres_configured() {
        return;
    }
    let Some(pg) = OwnPostgres::start() else {
        return;
    };
    // Clients send back to back for ~12 s, more than a key's hourly budget on a fast
    // machine; a one-second window keeps the rate limit out of this test's way.
    let api = Setup::new()
        .postgres_at(pg.url())
        .demo(20, 20)
        .config(carstrel_server::ServerConfig {
            rate_limit_window_secs: 1,
            ..Default::default()
        })
        .start()
        .await;
    let vehicle = fixtures::first_vehicle(&api.client()).await;
    let customer = fixtures::first_customer(&api.client()).await;

    let clock = Instant::now();
    let seen = Arc::new(Mutex::new(Vec::<Seen>::new()));
    let running = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let mut clients = tokio::task::JoinSet::new();
    for n in 0..CLIENTS {
        let (seen, running) = (seen.clone(), running.clone());
        let (base, key) = (api.url(), api.live_key().to_owned());
        let (vehicle_id, customer_id) = (vehicle.id.clone(), customer.id.clone());
        clients.spawn(async move {
            let http = reqwest::Client::builder().timeout(HANG).build().unwrap();
            let mut i = 0u32;
            while running.load(std::sync::atomic::Ordering::Relaxed) {
                i += 1;
                let (what, request) = match i % 3 {
                    0 => (
                        "GET customers",
                        http.get(format!(
                            "{base}/external/customers?limit=5&page={}",
                            1 + i % 4
                        )),
                    ),
                    1 => (
                        "POST test-drives",
                        http.post(format!("{base}/external/test-drives"))
                            .header("idempotency-key", format!("restart-{n}-{i}"))
                            .json(&json!({
                                "vehicleId": vehicle_id, "name": format!("Restart {n}-{i}"),
                                "email": format!("restart{n}x{i}@example.com"),
                            })),
                    ),
                    _ => (
                        "PATCH customer",
                        http.patch(format!("{base}/external/customers/{customer_id}"))
                            .json(&json!({ "notes": format!("client {n} request {i}") })),
                    ),
                };
                let sent = clock.elapsed();
                let reply = request.header("x-api-key", &key).send().await;
                let took = clock.elapsed() - sent;
                let record = match reply {
                    Ok(reply) => Seen {
                        what,
                        sent,
                        took,
                        outcome: Ok(reply.status().as_u16()),
                        retry_after: reply
                            .headers()
                            .get("retry-after")
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_owned),
                        body: reply.json().await.unwrap_or(Value::Null),
                    },
                    Err(e) => Seen {
                        what,
                        sent,
                        took,
                        outcome: Err(e.to_string()),
                        retry_after: None,
                        body: Value::Null,
                    },
                };
                seen.lock().unwrap().push(record);
            }
        });
    }

    tokio::time::sleep(Duration::from_secs(1)).await;
    let stopping = clock.elapsed();
    let pg = Arc::new(pg);
    let stopper = pg.clone();
    tokio::task::spawn_blocking(move || stopper.stop())
        .await
        .unwrap();
    let down = clock.elapsed();
    tokio::time::sleep(DOWN_FOR).await;
    let starter = pg.clone();
    tokio::task::spawn_blocking(move || starter.start_again())
        .await
        .unwrap();
    let up = clock.elapsed();
    // Traffic goes on until every client has been served for two seconds in a row.
    let deadline = up + RECOVERY_BUDGET + Duration::from_secs(2);
    let recovered_at = loop {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let now = clock.elapsed();
        if let Some(at) = recovery(&seen.lock().unwrap(), up) {
            if now >= at + Duration::from_secs(2) {
                break Some(at);
            }
        }
        if now > deadline {
            break None;
        }
    };
    running.store(false, std::sync::atomic::Ordering::Relaxed);
    while clients.join_next().await.is_some() {}
    let seen = Arc::try_unwrap(seen).unwrap().into_inner().unwrap();
    if std::env::var_os("FAULTS_VERBOSE").is_some() {
        eprintln!("stop {stopping:?} down {down:?} up {up:?}");
        for s in &seen {
            eprintln!(
                "{:>8.3} {:>6.3} {:?} {}",
                s.sent.as_secs_f64(),
                s.took.as_secs_f64(),
                s.outcome,
                s.what
            );
        }
    }

    // Never a 500, never a hang, never an undocumented answer.
    for s in &seen {
        match s.outcome {
            Ok(200 | 201) => {}
            Ok(503) => {
                let retry: u64 = s
                    .retry_after
                    .as_deref()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or_else(|| panic!("503 without a Retry-After in seconds: {s:?}"));
                assert!((1..=60).contains(&retry), "{s:?}");
                assert_eq!(s.body["statusCode"], 503, "{s:?}");
                assert_eq!(s.body["message"], "Service Unavailable", "{s:?}");
                assert!(
                    s.body["error"].as_str().is_some_and(|e| !e.is_empty()),
                    "{s:?}"
                );
                assert!(s.body["timestamp"].as_str().is_some(), "{s:?}");
            }
            _ => panic!("{} answered {:?}: {}", s.what, s.outcome, s.body),
        }
        assert!(s.took < HANG, "a hang: {s:?}");
    }
    // Requests in flight at some point while the database was going or gone.
    let while_down: Vec<&Seen> = seen
        .iter()
        .filter(|s| s.sent < up && s.sent + s.took > stopping)
        .collect();
    let refused = while_down.iter().filter(|s| s.outcome == Ok(503)).count();
    assert!(
        refused > 0,
        "requests sent while the database was down: {while_down:?}"
    );
    let recovered_at = recovered_at.unwrap_or_else(|| {
        panic!(
            "still failing {RECOVERY_BUDGET:?} after the database came back: {:?}",
            seen.iter().filter(|s| s.sent > up).collect::<Vec<_>>()
        )
    });
    let slowest_refusal = seen
        .iter()
        .filter(|s| s.outcome == Ok(503))
        .map(|s| s.took)
        .max()
        .unwrap_or_default();
    let served_late = while_down.iter().filter(|s| s.outcome != Ok(503)).count();
    println!(
        "database restart (PostgreSQL, {CLIENTS} clients): {} requests; stop took {:.2} s, \
         down {:.1} s: {} requests in flight, {refused} answered 503 with Retry-After, \
         {served_late} served once it was back (or from memory), no other status, no hang; \
         slowest 503 {:.2} s; all served again {:.2} s after the database was back, with no \
         server restart",
        seen.len(),
        (down - stopping).as_secs_f64(),
        (up - down).as_secs_f64(),
        while_down.len(),
        slowest_refusal.as_secs_f64(),
        recovered_at.saturating_sub(up).as_secs_f64(),
    );
}

/// When the server was serving again: the completion of the first success after the
/// last failure that ended once the database was back at `up`.
fn recovery(seen: &[Seen], up: Duration) -> Option<Duration> {
    let done = |s: &Seen| s.sent + s.took;
    let last_failure = seen
        .iter()
        .filter(|s| done(s) >= up && !matches!(s.outcome, Ok(200 | 201)))
        .map(done)
        .max()
        .unwrap_or(up);
    seen.iter()
        .filter(|s| done(s) >= last_failure && matches!(s.outcome, Ok(200 | 201)))
        .map(done)
        .min()
}
