//! Test support shared by every CarStrel suite (API, SDK, console core, CLI, e2e), so
//! that no suite starts a server or a proxy its own way:
//!
//! - [`TestServer`]: the real API over a seeded SQLite temp file (or a fresh PostgreSQL
//!   database), stoppable and restartable on the same port and database, through the
//!   same start/stop primitive the console's sandbox uses ([`carstrel_server::Server`]);
//! - [`OwnPostgres`]: a PostgreSQL of a test's own, to stop and start under a live API;
//! - [`FaultProxy`]: one loopback proxy with every network fault, switchable while a test
//!   runs;
//! - [`client_builder`] and the server's `client*` methods: SDK clients tuned for tests;
//! - [`fixtures`]: records a test needs one of, and ids nothing has;
//! - [`layers`]: import-cycle and forbidden-import checks over a crate's sources;
//! - [`webdriver`]: the desktop app driven through tauri-driver (the e2e, the app bench).
//!
//! It is a dev-dependency only (`publish = false`). Its own tests run with
//! `cargo test -p carstrel-testkit`.

mod client;
pub mod fixtures;
pub mod layers;
mod net;
mod own_postgres;
mod postgres;
mod proxy;
mod server;
pub mod webdriver;

pub use client::{client_builder, Patience};
pub use net::unused_port;
pub use own_postgres::OwnPostgres;
pub use postgres::postgres_configured;
pub use proxy::{Fault, FaultProxy};
pub use server::{Backend, Seeded, Setup, TestServer};

/// What the suites reach through the kit, so they need no direct dependency for it.
pub use carstrel_server::demo::{
    DemoCredentials, DemoOptions, DemoOrganization, DemoStaff, DEMO_CUSTOMER_PASSWORD,
};
pub use carstrel_server::ServerConfig;
