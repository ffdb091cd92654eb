//! The operator's side: health and readiness while the database goes away and comes
//! back, and a SIGTERM that drains the requests in flight.

use crate::cluster::{time_until, Cluster};
use serde_json::json;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn probe(cluster: &Cluster, server: usize, path: &str) -> u16 {
    match cluster
        .http
        .get(cluster.instances[server].url(path))
        .send()
        .await
    {
        Ok(reply) => reply.status().as_u16(),
        Err(_) => 0,
    }
}

/// `/healthz` says the process is up throughout; `/readyz` says no while the database is
/// down and yes again once it is back, on every server, with no restart of theirs.
pub async fn health_and_readiness_follow_the_database(cluster: &Cluster) {
    for server in 0..cluster.instances.len() {
        assert_eq!(probe(cluster, server, "/healthz").await, 200);
        assert_eq!(probe(cluster, server, "/readyz").await, 200);
    }
    tokio::task::block_in_place(|| cluster.postgres.stop());
    let down = Instant::now();
    let not_ready = |server: usize| async move {
        let started = Instant::now();
        let status = probe(cluster, server, "/readyz").await;
        let answered = started.elapsed();
        eprintln!(
            "database down ({:?} ago): {} answers /readyz {status} in {answered:?}",
            started - down,
            cluster.instances[server].name
        );
        assert_eq!(status, 503, "not ready without a database");
        assert!(
            answered < Duration::from_secs(3),
            "a probe is answered promptly"
        );
        assert_eq!(probe(cluster, server, "/healthz").await, 200, "still up");
    };
    tokio::join!(not_ready(0), not_ready(1), not_ready(2));
    tokio::task::block_in_place(|| cluster.postgres.start_again());
    let up = Instant::now();
    let ready = |server: usize| async move {
        let took = time_until(up, Duration::from_secs(15), || async {
            probe(cluster, server, "/readyz").await == 200
        })
        .await;
        eprintln!(
            "database back: {} ready to a probe sent {took:?} later",
            cluster.instances[server].name
        );
    };
    tokio::join!(ready(0), ready(1), ready(2));
}

/// A request whose body is still arriving, and requests sent just before, all complete
/// when the server is told to stop; new connections are refused at once; the process
/// then exits cleanly.
pub async fn sigterm_loses_no_request_in_flight(cluster: &mut Cluster) {
    let last = cluster.instances.len() - 1;
    let key = cluster.live_key();
    let (_, _, page) = cluster.get(0, "/external/vehicles?limit=1", &key).await;
    let body = json!({"vehicleId": page["data"][0]["id"], "name": "Drained", "email": "drained@scale.example"}).to_string();
    let addr = cluster.instances[last]
        .base
        .trim_start_matches("http://")
        .to_owned();
    let mut slow = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /external/test-drives HTTP/1.1\r\nhost: {addr}\r\nx-api-key: {key}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let (first_half, second_half) = body.split_at(body.len() / 2);
    slow.write_all(head.as_bytes()).await.unwrap();
    slow.write_all(first_half.as_bytes()).await.unwrap();

    let lists: Vec<_> = (0..8)
        .map(|_| {
            let url = cluster.instances[last].url("/external/vehicles?limit=50&sortBy=price");
            let key = key.clone();
            tokio::spawn(async move {
                let client = reqwest::Client::new();
                client.get(url).header("x-api-key", key).send().await
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(100)).await;
    cluster.instances[last].terminate();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        tokio::net::TcpStream::connect(&addr).await.is_err(),
        "a stopping server takes no new connection"
    );
    slow.write_all(second_half.as_bytes()).await.unwrap();
    let mut reply = String::new();
    slow.read_to_string(&mut reply).await.unwrap();
    assert!(
        reply.starts_with("HTTP/1.1 201"),
        "the slow booking completes: {reply}"
    );
    let mut served = 0;
    for list in lists {
        match list.await.unwrap() {
            Ok(reply) => {
                assert_eq!(reply.status(), 200);
                served += 1;
            }
            Err(err) => assert!(err.is_connect(), "a request in flight was lost: {err}"),
        }
    }
    let status = cluster.instances[last].wait_exit(Duration::from_secs(15));
    assert!(status.success(), "a clean exit after the drain: {status}");
    eprintln!(
        "SIGTERM: the slow booking completed, {served} of 8 lists in flight served, exit {status}"
    );
}
