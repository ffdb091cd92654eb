//! A real CarStrel server on a SQLite file that a test can stop and start again on the
//! same port (the network going away and coming back), a loopback proxy that injects
//! faults a real network has, and a client and cache wired the way the console wires them.

use carstrel_client::Client;
use carstrel_server::demo::{self, DemoCredentials, DemoOptions};
use carstrel_server::{Db, Server, ServerConfig};
use console_core::Cache;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub const DEMO_VEHICLES: usize = 240;
pub const DEMO_CUSTOMERS: usize = 60;

pub struct TestServer {
    pub addr: SocketAddr,
    pub creds: DemoCredentials,
    pub dir: tempfile::TempDir,
    config: ServerConfig,
    running: Option<(
        tokio::sync::oneshot::Sender<()>,
        tokio::task::JoinHandle<()>,
    )>,
}

impl TestServer {
    pub async fn start() -> TestServer {
        Self::start_with(ServerConfig::default()).await
    }

    pub async fn start_with(config: ServerConfig) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::connect(&db_url(&dir)).await.unwrap();
        let options = DemoOptions {
            vehicles: DEMO_VEHICLES,
            customers: DEMO_CUSTOMERS,
        };
        let creds = demo::seed(&db, &options).await.unwrap();
        let mut server = TestServer {
            addr: "127.0.0.1:0".parse().unwrap(),
            creds,
            dir,
            config,
            running: None,
        };
        server.serve(db).await;
        server
    }

    async fn serve(&mut self, db: Db) {
        let server = Server::bind(self.addr, db, self.config.clone())
            .await
            .expect("the port is free again");
        self.addr = server.local_addr();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = server
                .run_until(async {
                    let _ = stopped.await;
                })
                .await;
        });
        self.running = Some((stop, task));
    }

    /// The network goes away: the port stops answering.
    pub async fn stop(&mut self) {
        if let Some((stop, task)) = self.running.take() {
            let _ = stop.send(());
            let _ = tokio::time::timeout(Duration::from_secs(5), task).await;
        }
    }

    /// And comes back, same port, same data.
    pub async fn restart(&mut self) {
        let db = Db::connect(&db_url(&self.dir)).await.unwrap();
        self.serve(db).await;
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn key(&self) -> &str {
        &self.creds.organizations[0].keys.live
    }

    /// A client as the console builds it, but quick to give up, for tests of offline.
    pub fn client(&self) -> Client {
        client_for(&self.url(), self.key())
    }

    /// Creates a key with its own hourly limit through the staff API.
    pub async fn key_with_limit(&self, per_window: u32) -> String {
        let admin = self.client();
        let staff = &self.creds.organizations[0].staff;
        admin
            .staff()
            .login(&staff.email, &staff.password)
            .await
            .unwrap();
        let request = carstrel_client::model::CreateApiKeyRequest {
            name: "tiny".into(),
            scopes: None,
            rate_limit_per_hour: Some(per_window),
            environment: Some(carstrel_client::model::Environment::Live),
        };
        admin.api_keys().create(&request).await.unwrap().key
    }
}

fn db_url(dir: &tempfile::TempDir) -> String {
    format!("sqlite:{}", dir.path().join("server.db").display())
}

pub fn client_for(url: &str, key: &str) -> Client {
    Client::builder(url)
        .api_key(key)
        .timeout(Duration::from_secs(10))
        .time_budget(Duration::from_secs(30))
        .backoff(Duration::from_millis(50), Duration::from_secs(3))
        .max_retries(8)
        .build()
        .unwrap()
}

/// A client that gives up at once when the server is gone, as an offline check wants.
pub fn impatient_client(url: &str, key: &str) -> Client {
    Client::builder(url)
        .api_key(key)
        .timeout(Duration::from_secs(2))
        .time_budget(Duration::from_secs(2))
        .max_retries(1)
        .build()
        .unwrap()
}

/// A cache file in its own directory, reopened across "restarts" of the console.
pub struct CacheFile {
    pub dir: tempfile::TempDir,
}

impl CacheFile {
    pub fn new() -> CacheFile {
        CacheFile {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub async fn open(&self) -> Cache {
        Cache::open(self.dir.path().join("cache.db")).await.unwrap()
    }

    /// Indexes (other than SQLite's own) and triggers on `table`, read from the file.
    pub async fn schema_objects(&self, table: &str) -> i64 {
        let url = format!(
            "sqlite://{}?mode=ro",
            self.dir.path().join("cache.db").display()
        );
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        let count = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sqlite_schema WHERE tbl_name = ? AND sql IS NOT NULL \
             AND type IN ('index', 'trigger')",
        )
        .bind(table)
        .fetch_one(&pool)
        .await
        .unwrap();
        pool.close().await;
        count
    }
}

/// What the proxy does to the first requests before it behaves.
#[derive(Debug, Clone, Copy)]
pub enum Fault {
    /// Answers `503 Service Unavailable` to the first N requests.
    Unavailable(usize),
    /// Answers `404` to every changes-feed request: a server without the feed.
    NoChangesFeed,
}

/// A loopback proxy in front of a server, one request per connection so each is seen.
pub struct Proxy {
    pub addr: SocketAddr,
    pub requests: Arc<AtomicUsize>,
    pub faults_served: Arc<AtomicUsize>,
}

impl Proxy {
    pub async fn start(upstream: SocketAddr, fault: Fault) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(AtomicUsize::new(0));
        let faults_served = Arc::new(AtomicUsize::new(0));
        let (seen, faulted) = (requests.clone(), faults_served.clone());
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (seen, faulted) = (seen.clone(), faulted.clone());
                tokio::spawn(async move {
                    let _ = handle(client, upstream, fault, seen, faulted).await;
                });
            }
        });
        Proxy {
            addr,
            requests,
            faults_served,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

async fn handle(
    mut client: TcpStream,
    upstream: SocketAddr,
    fault: Fault,
    seen: Arc<AtomicUsize>,
    faulted: Arc<AtomicUsize>,
) -> std::io::Result<()> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if client.read(&mut byte).await? == 0 {
            return Ok(());
        }
        head.push(byte[0]);
    }
    let n = seen.fetch_add(1, Ordering::SeqCst);
    let request_line = String::from_utf8_lossy(&head)
        .lines()
        .next()
        .unwrap_or("")
        .to_owned();
    let refuse = |status: &str| {
        format!("HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{{}}")
    };
    let refusal = match fault {
        Fault::Unavailable(first) if n < first => Some(refuse("503 Service Unavailable")),
        Fault::NoChangesFeed if request_line.contains("/changes") => Some(refuse("404 Not Found")),
        _ => None,
    };
    if let Some(reply) = refusal {
        faulted.fetch_add(1, Ordering::SeqCst);
        client.write_all(reply.as_bytes()).await?;
        return client.shutdown().await;
    }
    // One request per connection: the server closes after answering, so the client opens
    // a new connection (and the proxy sees) every request.
    let text = String::from_utf8_lossy(&head).into_owned();
    let mut lines: Vec<&str> = text
        .split("\r\n")
        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
        .collect();
    lines.insert(1, "connection: close");
    let mut server = TcpStream::connect(upstream).await?;
    server.write_all(lines.join("\r\n").as_bytes()).await?;
    tokio::io::copy_bidirectional(&mut client, &mut server).await?;
    Ok(())
}
