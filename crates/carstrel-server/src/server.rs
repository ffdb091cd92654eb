//! Binding, serving and stopping the API: one start/stop primitive shared by the binary,
//! the console's in-process sandbox and the test kit, so that all three stop the same way
//! (no new connections, requests in flight finish) and can bind the same address again.

use crate::db::Db;
use crate::routes::app;
use crate::state::{AppState, ServerConfig, SharedState};
use std::future::Future;
use std::net::SocketAddr;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A bound, not yet serving, API server.
pub struct Server {
    listener: TcpListener,
    state: SharedState,
}

impl Server {
    /// Binds `addr` (port 0 picks a free port) over an opened database. Binding the
    /// address of a server stopped a moment ago works: the listener reuses the address.
    /// With `config.docs_only` it serves the published CarStrel API alone, as a real
    /// dealer's account does (see [`ServerConfig::docs_only`]).
    /// Without `config.public_url`, media URLs name `http://{bound address}`.
    pub async fn bind(
        addr: SocketAddr,
        db: Db,
        mut config: ServerConfig,
    ) -> anyhow::Result<Server> {
        let listener = TcpListener::bind(addr).await?;
        if config.public_url.is_none() {
            config.public_url = Some(format!("http://{}", listener.local_addr()?));
        }
        let config = ServerConfig {
            public_url: config
                .public_url
                .map(|url| url.trim_end_matches('/').to_owned()),
            ..config
        };
        let state = AppState::new(db, config).await?;
        Ok(Server { listener, state })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    pub fn state(&self) -> &SharedState {
        &self.state
    }

    /// Serves until `shutdown` completes, then finishes the requests in flight.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let config = self.state.config.clone();
        let state = self.state.clone();
        let shutdown = async move {
            shutdown.await;
            state.start_draining();
            tracing::info!("shutting down: finishing the requests in flight");
        };
        let state = self.state.clone();
        let _sweeping = crate::sweep::start(&self.state);
        let served = crate::serve::serve(self.listener, app(self.state), &config, shutdown).await;
        // What this server leased of the keys' budgets goes back to the others, and its
        // last retirements reach them; a database that is away does not hold the exit.
        let farewell = async {
            state.limiter.give_back(crate::clock::now_ms() / 1000).await;
            state.db.memo.told().await;
        };
        let _ = tokio::time::timeout(std::time::Duration::from_secs(5), farewell).await;
        served
    }

    /// Serves on a background task until [`RunningServer::stop`] (or until the handle is
    /// dropped), for callers that outlive no single future: the sandbox and tests.
    pub fn spawn(self) -> RunningServer {
        let addr = self.local_addr();
        let state = self.state.clone();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(self.run_until(async move {
            // A dropped sender (the handle dropped) stops the server as well.
            let _ = stopped.await;
        }));
        RunningServer {
            addr,
            state,
            stop: Some(stop),
            task: Some(task),
        }
    }
}

/// A server serving on a background task. Dropping it asks the server to stop without
/// waiting; [`RunningServer::stop`] waits.
pub struct RunningServer {
    addr: SocketAddr,
    state: SharedState,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl RunningServer {
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn state(&self) -> &SharedState {
        &self.state
    }

    /// Stops accepting connections at once (the address is free to bind again) and
    /// returns when the requests in flight have finished. The database stays open: it
    /// belongs to the caller, who may serve it again or close it.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task.await.unwrap_or_else(|e| Err(std::io::Error::other(e))),
            None => Ok(()),
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl std::fmt::Debug for RunningServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}
