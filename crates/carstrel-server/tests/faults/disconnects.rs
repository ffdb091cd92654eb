//! A client that goes away mid-request (a console killed during a sync) and sends the
//! same request again when it comes back: the edit is applied exactly once, and the
//! resend is answered (never "still being processed" for ever).

use carstrel_testkit::{fixtures, Setup};
use serde_json::{json, Value};
use std::time::Duration;
use tokio::io::AsyncWriteExt;

/// Disconnects swept over the first milliseconds of a request's life, one per step.
const STEPS: u64 = 40;
const STEP: Duration = Duration::from_micros(500);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_cut_off_by_its_client_applies_once_when_resent() {
    let api = Setup::new().start().await;
    let vehicle = fixtures::first_vehicle(&api.client()).await;
    let http = reqwest::Client::new();
    for step in 0..STEPS {
        let name = format!("Cut off after {step} steps");
        let body = json!({
            "vehicleId": vehicle.id, "name": name, "email": format!("cut{step}@example.com"),
        })
        .to_string();
        let key = format!("cut-off-{step}");

        let mut socket = tokio::net::TcpStream::connect(api.addr()).await.unwrap();
        let request = format!(
            "POST /external/test-drives HTTP/1.1\r\nhost: {}\r\nx-api-key: {}\r\n\
             idempotency-key: {key}\r\ncontent-type: application/json\r\n\
             content-length: {}\r\n\r\n{body}",
            api.addr(),
            api.live_key(),
            body.len()
        );
        socket.write_all(request.as_bytes()).await.unwrap();
        tokio::time::sleep(STEP * step as u32).await;
        drop(socket); // the client is gone, with or without the reply

        // Back again: the same request, with the same key, until it is answered.
        let mut answered = None;
        for _ in 0..150 {
            let reply = http
                .post(format!("{}/external/test-drives", api.url()))
                .header("x-api-key", api.live_key())
                .header("idempotency-key", &key)
                .header("content-type", "application/json")
                .body(body.clone())
                .send()
                .await
                .unwrap();
            let status = reply.status().as_u16();
            let json: Value = reply.json().await.unwrap();
            if status == 409 {
                // Still running: fine for a moment, a bug if it never ends.
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
            answered = Some((status, json));
            break;
        }
        let (status, json) =
            answered.unwrap_or_else(|| panic!("step {step}: the resend stays 409 for 3 s"));
        assert_eq!(status, 201, "step {step}: {json}");
        assert_eq!(json["data"]["name"], name.as_str(), "step {step}");
    }
    // Exactly one test drive per request, however it was cut off.
    let drives: Value = http
        .get(format!("{}/external/test-drives?limit=100", api.url()))
        .header("x-api-key", api.live_key())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = drives["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["name"].as_str())
        .filter(|n| n.starts_with("Cut off after "))
        .collect();
    assert_eq!(names.len(), STEPS as usize, "{names:?}");
}
