//! The key never follows a redirect to another origin (issue 15, 3i): against real local
//! servers, one answering every request with a redirect, the other recording what
//! reaches it.

use carstrel_client::Client;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A server that answers each request with `reply(path)` and keeps the request heads.
async fn server(
    reply: impl Fn(&str) -> String + Send + Sync + 'static,
) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let reply = Arc::new(reply);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let (log, reply) = (log.clone(), reply.clone());
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&head).into_owned();
                let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
                log.lock().unwrap().push(head);
                let _ = stream.write_all(reply(&path).as_bytes()).await;
            });
        }
    });
    (url, seen)
}

fn redirect_to(location: &str) -> String {
    format!("HTTP/1.1 307 Temporary Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
}

const OK: &str = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\nConnection: close\r\n\r\n{\"status\":\"ok\"}";

#[tokio::test]
async fn the_key_is_not_sent_to_another_origin() {
    let key = "sk_live_redirectsecret0123456789abcdef";
    let (elsewhere, seen_elsewhere) = server(|_| OK.to_owned()).await;
    let target = format!("{elsewhere}/health");
    let (api, seen_by_api) = server(move |_| redirect_to(&target)).await;
    let client = Client::builder(&api)
        .api_key(key)
        .max_retries(0)
        .build()
        .unwrap();

    let result = tokio::time::timeout(Duration::from_secs(10), client.health())
        .await
        .unwrap();
    assert!(result.is_err(), "a redirect elsewhere is not followed");
    assert!(
        seen_by_api.lock().unwrap()[0].contains(key),
        "the API itself gets the key"
    );
    let elsewhere = seen_elsewhere.lock().unwrap();
    assert!(
        elsewhere.iter().all(|head| !head.contains(key)),
        "the key leaked: {elsewhere:?}"
    );
}

#[tokio::test]
async fn a_redirect_within_the_api_is_followed() {
    let key = "sk_live_redirectsecret0123456789abcdef";
    let (api, seen) = server(|path| {
        if path == "/health" {
            redirect_to("/healthz")
        } else {
            OK.to_owned()
        }
    })
    .await;
    let client = Client::builder(&api)
        .api_key(key)
        .max_retries(0)
        .build()
        .unwrap();
    client.health().await.expect("followed on the same origin");
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    assert!(seen[1].starts_with("GET /healthz"), "{seen:?}");
}
