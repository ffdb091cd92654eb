//! The CarStrel API server: vehicle metadata, a dealer's inventory, customers, test
//! drives and engagement, behind API keys with scopes and hourly rate limits.
//!
//! [`Server::bind`] builds the whole application apart from `main`, and
//! [`Server::spawn`] gives the handle that stops it, so the console's sandbox and the
//! tests (through `carstrel-testkit`) start and stop it the same way. Run the tests with
//! `cargo test -p carstrel-server` (set `CARSTREL_TEST_POSTGRES_URL` to also run them on
//! PostgreSQL).

pub mod clock;
pub mod coherence;
pub mod db;
pub mod demo;
pub mod error;
pub mod http;
pub mod media;
pub mod memo;
pub mod passwords;
pub mod rate_limit;
pub mod routes;
pub mod secrets;
pub mod serve;
mod server;
pub mod state;
pub mod store;
pub mod sweep;
pub mod telemetry;
pub mod tenant;
pub mod throttle;

pub use db::Db;
pub use routes::{app, openapi};
pub use server::{RunningServer, Server};
pub use state::{AppState, ServerConfig, SharedState};
