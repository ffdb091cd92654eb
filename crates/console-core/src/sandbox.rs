//! The sandbox: the real CarStrel API, run in-process on 127.0.0.1 with demo data.
//!
//! It is what a new user sees before adding a remote profile, so it must behave like a
//! real server (it *is* `carstrel-server`, over a real SQLite file) and survive restarts:
//! its database lives at `<data dir>/sandbox/carstrel.db`, beside the sandbox profile's
//! cache, and demo seeding is idempotent, so the same vehicles and the same test key come
//! back at every start. The key is re-derived from the database at each start and never
//! written to `profiles.json` or the keychain.

use crate::paths::{sqlite_url, DataDir, PathsError};
use crate::profiles::Profile;
use crate::secrets::Secret;
use carstrel_server::demo;
use carstrel_server::{Db, RunningServer, Server, ServerConfig};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

/// Re-exported so that callers need no direct dependency on the server crate.
pub use carstrel_server::demo::{DemoCredentials, DemoOptions};

/// Why the sandbox could not start or stop cleanly.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error(transparent)]
    Paths(#[from] PathsError),
    #[error("cannot open the sandbox database {}: {source:#}", path.display())]
    Database {
        path: PathBuf,
        #[source]
        source: anyhow::Error,
    },
    #[error("cannot create the sandbox's demo data: {source:#}")]
    Seed {
        #[source]
        source: anyhow::Error,
    },
    #[error("cannot start the sandbox server on 127.0.0.1: {source:#}")]
    Bind {
        #[source]
        source: anyhow::Error,
    },
    #[error("the sandbox server stopped with an error: {detail}")]
    Stopped { detail: String },
}

/// A running sandbox server. Stop it with [`Sandbox::shutdown`]; dropping it also asks
/// the server to stop, but without waiting for it.
pub struct Sandbox {
    addr: SocketAddr,
    base_url: String,
    test_key: Secret,
    credentials: DemoCredentials,
    db: Db,
    server: Option<RunningServer>,
}

impl Sandbox {
    /// Starts the sandbox over `data_dir` with the standard demo data.
    pub async fn start(data_dir: &DataDir) -> Result<Sandbox, SandboxError> {
        Sandbox::start_with(data_dir, &DemoOptions::default()).await
    }

    /// Starts the sandbox with `options` deciding how much demo data a *fresh* database
    /// gets (an existing one keeps what it has).
    pub async fn start_with(
        data_dir: &DataDir,
        options: &DemoOptions,
    ) -> Result<Sandbox, SandboxError> {
        crate::paths::create_dir_all(&data_dir.sandbox_dir())?;
        let path = data_dir.sandbox_db();
        let db =
            Db::connect(&sqlite_url(&path))
                .await
                .map_err(|source| SandboxError::Database {
                    path: path.clone(),
                    source,
                })?;
        let started = std::time::Instant::now();
        let mut credentials = demo::seed(&db, options)
            .await
            .map_err(|source| SandboxError::Seed { source })?;
        tracing::info!(elapsed = ?started.elapsed(), "sandbox demo data ready");
        let test_key = credentials
            .organizations
            .first()
            .map(|org| Secret::new(org.keys.test.clone()))
            .ok_or_else(|| SandboxError::Seed {
                source: anyhow::anyhow!("the demo has no organization"),
            })?;
        let server = Server::bind(
            SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            db.clone(),
            ServerConfig::default(),
        )
        .await
        .map_err(|source| SandboxError::Bind { source })?;
        let addr = server.local_addr();
        let base_url = format!("http://{addr}");
        credentials.base_url = base_url.clone();
        // Dropping the running server (with the Sandbox) stops it as well.
        let server = server.spawn();
        tracing::info!(%base_url, "sandbox listening");
        Ok(Sandbox {
            addr,
            base_url,
            test_key,
            credentials,
            db,
            server: Some(server),
        })
    }

    /// `http://127.0.0.1:<port>`: the port is picked afresh at each start.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The first demo dealer's `sk_test_` key: what the sandbox profile connects with.
    pub fn test_key(&self) -> Secret {
        self.test_key.clone()
    }

    /// Every demo credential (both dealers' keys and staff logins), for a "try it"
    /// screen. Holds keys in clear: never log or persist it.
    pub fn credentials(&self) -> &DemoCredentials {
        &self.credentials
    }

    /// The sandbox profile with this run's base URL filled in.
    pub fn profile(&self) -> Profile {
        Profile {
            base_url: Some(self.base_url.clone()),
            ..Profile::sandbox()
        }
    }

    /// Stops accepting connections, lets requests in flight finish, and closes the
    /// database so the next start (in this process or another) finds it checkpointed.
    pub async fn shutdown(mut self) -> Result<(), SandboxError> {
        let result = match self.server.take() {
            Some(server) => server.stop().await.map_err(|e| SandboxError::Stopped {
                detail: e.to_string(),
            }),
            None => Ok(()),
        };
        self.db.pool.close().await;
        tracing::info!("sandbox stopped");
        result
    }
}

/// By hand, because the demo credentials hold keys in clear.
impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("base_url", &self.base_url)
            .field("test_key", &self.test_key)
            .field("running", &self.server.is_some())
            .finish_non_exhaustive()
    }
}
