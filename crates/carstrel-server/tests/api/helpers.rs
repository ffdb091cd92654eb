//! `spawn_app`: the test kit's server over a fresh database with a small demo, and a thin
//! HTTP helper that keeps status, headers and the JSON body of each reply.
//!
//! Every test runs twice through [`backend_tests!`]: on a SQLite file, and on a fresh
//! PostgreSQL database when `CARSTREL_TEST_POSTGRES_URL` names a server
//! (`CARSTREL_REQUIRE_POSTGRES=1` turns its absence into a failure, as CI does).

pub use carstrel_testkit::Backend;
use carstrel_testkit::{ServerConfig, Setup, TestServer};
use reqwest::header::HeaderMap;
use reqwest::Method;
use serde_json::Value;

/// Demo size per dealer per environment: enough for several pages, quick to seed.
pub const DEMO_VEHICLES: usize = 45;
pub const DEMO_CUSTOMERS: usize = 25;

/// The kit's server, and a plain HTTP client that sees replies exactly as sent.
pub struct TestApp {
    pub server: TestServer,
    pub base: String,
    pub http: reqwest::Client,
}

/// The kit's keys, database and demo credentials, straight from the server.
impl std::ops::Deref for TestApp {
    type Target = TestServer;
    fn deref(&self) -> &TestServer {
        &self.server
    }
}

/// One reply: status, headers, and the body parsed as JSON (`Null` when empty).
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The envelope's `data`, after checking the status.
    pub fn data(&self, status: u16) -> &Value {
        assert_eq!(
            self.status, status,
            "unexpected status; body: {}",
            self.body
        );
        assert_eq!(
            self.body["statusCode"], status,
            "envelope statusCode: {}",
            self.body
        );
        &self.body["data"]
    }

    /// Asserts the documented error shape `{statusCode, message, error, timestamp}`.
    pub fn assert_error(&self, status: u16) -> &str {
        assert_eq!(
            self.status, status,
            "unexpected status; body: {}",
            self.body
        );
        let body = self
            .body
            .as_object()
            .expect("an error has a JSON object body");
        assert_eq!(body["statusCode"], status);
        assert!(
            body["message"].as_str().is_some_and(|m| !m.is_empty()),
            "message: {:?}",
            body
        );
        assert!(body["timestamp"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z') && t.contains('T')));
        let mut keys: Vec<&str> = body.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["error", "message", "statusCode", "timestamp"]);
        body["error"].as_str().expect("error is a string")
    }
}

pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, ServerConfig::default()).await
}

/// The server as `serve --docs-only` runs it, on SQLite: the published API alone.
pub async fn spawn_docs_only_app() -> TestApp {
    spawn_app_with(
        Backend::Sqlite,
        ServerConfig {
            docs_only: true,
            ..ServerConfig::default()
        },
    )
    .await
    .expect("SQLite is always available")
}

/// Starts the server; `None` when PostgreSQL was asked for but is not configured.
pub async fn spawn_app_with(backend: Backend, config: ServerConfig) -> Option<TestApp> {
    if backend == Backend::Postgres && !carstrel_testkit::postgres_configured() {
        return None;
    }
    let server = Setup::new()
        .backend(backend)
        .demo(DEMO_VEHICLES, DEMO_CUSTOMERS)
        .config(config)
        .start()
        .await;
    Some(TestApp {
        base: server.url(),
        http: reqwest::Client::new(),
        server,
    })
}

impl TestApp {
    pub async fn get(&self, path: &str, key: &str) -> Reply {
        self.request(Method::GET, path, Some(key), None, &[]).await
    }

    pub async fn post(&self, path: &str, key: &str, body: Value) -> Reply {
        self.request(Method::POST, path, Some(key), Some(body), &[])
            .await
    }

    pub async fn patch(&self, path: &str, key: &str, body: Value) -> Reply {
        self.request(Method::PATCH, path, Some(key), Some(body), &[])
            .await
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        key: Option<&str>,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(key) = key {
            request = request.header("x-api-key", key);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        reply(request.send().await.expect("the server answers")).await
    }

    /// Signs in the first dealer's staff member and returns the Bearer token.
    pub async fn staff_token(&self) -> String {
        let staff = self.staff();
        let login = serde_json::json!({"email": staff.email, "password": staff.password});
        let reply = self
            .request(Method::POST, "/api/v1/auth/login", None, Some(login), &[])
            .await;
        reply.data(200)["token"]
            .as_str()
            .expect("a staff token")
            .to_owned()
    }

    /// Ids of every item of a paged list, walking the pages in order.
    pub async fn all_ids(&self, path_with_query: &str, key: &str) -> Vec<String> {
        let sep = if path_with_query.contains('?') {
            '&'
        } else {
            '?'
        };
        let mut ids = Vec::new();
        for page in 1.. {
            let reply = self
                .get(&format!("{path_with_query}{sep}page={page}&limit=100"), key)
                .await;
            let data = reply.data(200).as_array().expect("a list").clone();
            ids.extend(data.iter().map(|v| v["id"].as_str().unwrap().to_owned()));
            if page >= reply.body["totalPages"].as_u64().unwrap() as usize {
                break;
            }
        }
        ids
    }
}

pub async fn reply(response: reqwest::Response) -> Reply {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("a body");
    Reply::of(status, headers, &bytes)
}

impl Reply {
    /// A reply whose body, when there is one, must be JSON.
    fn of(status: u16, headers: HeaderMap, bytes: &[u8]) -> Reply {
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(bytes)
                .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(bytes)))
        };
        Reply {
            status,
            headers,
            body,
        }
    }
}

/// Declares each `async fn name(app: TestApp) { … }` as two tests, `name::sqlite` and
/// `name::postgres`, over fresh databases of each kind.
#[macro_export]
macro_rules! backend_tests {
    ($(async fn $name:ident($app:ident: TestApp) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run($app: TestApp) $body
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await;
                run(app.expect("SQLite is always available")).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await {
                    run(app).await;
                }
            }
        }
    )*};
}

/// Like [`backend_tests!`], for tests of documented behaviour only: each also runs as
/// `name::docs_only`, against the docs-only server (on SQLite, so that the published
/// API's behaviour is checked to be the same without running every test a fourth time).
#[macro_export]
macro_rules! documented_tests {
    ($(async fn $name:ident($app:ident: TestApp) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run($app: TestApp) $body
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await;
                run(app.expect("SQLite is always available")).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await {
                    run(app).await;
                }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn docs_only() {
                run($crate::helpers::spawn_docs_only_app().await).await;
            }
        }
    )*};
}

/// One request straight into the application, without a socket (`tower`'s `oneshot`).
pub async fn call(app: axum::Router, request: axum::http::Request<axum::body::Body>) -> Reply {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let response = app.oneshot(request).await.expect("the router answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes();
    Reply::of(status, headers, &bytes)
}
