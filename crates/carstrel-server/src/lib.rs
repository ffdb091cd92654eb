//! The CarStrel API server: vehicle metadata, a dealer's inventory, customers, test
//! drives and engagement, behind API keys with scopes and hourly rate limits.
//!
//! [`Server::bind`] builds the whole application apart from `main`, so tests start it on
//! `127.0.0.1:0` against a real database. Run the tests with `cargo test -p carstrel-server`
//! (set `CARSTREL_TEST_POSTGRES_URL` to also run them on PostgreSQL).

pub mod clock;
pub mod db;
pub mod demo;
pub mod error;
pub mod http;
pub mod memo;
pub mod rate_limit;
pub mod routes;
pub mod secrets;
pub mod state;
pub mod store;
pub mod tenant;

pub use db::Db;
pub use routes::{app, openapi};
pub use state::{AppState, ServerConfig, SharedState};

use std::future::Future;
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// A bound, not yet serving, API server.
pub struct Server {
    listener: TcpListener,
    state: SharedState,
}

impl Server {
    /// Binds `addr` (port 0 picks a free port) over an opened database.
    pub async fn bind(addr: SocketAddr, db: Db, config: ServerConfig) -> anyhow::Result<Server> {
        let state = AppState::new(db, config).await?;
        let listener = TcpListener::bind(addr).await?;
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
        axum::serve(self.listener, app(self.state))
            .with_graceful_shutdown(shutdown)
            .await
    }
}
