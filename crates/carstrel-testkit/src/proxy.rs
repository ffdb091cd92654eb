//! One loopback proxy with every fault a network or a gateway has, switchable while a
//! test runs: drop the connection, lose the reply, answer 503, stall, answer a 200 that
//! is not JSON, or answer 404 (a server without some route).
//!
//! Each request gets its own connection (the proxy asks the server to close after
//! answering), so [`FaultProxy::connections`] counts requests, retries included.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the proxy does instead of forwarding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Close the connection as soon as it is accepted (with a path filter: as soon as the
    /// request's head has been read).
    Drop,
    /// Forward the request, let the server do the work and start answering, then close
    /// without passing the reply on.
    LoseReply,
    /// Answer `503 Service Unavailable` with the documented error body, as a gateway
    /// would while the server restarts.
    Unavailable,
    /// Read the request and never answer (until the client gives up, or a minute).
    Stall,
    /// Answer `200 OK` with a body that is not JSON (a maintenance page).
    NotJson,
    /// Answer `404 Not Found`: with a path filter, a server that lacks those routes.
    NotFound,
}

/// The error body a gateway's 503 carries; `error` is what a test can match.
pub const UNAVAILABLE_BODY: &str = r#"{"statusCode":503,"message":"Service Unavailable","error":"upstream is restarting","timestamp":"2026-01-01T00:00:00Z"}"#;

/// The current misbehaviour: which fault, for how many more connections, and for which
/// requests.
#[derive(Debug, Default)]
struct Rule {
    fault: Option<Fault>,
    /// `None`: until healed.
    remaining: Option<usize>,
    /// Only requests whose request line contains this.
    path_contains: Option<String>,
}

impl Rule {
    /// The fault for a request (`request_line` unread yet: `None`), counting it down.
    fn take(&mut self, request_line: Option<&str>) -> Option<Fault> {
        let fault = self.fault?;
        if let Some(fragment) = &self.path_contains {
            if !request_line.is_some_and(|line| line.contains(fragment.as_str())) {
                return None;
            }
        }
        match &mut self.remaining {
            Some(0) => return None,
            Some(n) => *n -= 1,
            None => {}
        }
        Some(fault)
    }

    /// Whether the fault can be decided before the request is read.
    fn needs_request_line(&self) -> bool {
        self.path_contains.is_some()
    }
}

struct Shared {
    upstream: SocketAddr,
    rule: Mutex<Rule>,
    connections: AtomicUsize,
    faults_served: AtomicUsize,
}

/// A loopback proxy in front of a server. It forwards until told to misbehave; it stops
/// listening when dropped.
pub struct FaultProxy {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept: tokio::task::JoinHandle<()>,
}

impl FaultProxy {
    /// Listens on a free loopback port and forwards to `upstream`, which may stop and come
    /// back on the same address.
    pub async fn start(upstream: SocketAddr) -> FaultProxy {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("the proxy binds");
        let addr = listener
            .local_addr()
            .expect("a bound listener has an address");
        let shared = Arc::new(Shared {
            upstream,
            rule: Mutex::new(Rule::default()),
            connections: AtomicUsize::new(0),
            faults_served: AtomicUsize::new(0),
        });
        let accepting = shared.clone();
        let accept = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                accepting.connections.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(handle(client, accepting.clone()));
            }
        });
        FaultProxy {
            addr,
            shared,
            accept,
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The next `n` connections get `fault`; later ones are forwarded.
    pub fn fail_next(&self, n: usize, fault: Fault) {
        self.set(Rule {
            fault: Some(fault),
            remaining: Some(n),
            path_contains: None,
        });
    }

    /// Every connection gets `fault` until [`FaultProxy::heal`].
    pub fn fail_all(&self, fault: Fault) {
        self.set(Rule {
            fault: Some(fault),
            remaining: None,
            path_contains: None,
        });
    }

    /// Every request whose request line contains `fragment` gets `fault`, until healed.
    pub fn fail_paths(&self, fragment: &str, fault: Fault) {
        self.set(Rule {
            fault: Some(fault),
            remaining: None,
            path_contains: Some(fragment.to_owned()),
        });
    }

    /// Forward everything again.
    pub fn heal(&self) {
        self.set(Rule::default());
    }

    fn set(&self, rule: Rule) {
        *self.shared.rule.lock().expect("the rule lock") = rule;
    }

    /// Connections accepted so far: one per request, retries included.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// Requests that got a fault instead of the server.
    pub fn faults_served(&self) -> usize {
        self.shared.faults_served.load(Ordering::SeqCst)
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

async fn handle(mut client: TcpStream, shared: Arc<Shared>) {
    let early = {
        let mut rule = shared.rule.lock().expect("the rule lock");
        if rule.needs_request_line() {
            None
        } else {
            Some(rule.take(None))
        }
    };
    if early == Some(Some(Fault::Drop)) {
        shared.faults_served.fetch_add(1, Ordering::SeqCst);
        return;
    }
    let Some(request) = read_request(&mut client).await else {
        return;
    };
    let fault = match early {
        Some(fault) => fault,
        None => {
            let line = request_line(&request);
            shared.rule.lock().expect("the rule lock").take(Some(&line))
        }
    };
    if fault.is_some() {
        shared.faults_served.fetch_add(1, Ordering::SeqCst);
    }
    match fault {
        None => forward(client, shared.upstream, &request).await,
        Some(Fault::Drop) => {}
        Some(Fault::LoseReply) => lose_reply(shared.upstream, &request).await,
        Some(Fault::Unavailable) => {
            respond(&mut client, "503 Service Unavailable", UNAVAILABLE_BODY).await
        }
        Some(Fault::Stall) => stall(&mut client).await,
        Some(Fault::NotJson) => respond(&mut client, "200 OK", "<html>maintenance</html>").await,
        Some(Fault::NotFound) => {
            let body = r#"{"statusCode":404,"message":"Not Found","error":"Not Found","timestamp":"2026-01-01T00:00:00Z"}"#;
            respond(&mut client, "404 Not Found", body).await
        }
    }
}

/// Passes the request on with `connection: close`, and the reply back.
async fn forward(mut client: TcpStream, upstream: SocketAddr, request: &[u8]) {
    let Ok(mut server) = TcpStream::connect(upstream).await else {
        return;
    };
    if server.write_all(&closing(request)).await.is_err() {
        return;
    }
    let _ = tokio::io::copy(&mut server, &mut client).await;
    let _ = client.shutdown().await;
}

/// The server gets the request and starts answering; the client hears nothing.
async fn lose_reply(upstream: SocketAddr, request: &[u8]) {
    let Ok(mut server) = TcpStream::connect(upstream).await else {
        return;
    };
    if server.write_all(&closing(request)).await.is_err() {
        return;
    }
    // The first bytes of the reply: the server has done the work.
    let mut buf = [0u8; 1024];
    let _ = server.read(&mut buf).await;
}

/// Holds the connection open without answering until the client hangs up.
async fn stall(client: &mut TcpStream) {
    let mut buf = [0u8; 1024];
    let _ = tokio::time::timeout(Duration::from_secs(60), async {
        while matches!(client.read(&mut buf).await, Ok(n) if n > 0) {}
    })
    .await;
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

fn request_line(request: &[u8]) -> String {
    let end = request
        .windows(2)
        .position(|w| w == b"\r\n")
        .unwrap_or(request.len());
    String::from_utf8_lossy(&request[..end]).into_owned()
}

/// The request with its `connection` header replaced by `connection: close`, so that the
/// server closes after answering and the client opens a new connection per request.
fn closing(request: &[u8]) -> Vec<u8> {
    let end = head_end(request).expect("a whole request");
    let head = String::from_utf8_lossy(&request[..end]);
    let mut lines: Vec<&str> = head
        .split("\r\n")
        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
        .collect();
    lines.insert(1, "connection: close");
    let mut out = lines.join("\r\n").into_bytes();
    out.extend_from_slice(b"\r\n\r\n");
    out.extend_from_slice(&request[end + 4..]);
    out
}

fn head_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n")
}

/// Reads one HTTP/1.1 request: its head and a `content-length` body.
async fn read_request(client: &mut TcpStream) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = client.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = head_end(&buf) {
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
