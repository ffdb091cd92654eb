//! Test support: a real CarStrel server on `127.0.0.1:0` over a fresh in-memory database
//! with a small demo, clients for its keys, and a loopback TCP proxy that misbehaves on
//! purpose (drops connections, hangs, or answers like a failing gateway) before forwarding.

use carstrel_client::model::{CreateApiKeyRequest, Scope};
use carstrel_client::Client;
use carstrel_server::demo::{DemoCredentials, DemoOptions, DemoOrganization};
use carstrel_server::{Db, Server, ServerConfig, SharedState};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub struct TestApp {
    pub base_url: String,
    pub addr: SocketAddr,
    pub creds: DemoCredentials,
    pub state: SharedState,
    /// A client with the first organization's live key (default scopes).
    pub client: Client,
}

/// A server with the default hourly window and a small demo.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(ServerConfig {
        rate_limit_window_secs: 3600,
        ..Default::default()
    })
    .await
}

pub async fn spawn_app_with(config: ServerConfig) -> TestApp {
    let db = Db::connect("sqlite::memory:")
        .await
        .expect("open the database");
    let creds = carstrel_server::demo::seed(
        &db,
        &DemoOptions {
            vehicles: 60,
            customers: 30,
        },
    )
    .await
    .expect("seed the demo");
    let server = Server::bind("127.0.0.1:0".parse().unwrap(), db, config)
        .await
        .expect("bind");
    let addr = server.local_addr();
    let state = server.state().clone();
    tokio::spawn(server.run_until(std::future::pending()));
    let base_url = format!("http://{addr}");
    let client = client_for(&base_url, &creds.organizations[0].keys.live);
    TestApp {
        base_url,
        addr,
        creds,
        state,
        client,
    }
}

/// A client tuned for tests: short backoffs, a budget well under the test's patience.
pub fn client_for(base_url: &str, key: &str) -> Client {
    builder(base_url, key).build().expect("build the client")
}

pub fn builder(base_url: &str, key: &str) -> carstrel_client::ClientBuilder {
    Client::builder(base_url)
        .api_key(key)
        .timeout(Duration::from_secs(10))
        .time_budget(Duration::from_secs(30))
        .backoff(Duration::from_millis(20), Duration::from_millis(300))
        .max_retries(4)
}

impl TestApp {
    pub fn org(&self) -> &DemoOrganization {
        &self.creds.organizations[0]
    }

    pub fn client_with_key(&self, key: &str) -> Client {
        client_for(&self.base_url, key)
    }

    /// A client signed in as the first organization's staff member.
    pub async fn staff_client(&self) -> Client {
        let client = self.client_with_key(&self.org().keys.live);
        let staff = &self.org().staff;
        client
            .staff()
            .login(&staff.email, &staff.password)
            .await
            .expect("staff login");
        client
    }

    /// A new live key of the first organization, through the staff API.
    pub async fn new_key(
        &self,
        scopes: Option<Vec<Scope>>,
        rate_limit_per_hour: Option<u32>,
    ) -> String {
        let staff = self.staff_client().await;
        let request = CreateApiKeyRequest {
            name: "test key".into(),
            scopes,
            rate_limit_per_hour,
            environment: None,
        };
        staff
            .api_keys()
            .create(&request)
            .await
            .expect("create a key")
            .key
    }
}

/// How the proxy mistreats the first `n` connections before it starts forwarding.
#[derive(Debug, Clone, Copy)]
pub enum Fault {
    /// Close the connection as soon as it is accepted.
    Close,
    /// Forward the request, wait for the server's response, then close without passing it on.
    DropResponse,
    /// Answer `503 Service Unavailable` with an error body, as a gateway would.
    Unavailable,
    /// Answer `200 OK` with a body that is not JSON.
    NotJson,
    /// Accept and never answer.
    Hang,
}

pub struct Proxy {
    pub addr: SocketAddr,
    connections: Arc<AtomicUsize>,
}

impl Proxy {
    /// Listens on `127.0.0.1:0`; the first `faulty` connections get `fault`, the rest are
    /// forwarded to `upstream`.
    pub async fn start(upstream: SocketAddr, fault: Fault, faulty: usize) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = connections.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let n = counter.fetch_add(1, Ordering::SeqCst);
                let fault = (n < faulty).then_some(fault);
                tokio::spawn(handle(socket, upstream, fault));
            }
        });
        Proxy { addr, connections }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

async fn handle(mut client: TcpStream, upstream: SocketAddr, fault: Option<Fault>) {
    match fault {
        None => {
            let Ok(mut server) = TcpStream::connect(upstream).await else {
                return;
            };
            let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
        }
        Some(Fault::Close) => drop(client),
        Some(Fault::DropResponse) => {
            let Some(request) = read_request(&mut client).await else {
                return;
            };
            let Ok(mut server) = TcpStream::connect(upstream).await else {
                return;
            };
            if server.write_all(&request).await.is_err() {
                return;
            }
            let mut buf = [0u8; 1024];
            // The first bytes of the response: the server has done the work.
            let _ = server.read(&mut buf).await;
            drop(client);
        }
        Some(Fault::Unavailable) => {
            if read_request(&mut client).await.is_some() {
                let body = r#"{"statusCode":503,"message":"Service Unavailable","error":"upstream is restarting","timestamp":"2026-01-01T00:00:00Z"}"#;
                respond(&mut client, "503 Service Unavailable", body).await;
            }
        }
        Some(Fault::NotJson) => {
            if read_request(&mut client).await.is_some() {
                respond(&mut client, "200 OK", "<html>maintenance</html>").await;
            }
        }
        Some(Fault::Hang) => {
            let _ = read_request(&mut client).await;
            tokio::time::sleep(Duration::from_secs(60)).await;
        }
    }
}

async fn respond(client: &mut TcpStream, status: &str, body: &str) {
    let response = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         connection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = client.write_all(response.as_bytes()).await;
    let _ = client.shutdown().await;
}

/// Reads one HTTP/1.1 request (headers and a `content-length` body).
async fn read_request(client: &mut TcpStream) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = client.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            while buf.len() < end + 4 + length {
                let n = client.read(&mut chunk).await.ok()?;
                if n == 0 {
                    return None;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            return Some(buf);
        }
    }
}

/// A random UUID no record has.
pub fn random_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
