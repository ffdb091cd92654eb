//! The real CarStrel API for tests: seeded with a small demo over a SQLite temp file (or
//! a fresh PostgreSQL database), served on `127.0.0.1:0` through the same start/stop
//! primitive as the console's sandbox, and restartable on the same port and database so
//! a test can take the network away and bring it back.

use crate::client::{client_builder, Patience};
use crate::proxy::FaultProxy;
use carstrel_client::model::{CreateApiKeyRequest, Scope};
use carstrel_client::{Client, ClientBuilder};
use carstrel_server::demo::{self, DemoCredentials, DemoOptions, DemoOrganization, DemoStaff};
use carstrel_server::{Db, RunningServer, Server, ServerConfig, SharedState};
use std::net::SocketAddr;
use std::time::Duration;

/// Which database engine the server runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in a temp directory that lives as long as the server.
    Sqlite,
    /// A fresh database on the server `CARSTREL_TEST_POSTGRES_URL` names (check
    /// [`crate::postgres_configured`] first).
    Postgres,
}

/// What to start: the backend, the demo's size and the server's settings.
#[derive(Debug, Clone)]
pub struct Setup {
    backend: Backend,
    demo: DemoOptions,
    config: ServerConfig,
    docs_only: bool,
    patience: Patience,
    /// A PostgreSQL database to use as it is, instead of a fresh one on the shared server.
    postgres_url: Option<String>,
}

impl Default for Setup {
    /// SQLite, a demo big enough for a few pages per dealer, default settings.
    fn default() -> Self {
        Setup {
            backend: Backend::Sqlite,
            demo: DemoOptions {
                vehicles: 45,
                customers: 25,
            },
            config: ServerConfig::default(),
            docs_only: false,
            patience: Patience::Brief,
            postgres_url: None,
        }
    }
}

impl Setup {
    pub fn new() -> Setup {
        Setup::default()
    }

    pub fn backend(mut self, backend: Backend) -> Setup {
        self.backend = backend;
        self
    }

    /// Demo vehicles and customers per dealer per environment.
    pub fn demo(mut self, vehicles: usize, customers: usize) -> Setup {
        self.demo = DemoOptions {
            vehicles,
            customers,
        };
        self
    }

    /// PostgreSQL at `url` (e.g. an [`crate::OwnPostgres`] the test restarts), used as it
    /// is rather than a fresh database on the shared server.
    pub fn postgres_at(mut self, url: String) -> Setup {
        self.backend = Backend::Postgres;
        self.postgres_url = Some(url);
        self
    }

    pub fn config(mut self, config: ServerConfig) -> Setup {
        self.config = config;
        self
    }

    /// How often the server marks overdue confirmed test drives as no-shows (60 s by
    /// default; `ServerConfig::sweep_interval`). Holds whatever [`Setup::config`] is
    /// given before it; a later `config` replaces it.
    pub fn sweep_interval(mut self, every: Duration) -> Setup {
        self.config.sweep_interval = every;
        self
    }

    /// Serves only what the published CarStrel docs describe (`serve --docs-only`), as a
    /// real dealer's account does: every addition answers 404 and its headers are gone.
    /// Holds whatever [`Setup::config`] is given, before or after.
    pub fn docs_only(mut self) -> Setup {
        self.docs_only = true;
        self
    }

    /// The server's settings, with docs-only mode when asked for.
    fn server_config(&self) -> ServerConfig {
        ServerConfig {
            docs_only: self.docs_only || self.config.docs_only,
            ..self.config.clone()
        }
    }

    /// How the server's `client*` methods build their clients.
    pub fn patience(mut self, patience: Patience) -> Setup {
        self.patience = patience;
        self
    }

    /// Seeds a database and builds the app state, without a socket: for handler tests
    /// through `tower::ServiceExt::oneshot` on [`carstrel_server::app`].
    pub async fn seed(self) -> Seeded {
        let (database_url, dir) = match self.backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("a temp dir");
                let url = format!("sqlite:{}", dir.path().join("api.db").display());
                (url, Some(dir))
            }
            Backend::Postgres => match &self.postgres_url {
                Some(url) => (url.clone(), None),
                None => (crate::postgres::fresh_database().await, None),
            },
        };
        let db = Db::connect(&database_url)
            .await
            .expect("the test database opens");
        let creds = demo::seed(&db, &self.demo).await.expect("the demo seeds");
        let state = carstrel_server::AppState::new(db.clone(), self.server_config())
            .await
            .expect("the app state builds");
        Seeded {
            setup: self,
            database_url,
            db,
            creds,
            state,
            _dir: dir,
        }
    }

    /// Seeds a database and serves it on a free loopback port.
    pub async fn start(self) -> TestServer {
        self.seed().await.serve().await
    }
}

/// A seeded database and the app state over it, not listening anywhere.
pub struct Seeded {
    setup: Setup,
    database_url: String,
    db: Db,
    creds: DemoCredentials,
    state: SharedState,
    _dir: Option<tempfile::TempDir>,
}

impl Seeded {
    pub fn state(&self) -> &SharedState {
        &self.state
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The demo's keys and logins (`base_url` empty: nothing listens).
    pub fn creds(&self) -> &DemoCredentials {
        &self.creds
    }

    pub fn live_key(&self) -> &str {
        &self.creds.organizations[0].keys.live
    }

    /// Serves this database on a free loopback port.
    pub async fn serve(self) -> TestServer {
        let mut server = TestServer {
            setup: self.setup,
            database_url: self.database_url,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            creds: self.creds,
            db: self.db.clone(),
            state: self.state,
            running: None,
            _dir: self._dir,
        };
        server.serve(self.db).await;
        server
    }
}

/// A running (or stopped) CarStrel API over a seeded database.
pub struct TestServer {
    setup: Setup,
    database_url: String,
    addr: SocketAddr,
    creds: DemoCredentials,
    db: Db,
    state: SharedState,
    running: Option<RunningServer>,
    _dir: Option<tempfile::TempDir>,
}

/// How long a stop waits for requests in flight; a request a test left hanging does not
/// keep the port, which is free as soon as the stop begins.
const STOP_GRACE: Duration = Duration::from_secs(5);

impl TestServer {
    /// The default [`Setup`]: SQLite and a small demo.
    pub async fn start() -> TestServer {
        Setup::default().start().await
    }

    async fn serve(&mut self, db: Db) {
        let server = Server::bind(self.addr, db.clone(), self.setup.server_config())
            .await
            .expect("the server binds (the port is free again after a stop)");
        self.addr = server.local_addr();
        self.creds.base_url = self.url();
        self.state = server.state().clone();
        self.db = db;
        self.running = Some(server.spawn());
    }

    /// The network goes away: the port stops answering and the database is closed, as
    /// when the server's process ends.
    pub async fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            let _ = tokio::time::timeout(STOP_GRACE, running.stop()).await;
            self.db.pool.close().await;
        }
    }

    /// And comes back: same port, same database, a fresh process's memory.
    pub async fn restart(&mut self) {
        self.stop().await;
        let db = Db::connect(&self.database_url)
            .await
            .expect("the test database opens again");
        self.serve(db).await;
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>`, the same across restarts.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn backend(&self) -> Backend {
        self.setup.backend
    }

    /// Whether this server serves the published API alone ([`Setup::docs_only`]).
    pub fn is_docs_only(&self) -> bool {
        self.setup.server_config().docs_only
    }

    /// The database's URL, for a second server (or process) on the same database.
    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    /// The database the server serves now (closed while it is stopped).
    pub fn db(&self) -> &Db {
        &self.db
    }

    pub fn state(&self) -> &SharedState {
        &self.state
    }

    /// Every demo key and login, with `base_url` this server's.
    pub fn creds(&self) -> &DemoCredentials {
        &self.creds
    }

    /// The first demo dealer.
    pub fn org(&self) -> &DemoOrganization {
        &self.creds.organizations[0]
    }

    /// The second demo dealer, for tests that one tenant cannot see another's data.
    pub fn other_org(&self) -> &DemoOrganization {
        &self.creds.organizations[1]
    }

    /// The first dealer's live key (every scope but admin).
    pub fn live_key(&self) -> &str {
        &self.org().keys.live
    }

    pub fn test_key(&self) -> &str {
        &self.org().keys.test
    }

    /// The first dealer's live key with `inventory:read` only.
    pub fn read_only_key(&self) -> &str {
        &self.org().keys.read_only
    }

    pub fn other_org_key(&self) -> &str {
        &self.other_org().keys.live
    }

    /// The first dealer's staff login.
    pub fn staff(&self) -> &DemoStaff {
        &self.org().staff
    }

    /// A client with the live key, tuned by the setup's [`Patience`].
    pub fn client(&self) -> Client {
        self.client_with_key(self.live_key())
    }

    /// A client with the live key, tuned by `patience` instead of the setup's.
    pub fn client_with(&self, patience: Patience) -> Client {
        client_builder(&self.url(), self.live_key(), patience)
            .build()
            .expect("the client builds")
    }

    pub fn client_with_key(&self, key: &str) -> Client {
        self.builder_with_key(key)
            .build()
            .expect("the client builds")
    }

    /// A builder with the live key, for tests that tune the client further.
    pub fn builder(&self) -> ClientBuilder {
        self.builder_with_key(self.live_key())
    }

    pub fn builder_with_key(&self, key: &str) -> ClientBuilder {
        client_builder(&self.url(), key, self.setup.patience)
    }

    /// A builder with the live key that goes through `proxy`.
    pub fn builder_via(&self, proxy: &FaultProxy) -> ClientBuilder {
        client_builder(&proxy.url(), self.live_key(), self.setup.patience)
    }

    /// A client with the live key that goes through `proxy`.
    pub fn client_via(&self, proxy: &FaultProxy) -> Client {
        self.builder_via(proxy).build().expect("the client builds")
    }

    /// A client signed in as the first dealer's staff member.
    pub async fn staff_client(&self) -> Client {
        let client = self.client();
        let staff = self.staff();
        client
            .staff()
            .login(&staff.email, &staff.password)
            .await
            .expect("staff login");
        client
    }

    /// A new live key of the first dealer, created through the staff API, or, on a
    /// docs-only server (which has none), as the operator's `keys create` does.
    pub async fn new_key(
        &self,
        scopes: Option<Vec<Scope>>,
        rate_limit_per_hour: Option<u32>,
    ) -> String {
        let request = CreateApiKeyRequest {
            name: "test key".into(),
            scopes,
            rate_limit_per_hour,
            environment: Some(carstrel_client::model::Environment::Live),
        };
        if self.is_docs_only() {
            return carstrel_server::store::keys::create(&self.db, &self.org().id, &request)
                .await
                .expect("create a key")
                .key;
        }
        self.staff_client()
            .await
            .api_keys()
            .create(&request)
            .await
            .expect("create a key")
            .key
    }

    /// A proxy in front of this server, forwarding until told to misbehave.
    pub async fn proxy(&self) -> FaultProxy {
        FaultProxy::start(self.addr).await
    }
}
