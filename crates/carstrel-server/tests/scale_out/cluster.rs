//! Several `carstrel-server serve` processes (the built binary) on one PostgreSQL of the
//! test's own, which the test can stop and start under them.

use carstrel_testkit::OwnPostgres;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One server process; killed when dropped.
pub struct Instance {
    pub name: &'static str,
    pub base: String,
    child: Child,
}

impl Instance {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends SIGTERM, as an orchestrator stopping the server does.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
    }

    /// Waits for the process to exit on its own; its exit status.
    pub fn wait_exit(&mut self, within: Duration) -> std::process::ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("the child can be waited on") {
                return status;
            }
            assert!(
                started.elapsed() < within,
                "{} did not exit within {within:?}",
                self.name
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The database, the servers, and the demo's credentials.
pub struct Cluster {
    pub postgres: OwnPostgres,
    pub instances: Vec<Instance>,
    /// The demo's first dealer: its keys and staff login.
    pub org: Value,
    pub http: reqwest::Client,
    dir: tempfile::TempDir,
}

/// Demo size: small, so that three debug processes start in seconds.
const DEMO: [&str; 4] = ["--demo-vehicles", "30", "--demo-customers", "10"];

impl Cluster {
    /// Starts PostgreSQL and `names.len()` servers on it (the first seeds the demo, then
    /// the others start together). `None` when PostgreSQL is not installed here.
    pub async fn start(names: &[&'static str]) -> Option<Cluster> {
        let postgres = OwnPostgres::start()?;
        let dir = tempfile::tempdir().expect("a temp dir");
        let mut instances = Vec::new();
        let first = spawn(&postgres.url(), dir.path(), names[0]);
        let creds = wait_for_credentials(&dir.path().join(format!("{}.json", names[0]))).await;
        instances.push(Instance {
            name: names[0],
            base: creds["baseUrl"].as_str().unwrap().to_owned(),
            child: first,
        });
        let others: Vec<(&'static str, Child)> = names[1..]
            .iter()
            .map(|name| (*name, spawn(&postgres.url(), dir.path(), name)))
            .collect();
        for (name, child) in others {
            let creds = wait_for_credentials(&dir.path().join(format!("{name}.json"))).await;
            instances.push(Instance {
                name,
                base: creds["baseUrl"].as_str().unwrap().to_owned(),
                child,
            });
        }
        Some(Cluster {
            postgres,
            instances,
            org: creds["organizations"][0].clone(),
            http: reqwest::Client::new(),
            dir,
        })
    }

    pub fn live_key(&self) -> String {
        self.org["keys"]["live"].as_str().unwrap().to_owned()
    }

    /// Where the servers' logs are, for a failing test's message.
    pub fn log_dir(&self) -> &Path {
        self.dir.path()
    }

    /// A staff token, from the first server.
    pub async fn staff_token(&self) -> String {
        let login =
            json!({"email": self.org["staff"]["email"], "password": self.org["staff"]["password"]});
        let reply: Value = self
            .http
            .post(self.instances[0].url("/api/v1/auth/login"))
            .json(&login)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        reply["data"]["token"]
            .as_str()
            .expect("a staff token")
            .to_owned()
    }

    /// A new live key of the dealer with this hourly budget: (its id, the key).
    pub async fn new_key(&self, rate_limit_per_hour: u32) -> (String, String) {
        let token = self.staff_token().await;
        let request = json!({"name": "scale-out", "rateLimitPerHour": rate_limit_per_hour, "environment": "live"});
        let reply: Value = self
            .http
            .post(self.instances[0].url("/api/v1/api-keys"))
            .bearer_auth(&token)
            .json(&request)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let data = &reply["data"];
        (
            data["id"].as_str().expect("a key id").to_owned(),
            data["key"].as_str().expect("a key").to_owned(),
        )
    }

    /// `GET path` on `instance` with `key`: status, headers, JSON body.
    pub async fn get(
        &self,
        instance: usize,
        path: &str,
        key: &str,
    ) -> (u16, reqwest::header::HeaderMap, Value) {
        let reply = self
            .http
            .get(self.instances[instance].url(path))
            .header("x-api-key", key)
            .send()
            .await
            .unwrap();
        let status = reply.status().as_u16();
        let headers = reply.headers().clone();
        (status, headers, reply.json().await.unwrap_or(Value::Null))
    }
}

impl Drop for Cluster {
    /// A failing test shows the end of each server's log.
    fn drop(&mut self) {
        if !std::thread::panicking() {
            return;
        }
        for instance in &self.instances {
            let log =
                std::fs::read_to_string(self.dir.path().join(format!("{}.log", instance.name)))
                    .unwrap_or_default();
            let lines: Vec<&str> = log.lines().collect();
            eprintln!("--- {} (last lines) ---", instance.name);
            for line in &lines[lines.len().saturating_sub(25)..] {
                eprintln!("{line}");
            }
        }
    }
}

fn spawn(database_url: &str, dir: &Path, name: &str) -> Child {
    let log = std::fs::File::create(dir.join(format!("{name}.log"))).expect("a log file");
    Command::new(env!("CARGO_BIN_EXE_carstrel-server"))
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "carstrel_server=debug")
        .args(["serve", "--addr", "127.0.0.1:0", "--demo"])
        .args(DEMO)
        .arg("--demo-credentials")
        .arg(dir.join(format!("{name}.json")))
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("the binary starts")
}

async fn wait_for_credentials(path: &PathBuf) -> Value {
    let started = Instant::now();
    while !path.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no credentials at {} after 60 s",
            path.display()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Polls `check` every few milliseconds until it holds: how long after `since` the
/// check that held was sent (a request sent then or later sees the change).
pub async fn time_until<F, Fut>(since: Instant, limit: Duration, mut check: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    loop {
        let sent = since.elapsed();
        if check().await {
            return sent;
        }
        assert!(since.elapsed() < limit, "still not so after {limit:?}");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}
